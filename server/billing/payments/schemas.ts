import { z } from "@/lib/zod";
import { fromForm } from "@/lib/form-schema";
import { MAX_CENTS, parseEuroCents } from "@/lib/money";
import { isoDate, multiLine, singleLine } from "@/lib/schemas";

/**
 * Inputs of the payment procedures (allocate.ts, import.ts), shared with the payment forms so the
 * browser and the server validate alike.
 */

const cents = z.number().int("Give the amount in whole cents").positive("The amount must be more than zero").max(MAX_CENTS);

export const assignPaymentInput = z.object({
  paymentId: z.uuid(),
  allocations: z
    .array(z.object({ invoiceId: z.uuid(), amountCents: cents }))
    .min(1, "Choose at least one invoice")
    .max(50),
});
/**
 * The assign dialog's values: one row per chosen invoice, its amount in euros as typed. A row's
 * amount that is no amount becomes NaN, which the cents schema refuses on that row's field.
 */
export type AssignValues = { paymentId: string; allocations: { invoiceId: string; amountCents: string }[] };
const toAssign = (v: AssignValues) => ({
  paymentId: v.paymentId,
  allocations: v.allocations.map((a) => ({
    invoiceId: a.invoiceId,
    amountCents: a.amountCents.trim() === "" ? Number.NaN : (parseEuroCents(a.amountCents) ?? Number.NaN),
  })),
});
// The domain's "each invoice once" (allocate.ts), under its message key.
export const assignForm = Object.assign(
  fromForm(assignPaymentInput, toAssign).refine((a) => new Set(a.allocations.map((x) => x.invoiceId)).size === a.allocations.length, {
    path: ["allocations"],
    message: "paymentsErrors.invoiceTwice",
  }),
  { toInput: toAssign },
);
export type AssignSubmission = z.output<typeof assignPaymentInput>;

export const ignorePaymentInput = z.object({ paymentId: z.uuid(), note: multiLine(500) });
export const removeAllocationInput = z.object({ allocationId: z.uuid() });
export const recordManualPaymentInput = z.object({ invoiceId: z.uuid(), paidOn: isoDate, amountCents: cents });

/** An amount in euros as a person types it ("12,30"), for forms; parseEuroCents turns it into cents. */
export const euroText = z
  .string()
  .refine((v) => parseEuroCents(v) !== null && parseEuroCents(v)! > 0, "Enter an amount in euros, e.g. 12,30");

/** The "mark paid" form: the date and the amount as typed. */
export const manualPaymentForm = recordManualPaymentInput.pick({ paidOn: true }).extend({ amount: euroText });

/** A tRPC request body is at most 1 MiB; the XML travels inside JSON, so somewhat less of it fits. */
export const STATEMENT_MAX_CHARS = 800_000;

/** A camt.053 statement as the import takes it; the upload form validates its file with this too. */
export const importStatementInput = z.object({
  fileName: singleLine(255),
  content: z.string().min(1, "Choose a statement file").max(STATEMENT_MAX_CHARS, "The file is too large: export a shorter period"),
});
export type ImportStatementInput = z.infer<typeof importStatementInput>;
