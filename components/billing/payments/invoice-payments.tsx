"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { RecordPaymentDialog } from "./record-payment-dialog";
import { useMoney } from "./use-money";

/** On an invoice's page: what it asks for, what is paid and by which payments, what is open; mark paid; the reminder. */
export function InvoicePayments({ invoiceId }: { invoiceId: string }) {
  const t = useTranslations("payments.invoice");
  const tr = useTranslations("payments.record");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const money = useMoney();
  const errorText = useErrorText();
  const [recording, setRecording] = useState(false);
  const [undoing, setUndoing] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const query = useQuery(trpc.payments.forInvoice.queryOptions({ invoiceId }));
  useLiveRefresh(["billing"], [trpc.payments.forInvoice.queryKey()]);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.payments.forInvoice.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.get.queryKey() }),
    ]);
  const unassign = useMutation(
    trpc.payments.unassign.mutationOptions({
      onSuccess: () => {
        setUndoing(null);
        setNotice({ kind: "success", text: t("unassigned") });
        void refresh();
      },
      onError: (e) => {
        setUndoing(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const data = query.data;
  if (!data?.balance) return null;
  const { balance } = data;
  return (
    <section className="panel" aria-labelledby="payment-heading">
      <h2 id="payment-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <dl className="facts" style={{ marginBottom: "1rem" }}>
        <dt>{t("due")}</dt>
        <dd>{money(balance.dueCents)}</dd>
        <dt>{t("paid")}</dt>
        <dd>{money(balance.paidCents)}</dd>
        <dt>{t("outstanding")}</dt>
        <dd>
          <strong>{money(balance.outstandingCents)}</strong>
          {data.overdue ? (
            <>
              {" "}
              <span className="badge danger">{t("overdue", { days: data.daysOverdue })}</span>
            </>
          ) : null}
        </dd>
      </dl>
      {data.allocations.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("colDate")}</th>
                <th scope="col" className="num">
                  {t("colAmount")}
                </th>
                <th scope="col">{t("colHow")}</th>
                {data.mayUnassign ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("unassign")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {data.allocations.map((a) => (
                <tr key={a.id}>
                  <td>{a.bookingDate}</td>
                  <td className="num">{money(a.amountCents)}</td>
                  <td>
                    {t(`how.${a.method}`)} · {t(`source.${a.source}`)}
                  </td>
                  {data.mayUnassign ? (
                    <td>
                      <button
                        type="button"
                        className="btn link"
                        aria-label={t("unassignLabel", { date: a.bookingDate, amount: money(a.amountCents) })}
                        onClick={() => setUndoing(a.id)}
                      >
                        {t("unassign")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="toolbar">
        {data.mayRecord ? (
          <button type="button" className="btn secondary" onClick={() => setRecording(true)}>
            {t("record")}
          </button>
        ) : null}
        {data.overdue ? (
          <a className="btn secondary" href={`/api/invoices/${invoiceId}/reminder`} download>
            {t("reminder")}
          </a>
        ) : null}
      </p>
      <RecordPaymentDialog
        invoiceId={invoiceId}
        outstandingCents={balance.outstandingCents}
        open={recording}
        onClose={() => setRecording(false)}
        onSaved={() => {
          setRecording(false);
          setNotice({ kind: "success", text: tr("saved") });
          void refresh();
        }}
      />
      <ConfirmDialog
        open={undoing !== null}
        title={t("unassignTitle")}
        message={t("unassignMessage")}
        confirmLabel={t("unassign")}
        busy={unassign.isPending}
        onCancel={() => setUndoing(null)}
        onConfirm={() => undoing && unassign.mutate({ allocationId: undoing })}
      />
    </section>
  );
}
