"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { SERIES_SCOPES as SCOPES } from "@/server/scheduling/schemas";
import type { MoveScope } from "./move-form";

/**
 * Asks, after a session of a series was dragged, whether only it moves or the others too; closing
 * the dialog puts the dragged session back where it was.
 */
export function SeriesMoveDialog({
  when,
  onChoose,
  onCancel,
}: {
  when: string | null;
  onChoose: (scope: MoveScope) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  // The choice is made once: a double click must not move the series twice.
  const [chosen, setChosen] = useState(false);
  const choose = (scope: MoveScope) => {
    if (chosen) return;
    setChosen(true);
    onChoose(scope);
  };
  return (
    <Dialog open={when !== null} title={t("series.move.dragTitle")} onClose={onCancel}>
      <p>{when ? t("series.move.dragQuestion", { when }) : null}</p>
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel} autoFocus>
          {tc("cancel")}
        </button>
        {SCOPES.map((scope) => (
          <button key={scope} type="button" className="btn" disabled={chosen} onClick={() => choose(scope)}>
            {t(`series.move.${scope}`)}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
