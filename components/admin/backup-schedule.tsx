"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/editing";
import { SelectField } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

export type BackupState = {
  nightlyBackup: boolean;
  nightlyBackupHour: number;
  timeZone: string;
  lastBackupAt: Date | null;
  lastBackupOk: boolean | null;
  lastBackupDetail: string | null;
};

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The nightly backup switch and hour, and how the last nightly backup went. */
export function BackupSchedule({ state, canManage }: { state: BackupState; canManage: boolean }) {
  const t = useTranslations("backup");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [enabled, setEnabled] = useState(state.nightlyBackup);
  const [hour, setHour] = useState(state.nightlyBackupHour);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const save = useMutation(
    trpc.settings.setBackupSchedule.mutationOptions({
      onSuccess: () => {
        setNotice({ kind: "success", text: t("saved") });
        void queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
      onError: (e) => setNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ enabled, hour });
  };
  const last = state.lastBackupAt
    ? t(state.lastBackupOk ? "lastOk" : "lastFailed", {
        when: format.dateTime(state.lastBackupAt),
        detail: state.lastBackupDetail ?? "",
      })
    : t("never");

  return (
    <section className="panel" aria-labelledby="backup-heading">
      <h2 id="backup-heading" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <p className="hint">{t("explain")}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <form noValidate onSubmit={onSubmit}>
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="grid-2">
            <CheckboxField
              caption={t("nightly")}
              label={t("nightlyLabel")}
              name="nightlyBackup"
              checked={enabled}
              onChange={(e) => setEnabled(e.target.checked)}
            />
            <SelectField
              label={t("hour")}
              name="hour"
              hint={t("hourHint", { zone: state.timeZone })}
              value={hour}
              onChange={(e) => setHour(Number(e.target.value))}
            >
              {HOURS.map((h) => (
                <option key={h} value={h}>{`${String(h).padStart(2, "0")}:00`}</option>
              ))}
            </SelectField>
          </div>
          {canManage ? (
            <div className="actions">
              <button type="submit" className="btn" disabled={save.isPending}>
                {t("save")}
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
      <h3>{t("lastTitle")}</h3>
      {state.lastBackupAt && state.lastBackupOk === false ? <Alert kind="error">{last}</Alert> : <p>{last}</p>}
    </section>
  );
}
