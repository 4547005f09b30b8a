"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Loading } from "@/components/ui/loading";
import { TextArea } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

type Preview = RouterOutputs["billing"]["reports"]["preview"];
type Problem = Preview["problems"][number];

/** One client's month for one decision: its sales items, what stops it, confirm or re-open. */
export function ReportDialog({ decisionId, month, onClose }: { decisionId: string; month: string; onClose: () => void }) {
  const t = useTranslations("billing");
  const tr = useTranslations("billing.report");
  const tc = useTranslations("common");
  const format = useFormat();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [asking, setAsking] = useState<"confirm" | "reopen" | null>(null);
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string; field?: string } | null>(null);
  const preview = useQuery(trpc.billing.reports.preview.queryOptions({ decisionId, month }));
  const money = useFormat().money;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.billing.reports.preview.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.months.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.list.queryKey() }),
    ]);
  const confirm = useMutation(
    trpc.billing.reports.confirm.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        setNotice({ kind: "success", text: tr("confirmed") });
        void refresh();
      },
      onError: (e) => {
        setAsking(null);
        setNotice({ kind: "error", text: errorText(e).message });
        void refresh();
      },
    }),
  );
  const reopen = useMutation(
    trpc.billing.reports.reopen.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        setReason("");
        setNotice({ kind: "success", text: tr("reopened") });
        void refresh();
      },
      onError: (e) => {
        const text = errorText(e);
        setNotice({ kind: "error", text: text.message, field: Object.keys(text.fields)[0] });
      },
    }),
  );

  const problemText = (p: Problem) => {
    switch (p.kind) {
      case "noEntries":
        return tr("problem.noEntries");
      case "unpriced":
        return tr("problem.unpriced", {
          date: format.date(p.date),
          service: p.serviceCode,
        });
      case "sessionNotDone":
        return tr("problem.sessionNotDone", {
          date: format.dateTime(p.startsAt),
          service: p.serviceCode,
          status: p.status,
        });
      case "limit":
        return tr("problem.limit", { limit: tr(`limitNames.${p.limit}`), cap: money(p.capCents), used: money(p.usedCents) });
      case "volume":
        return tr("problem.volume", { service: p.serviceCode, max: p.maxUnits, used: p.usedUnits });
      case "notInPlan":
        return tr("problem.notInPlan", { service: p.serviceCode });
    }
  };
  const vatText = (i: Preview["items"][number]) =>
    i.vatStatus === "taxable"
      ? `${Number(i.vatRate)}%: ${money(i.vatCents)}`
      : i.vatStatus === "exempt"
        ? tr("vatExempt")
        : tr("vatNotTaxable");
  const data = preview.data;
  const status = data?.report?.status ?? null;

  return (
    <Dialog open title={tr("title")} onClose={onClose}>
      {!data ? (
        preview.isError ? (
          <Alert kind="error">{errorText(preview.error).message}</Alert>
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p>
            <strong>{tr("for", { client: data.client.name, decision: data.decision.number, funder: data.funder.name, month })}</strong>
          </p>
          {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
          {data.report?.status === "confirmed" ? (
            <p className="badge ok">
              {tr("confirmedBy", {
                name: data.report.confirmedBy ?? "—",
                at: format.dateTime(data.report.confirmedAt),
              })}
            </p>
          ) : null}
          {data.report?.status === "reopened" && data.report.reopenedAt ? (
            <p className="badge warn">
              {tr("reopenedBy", {
                name: data.report.reopenedBy ?? "—",
                at: format.dateTime(data.report.reopenedAt),
                reason: data.report.reopenReason ?? "",
              })}
            </p>
          ) : null}
          <h3>{tr("items")}</h3>
          {data.items.length === 0 ? (
            <p>{tr("noItems")}</p>
          ) : (
            <div className="table-frame">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{tr("colService")}</th>
                    <th scope="col" className="num">
                      {tr("colQuantity")}
                    </th>
                    <th scope="col" className="num">
                      {tr("colPrice")}
                    </th>
                    <th scope="col" className="num">
                      {tr("colNet")}
                    </th>
                    <th scope="col">{tr("colVat")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((i) => (
                    <tr key={`${i.serviceId}-${i.unitPriceCents}-${i.vatStatus}`}>
                      <td>
                        {i.serviceCode} {locale === "en" ? i.serviceNameEn : i.serviceNameEt}
                      </td>
                      <td className="num">
                        {format.number(Number(i.quantity))} {t(`units.${i.unit}`)}
                      </td>
                      <td className="num">{money(i.unitPriceCents)}</td>
                      <td className="num">{money(i.netCents)}</td>
                      <td>{vatText(i)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {tr("total")}
                    </th>
                    <td className="num">
                      <strong>{money(data.totals.totalCents)}</strong>
                    </td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {status !== "confirmed" ? (
            data.problems.length > 0 ? (
              <section aria-labelledby="problems-heading">
                <h3 id="problems-heading">{tr("problems")}</h3>
                <ul role="list" aria-label={tr("problems")}>
                  {data.problems.map((p, n) => (
                    <li key={n}>{problemText(p)}</li>
                  ))}
                </ul>
              </section>
            ) : (
              <p>{tr("noProblems")}</p>
            )
          ) : null}
          {data.invoices.length > 0 ? (
            <p>
              {tr("onInvoices")}:{" "}
              {data.invoices
                .map((i) => (i.number ?? t("invoices.draftNumber")) + (i.type === "CRE" ? ` (${t("invoices.creditNote")})` : ""))
                .join(", ")}
            </p>
          ) : null}
          {asking === "reopen" ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                reopen.mutate({ decisionId, month, reason });
              }}
            >
              <p>{tr("reopenHelp")}</p>
              <TextArea
                label={tr("reason")}
                name="reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                rows={3}
                required
                error={notice?.kind === "error" && notice.field === "reason" ? notice.text : undefined}
              />
              <div className="actions">
                <button type="button" className="btn secondary" onClick={() => setAsking(null)}>
                  {tc("cancel")}
                </button>
                <button type="submit" className="btn danger" disabled={reopen.isPending}>
                  {tr("reopen")}
                </button>
              </div>
            </form>
          ) : null}
          {/* From the server, by confirmReport's and reopenReport's own check: who may not is told who may. */}
          {!data.mayConfirm && status !== "confirmed" ? (
            <p className="hint">{tr("whoConfirms", { roles: data.whoMay.confirm.join(", ") || "—" })}</p>
          ) : null}
          {!data.mayReopen && status === "confirmed" ? (
            <p className="hint">{tr("whoReopens", { roles: data.whoMay.reopen.join(", ") || "—" })}</p>
          ) : null}
          <div className="actions">
            {data.mayReopen && asking !== "reopen" ? (
              <button
                type="button"
                className="btn secondary"
                onClick={() => {
                  setNotice(null);
                  setAsking("reopen");
                }}
              >
                {tr("reopen")}
              </button>
            ) : null}
            {data.mayConfirm ? (
              <button type="button" className="btn" onClick={() => setAsking("confirm")}>
                {tr("confirm")}
              </button>
            ) : null}
            <button type="button" className="btn secondary" onClick={onClose}>
              {tc("close")}
            </button>
          </div>
          <ConfirmDialog
            open={asking === "confirm"}
            title={tr("confirmTitle")}
            message={tr("confirmMessage")}
            confirmLabel={tr("confirm")}
            busy={confirm.isPending}
            onCancel={() => setAsking(null)}
            onConfirm={() => confirm.mutate({ decisionId, month })}
          />
        </>
      )}
    </Dialog>
  );
}
