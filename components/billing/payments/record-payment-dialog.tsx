"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { tallinnToday } from "@/lib/tallinn-time";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { centsToInput, parseEuroCents } from "@/lib/money";
import { manualPaymentForm } from "@/server/billing/payments/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useMoney } from "./use-money";

type Values = z.infer<typeof manualPaymentForm>;

const today = () => tallinnToday();

/** Marking paid by hand: the date and the amount (all that is open by default; less is a partial payment). */
export function RecordPaymentDialog({
  invoiceId,
  outstandingCents,
  open,
  onClose,
  onSaved,
}: {
  invoiceId: string;
  outstandingCents: number;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations("payments.record");
  return (
    <Dialog open={open} title={t("title")} onClose={onClose}>
      {open ? <RecordForm invoiceId={invoiceId} outstandingCents={outstandingCents} onClose={onClose} onSaved={onSaved} /> : null}
    </Dialog>
  );
}

function RecordForm({
  invoiceId,
  outstandingCents,
  onClose,
  onSaved,
}: {
  invoiceId: string;
  outstandingCents: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations("payments.record");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const money = useMoney();
  const errorText = useErrorText();
  const [serverError, setServerError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(manualPaymentForm),
    defaultValues: { paidOn: today(), amount: centsToInput(outstandingCents) },
  });
  const save = useMutation(
    trpc.payments.recordManual.mutationOptions({ onSuccess: onSaved, onError: (e) => setServerError(errorText(e)) }),
  );
  const fieldError = (f: "paidOn" | "amount") =>
    (errors[f] ? (f === "amount" ? t("amountInvalid") : t("dateInvalid")) : undefined) ??
    serverError?.fields[f === "amount" ? "amountCents" : f];
  const general = serverError && !serverError.fields.amountCents && !serverError.fields.paidOn ? serverError.message : null;
  return (
    <form noValidate onSubmit={handleSubmit((v) => save.mutate({ invoiceId, paidOn: v.paidOn, amountCents: parseEuroCents(v.amount)! }))}>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <Controller
        control={control}
        name="paidOn"
        render={({ field }) => (
          <DateField label={t("paidOn")} error={fieldError("paidOn")} autoFocus value={field.value ?? ""} onChange={field.onChange} />
        )}
      />
      <TextField
        label={t("amount")}
        inputMode="decimal"
        error={fieldError("amount")}
        hint={t("amountHint", { amount: money(outstandingCents) })}
        {...register("amount")}
      />
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={save.isPending}>
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
