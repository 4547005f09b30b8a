"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { centsToInput, parseEuroCents } from "@/lib/money";
import { assignForm, type AssignSubmission, type AssignValues } from "@/server/billing/payments/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ListState } from "@/components/ui/editing";
import { Dialog } from "@/components/ui/dialog";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
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
  const [serverError, setServerError] = useState<ErrorText | null>(null);
  const assign = useMutation(trpc.payments.assign.mutationOptions({ onSuccess: onAssigned, onError: (e) => setServerError(errorText(e)) }));
  const invoices = useMemo(() => open.data ?? [], [open.data]);
  // The procedure's schema, then the domain's two sums with the figures this dialog knows.
  const schema = useMemo(
    () =>
      assignForm.superRefine((a, ctx) => {
        if (!a.allocations.every((row) => Number.isInteger(row.amountCents))) return;
        a.allocations.forEach((row, i) => {
          const inv = invoices.find((x) => x.id === row.invoiceId);
          if (inv && row.amountCents > inv.outstandingCents)
            ctx.addIssue({
              code: "custom",
              path: ["allocations", i, "amountCents"],
              message: t("moreThanOpen", { amount: money(inv.outstandingCents) }),
            });
        });
        const total = a.allocations.reduce((s, row) => s + row.amountCents, 0);
        if (total > payment.leftCents)
          ctx.addIssue({
            code: "custom",
            path: ["allocations"],
            message: t("tooMuch", { total: money(total), left: money(payment.leftCents) }),
          });
      }),
    [invoices, payment.leftCents, t, money],
  );
  const resolver = useSchemaResolver(schema);
  const { register, control, handleSubmit, watch, formState } = useForm<AssignValues, unknown, AssignSubmission>({
    defaultValues: { paymentId: payment.id, allocations: [] },
    resolver,
  });
  const rows = useFieldArray({ control, name: "allocations" });
  const picked = watch("allocations");
  const left = () => payment.leftCents - picked.reduce((s, row) => s + (parseEuroCents(row.amountCents) ?? 0), 0);
  const rowOf = (invoiceId: string) => rows.fields.findIndex((row) => row.invoiceId === invoiceId);

  function toggle(invoiceId: string, outstanding: number, on: boolean) {
    if (on) rows.append({ invoiceId, amountCents: centsToInput(Math.max(0, Math.min(outstanding, left()))) });
    else rows.remove(rowOf(invoiceId));
  }

  function submit(input: AssignSubmission) {
    setServerError(null);
    assign.mutate(input);
  }

  const errors = formState.errors.allocations;
  const server = serverError?.fields ?? {};
  const amountError = (i: number) => {
    const e = errors?.[i]?.amountCents;
    if (e) return e.type === "custom" ? e.message : t("amountInvalid");
    return server[`allocations.${i}.amountCents`];
  };
  const rowFields = Object.keys(server).filter((f) => f.startsWith("allocations."));
  // The list's own refusal: none chosen (zod's too_small, worded here), the sum, an invoice twice.
  const listError = errors?.root ?? errors;
  const general =
    (listError?.message ? (listError.type === "too_small" ? t("chooseOne") : listError.message) : null) ??
    (serverError && rowFields.length === 0 ? (server.allocations ?? serverError.message) : null);

  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      <p>{t("intro", { amount: money(payment.leftCents) })}</p>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <ListState query={open} count={invoices.length} empty={t("noOpen")}>
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
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
                  const i = rowOf(inv.id);
                  const error = i >= 0 ? amountError(i) : undefined;
                  return (
                    <tr key={inv.id}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t("pick", { number })}
                          checked={i >= 0}
                          onChange={(e) => toggle(inv.id, inv.outstandingCents, e.target.checked)}
                        />
                      </td>
                      <td>{number}</td>
                      <td>{inv.funder}</td>
                      <td>{inv.dueDate}</td>
                      <td className="num">{money(inv.outstandingCents)}</td>
                      <td>
                        {i >= 0 ? (
                          <>
                            <input
                              key={rows.fields[i]!.id}
                              aria-label={t("amountFor", { number })}
                              inputMode="decimal"
                              size={9}
                              aria-invalid={error ? true : undefined}
                              {...register(`allocations.${i}.amountCents`)}
                            />
                            {error ? (
                              <span className="error" role="alert">
                                {error}
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
        </div>
      </ListState>
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
