"use client";
import { ExportButtons } from "@/components/ui/export-buttons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { DecisionForm, decisionValues, EMPTY_DECISION, type DecisionValues } from "./decision-form";
import { tallinnDate } from "@/lib/tallinn-time";
import { CapMonths } from "./cap-months";
import { LimitBar } from "./limit-bar";
import { useLocalName } from "@/components/ui/use-local-name";
import { useFormat } from "@/components/ui/use-format";

export function FundingTab({ clientId, canUpdate }: { clientId: string; canUpdate: boolean }) {
  const t = useTranslations("clients.decisions");
  const localName = useLocalName();
  const format = useFormat();
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const decisions = useQuery(trpc.funding.decisions.list.queryOptions({ clientId }));
  const [editing, setEditing] = useState<{ id: string | null; values: DecisionValues } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; number: string } | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.funding.decisions.list.queryKey({ clientId }) });
  const saved = (text: string) => {
    setEditing(null);
    setFormError(null);
    setNotice({ kind: "success", text });
    void refresh();
  };
  const create = useMutation(
    trpc.funding.decisions.create.mutationOptions({ onSuccess: () => saved(t("created")), onError: (e) => setFormError(errorText(e)) }),
  );
  const update = useMutation(
    trpc.funding.decisions.update.mutationOptions({ onSuccess: () => saved(t("saved")), onError: (e) => setFormError(errorText(e)) }),
  );
  const remove = useMutation(
    trpc.funding.decisions.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        setNotice({ kind: "success", text: t("deleted") });
        void refresh();
      },
      onError: (e) => {
        setDeleting(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const list = decisions.data ?? [];
  return (
    <>
      <div className="toolbar">
        <h2 style={{ margin: 0, flex: 1 }}>{t("title")}</h2>
        <ExportButtons list="decisions" params={{ clientId }} />
        {canUpdate ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setFormError(null);
              setEditing({ id: null, values: EMPTY_DECISION });
            }}
          >
            {t("add")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {decisions.isPending ? (
        <p>{tc("loading")}</p>
      ) : decisions.isError ? (
        <Alert kind="error">{errorText(decisions.error).message}</Alert>
      ) : list.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        list.map((d) => (
          <article key={d.id} className="decision" aria-labelledby={`decision-${d.id}`}>
            <header>
              <h3 id={`decision-${d.id}`} style={{ margin: 0 }}>
                {d.fundingKind} · {d.decisionNumber} {d.current ? <span className="badge ok">{t("current")}</span> : null}
              </h3>
              <span>{localName({ name: d.sourceName, nameEn: d.sourceNameEn })}</span>
            </header>
            <p style={{ margin: ".4rem 0" }}>
              {t("period", { start: format.date(d.startDate), end: format.date(d.endDate) })}
              {d.targetGroup ? ` · ${d.targetGroup}` : ""} · {t("elapsed", { pct: d.elapsedPct })}
            </p>
            {d.lines.length === 0 ? (
              <p style={{ color: "var(--muted)" }}>{t("noLimits")}</p>
            ) : (
              d.lines.map((line, i) => <LimitBar key={i} line={line} />)
            )}
            <CapMonths months={d.capMonths} current={tallinnDate(new Date()).slice(0, 7)} />
            {canUpdate ? (
              <div className="actions">
                <button type="button" className="btn link" onClick={() => setDeleting({ id: d.id, number: d.decisionNumber })}>
                  {tc("delete")}
                </button>
                <button
                  type="button"
                  className="btn secondary"
                  onClick={() => {
                    setFormError(null);
                    setEditing({ id: d.id, values: decisionValues(d) });
                  }}
                >
                  {t("edit")}
                </button>
              </div>
            ) : null}
          </article>
        ))
      )}
      <Dialog open={editing !== null} title={editing?.id ? t("edit") : t("add")} onClose={() => setEditing(null)}>
        {editing ? (
          <DecisionForm
            initial={editing.values}
            isNew={editing.id === null}
            serverError={formError}
            busy={create.isPending || update.isPending}
            onCancel={() => setEditing(null)}
            onSubmit={(p) => (editing.id ? update.mutate({ decisionId: editing.id, ...p }) : create.mutate({ clientId, ...p }))}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteConfirm", { number: deleting?.number ?? "" })}
        confirmLabel={t("delete")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ decisionId: deleting.id })}
      />
    </>
  );
}
