import { z } from "./zod";
import { MAX_CENTS, parseEuroCents } from "./money";
import { isoDate, multiLine } from "./schemas";

/**
 * Inputs of the payment procedures, isomorphic so the forms validate with the same shapes the
 * server does (server/billing/payments/allocate.ts re-exports them beside the domain functions).
 */

const cents = z.number().int("Give the amount in whole cents").positive("The amount must be more than zero").max(MAX_CENTS);

export const assignPaymentInput = z.object({
  paymentId: z.uuid(),
  allocations: z
    .array(z.object({ invoiceId: z.uuid(), amountCents: cents }))
    .min(1, "Choose at least one invoice")
    .max(50),
});
export const ignorePaymentInput = z.object({ paymentId: z.uuid(), note: multiLine(500) });
export const removeAllocationInput = z.object({ allocationId: z.uuid() });
export const recordManualPaymentInput = z.object({ invoiceId: z.uuid(), paidOn: isoDate, amountCents: cents });

/** An amount in euros as a person types it ("12,30"), for forms; parseEuroCents turns it into cents. */
export const euroText = z
  .string()
  .refine((v) => parseEuroCents(v) !== null && parseEuroCents(v)! > 0, "Enter an amount in euros, e.g. 12,30");

/** The "mark paid" form: the date and the amount as typed. */
export const manualPaymentForm = recordManualPaymentInput.pick({ paidOn: true }).extend({ amount: euroText });
