"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { emptyPlan, PlanForm } from "./plan-form";

type File = { fileName: string; mime: string; base64: string };

/**
 * The client's rehabilitation / action plans (#13 item 3): what is due, each plan's state with
 * the moves it may make, the editor for drafts and the PDF. Approving asks first: it replaces
 * the decision's limits (TRT) or case plan with the plan's services.
 */
export function PlansSection({ clientId, canWrite, onFile }: { clientId: string; canWrite: boolean; onFile: (file: File) => void }) {
  const t = useTranslations("plans");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const plans = useQuery(trpc.plans.list.queryOptions({ clientId }));
  const due = useQuery(trpc.plans.due.queryOptions({ clientId }));
  const decisions = useQuery(trpc.funding.decisions.list.queryOptions({ clientId }));
  const [editing, setEditing] = useState<{ planId: string | null } | null>(null);
  const [confirm, setConfirm] = useState<{ planId: string; kind: string } | null>(null);
  const [error, setError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const editedPlan = useQuery({
    ...trpc.plans.get.queryOptions({ planId: editing?.planId ?? "" }),
    enabled: Boolean(editing?.planId),
  });

  const refresh = () => {
    for (const key of [
      trpc.plans.list.queryKey({ clientId }),
      trpc.plans.due.queryKey({ clientId }),
      trpc.funding.decisions.list.queryKey({ clientId }),
      trpc.documents.list.queryKey({ clientId }),
    ])
      void queryClient.invalidateQueries({ queryKey: key });
  };
  const move = useMutation(
    trpc.plans.changeStatus.mutationOptions({
      onSuccess: (r) => {
        setError(null);
        setConfirm(null);
        setNotice(r.applied === "limits" ? t("appliedLimits") : r.applied === "case_plan" ? t("appliedCasePlan") : t(`moved.${r.status}`));
        refresh();
      },
      onError: (e) => {
        setConfirm(null);
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );
  const print = useMutation(
    trpc.documents.generate.mutationOptions({
      onSuccess: (file) => {
        setError(null);
        onFile(file);
        refresh();
      },
      onError: (e) => setError(errorText(e)),
    }),
  );

  const rehabDecisions = (decisions.data ?? [])
    .filter((d) => d.fundingKind !== "EHT")
    .map((d) => ({ id: d.id, label: `${d.fundingKind} ${d.decisionNumber} (${d.startDate} – ${d.endDate})` }));
  const planDue = (due.data ?? []).filter((d) => d.kind === "plan");
  const rows = plans.data ?? [];
  const loaded = editedPlan.data;

  return (
    <section className="panel" aria-labelledby="plans-title">
      <h2 id="plans-title" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <div aria-live="polite">
        {error ? <Alert kind="error">{error.message}</Alert> : null}
        {notice ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
      </div>
      {planDue.map((d) => (
        <Alert key={d.decisionId} kind={d.overdue ? "error" : "info"}>
          {t(d.overdue ? "dueOverdue" : "dueBy", { number: d.decisionNumber, date: d.dueDate })}
        </Alert>
      ))}
      {plans.isPending ? (
        <p>{tc("loading")}</p>
      ) : rows.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("decision")}</th>
                  <th scope="col">{t("assessmentDate")}</th>
                  <th scope="col">{t("validity")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.id}>
                    <td>
                      {p.fundingKind} {p.decisionNumber}
                    </td>
                    <td>{p.assessmentDate}</td>
                    <td>
                      {p.validFrom} – {p.validTo}
                    </td>
                    <td>{t(`statuses.${p.status}`)}</td>
                    <td className="actions-cell">
                      {p.actions.edit ? (
                        <button type="button" className="btn link" onClick={() => setEditing({ planId: p.id })}>
                          {t("edit")}
                        </button>
                      ) : null}
                      {p.actions.moves.map((to) => (
                        <button
                          key={to}
                          type="button"
                          className="btn link"
                          disabled={move.isPending}
                          onClick={() =>
                            to === "approved" ? setConfirm({ planId: p.id, kind: p.fundingKind }) : move.mutate({ planId: p.id, to })
                          }
                        >
                          {t(`actions.${to}`)}
                        </button>
                      ))}
                      <button
                        type="button"
                        className="btn link"
                        disabled={print.isPending}
                        onClick={() => print.mutate({ type: "rehab_plan", format: "pdf", clientId, planId: p.id })}
                      >
                        {t("print")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {canWrite && !editing ? (
        <div className="actions">
          <button type="button" className="btn" disabled={rehabDecisions.length === 0} onClick={() => setEditing({ planId: null })}>
            {t("new")}
          </button>
          {decisions.data && rehabDecisions.length === 0 ? <span className="hint">{t("noDecision")}</span> : null}
        </div>
      ) : null}
      {editing && (!editing.planId || loaded) ? (
        <PlanForm
          key={editing.planId ?? "new"}
          clientId={clientId}
          planId={editing.planId}
          decisions={rehabDecisions}
          initial={
            loaded
              ? {
                  decisionId: loaded.decisionId,
                  firstMeetingDate: loaded.firstMeetingDate,
                  assessmentDate: loaded.assessmentDate,
                  validFrom: loaded.validFrom,
                  validTo: loaded.validTo,
                  team: loaded.team.map((m) => ({ name: m.name, specialtyId: m.specialtyId })),
                  functioning: { ...emptyPlan("").functioning, ...loaded.functioning },
                  problems: loaded.problems,
                  goals: loaded.goals.map((text) => ({ text })),
                  services: loaded.services.map((s) => ({
                    serviceId: s.serviceId,
                    units: s.units,
                    frequency: s.frequency,
                    specialists: s.specialists,
                  })),
                  assistiveDevices: loaded.assistiveDevices,
                  recommendations: loaded.recommendations,
                  network: loaded.network,
                }
              : emptyPlan(rehabDecisions[0]?.id ?? "")
          }
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setError(null);
            setNotice(t("saved"));
            refresh();
            if (editing.planId) void queryClient.invalidateQueries({ queryKey: trpc.plans.get.queryKey({ planId: editing.planId }) });
          }}
        />
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={t("confirmApprove.title")}
        message={confirm?.kind === "TRT" ? t("confirmApprove.limits") : t("confirmApprove.casePlan")}
        confirmLabel={t("actions.approved")}
        busy={move.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && move.mutate({ planId: confirm.planId, to: "approved" })}
      />
    </section>
  );
}
