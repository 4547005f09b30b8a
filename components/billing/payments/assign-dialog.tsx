"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { centsToInput, parseEuroCents } from "@/lib/money";
import { assignPaymentInput } from "@/lib/payment-inputs";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useMoney } from "./use-money";

export type WaitingPayment = { id: string; leftCents: number };

/** Assigns what is left of a payment to one or several open invoices, each with its amount. */
export function AssignDialog({
  payment,
  onClose,
  onAssigned,
}: {
  payment: WaitingPayment | null;
  onClose: () => void;
  onAssigned: () => void;
}) {
  const t = useTranslations("payments.assign");
  return (
    <Dialog open={payment !== null} title={t("title")} onClose={onClose}>
      {payment ? <AssignForm key={payment.id} payment={payment} onClose={onClose} onAssigned={onAssigned} /> : null}
    </Dialog>
  );
}

function AssignForm({ payment, onClose, onAssigned }: { payment: WaitingPayment; onClose: () => void; onAssigned: () => void }) {
  const t = useTranslations("payments.assign");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const money = useMoney();
  const errorText = useErrorText();
  const open = useQuery(trpc.payments.openInvoices.queryOptions());
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const assign = useMutation(
    trpc.payments.assign.mutationOptions({ onSuccess: onAssigned, onError: (e) => setGeneral(errorText(e).message) }),
  );
  const invoices = open.data ?? [];
  const left = () => payment.leftCents - Object.values(picked).reduce((s, v) => s + (parseEuroCents(v) ?? 0), 0);

  function toggle(id: string, outstanding: number, on: boolean) {
    setPicked((p) => {
      const next = { ...p };
      if (on) next[id] = centsToInput(Math.max(0, Math.min(outstanding, left())));
      else delete next[id];
      return next;
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    const allocations = Object.entries(picked).map(([invoiceId, text]) => {
      const cents = parseEuroCents(text);
      const inv = invoices.find((i) => i.id === invoiceId);
      if (!cents) found[invoiceId] = t("amountInvalid");
      else if (inv && cents > inv.outstandingCents) found[invoiceId] = t("moreThanOpen", { amount: money(inv.outstandingCents) });
      return { invoiceId, amountCents: cents ?? 0 };
    });
    const total = allocations.reduce((s, a) => s + a.amountCents, 0);
    setErrors(found);
    if (Object.keys(found).length) return setGeneral(null);
    if (!allocations.length) return setGeneral(t("chooseOne"));
    if (total > payment.leftCents) return setGeneral(t("tooMuch", { total: money(total), left: money(payment.leftCents) }));
    const input = assignPaymentInput.safeParse({ paymentId: payment.id, allocations });
    if (!input.success) return setGeneral(t("amountInvalid"));
    setGeneral(null);
    assign.mutate(input.data);
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>{t("intro", { amount: money(payment.leftCents) })}</p>
      {general ? <Alert kind="error">{general}</Alert> : null}
      {open.isPending ? (
        <p>…</p>
      ) : invoices.length === 0 ? (
        <EmptyState>{t("noOpen")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("colPick")}</th>
                <th scope="col">{t("colInvoice")}</th>
                <th scope="col">{t("colFunder")}</th>
                <th scope="col">{t("colDue")}</th>
                <th scope="col" className="num">
                  {t("colOpen")}
                </th>
                <th scope="col">{t("colAmount")}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.map((inv) => {
                const number = inv.number ?? "";
                const on = inv.id in picked;
                return (
                  <tr key={inv.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t("pick", { number })}
                        checked={on}
                        onChange={(e) => toggle(inv.id, inv.outstandingCents, e.target.checked)}
                      />
                    </td>
                    <td>{number}</td>
                    <td>{inv.funder}</td>
                    <td>{inv.dueDate}</td>
                    <td className="num">{money(inv.outstandingCents)}</td>
                    <td>
                      {on ? (
                        <>
                          <input
                            aria-label={t("amountFor", { number })}
                            inputMode="decimal"
                            size={9}
                            value={picked[inv.id]}
                            aria-invalid={errors[inv.id] ? true : undefined}
                            onChange={(e) => setPicked((p) => ({ ...p, [inv.id]: e.target.value }))}
                          />
                          {errors[inv.id] ? (
                            <span className="error" role="alert">
                              {errors[inv.id]}
                            </span>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={assign.isPending || invoices.length === 0}>
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
