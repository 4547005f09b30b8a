import type { AllocationMethod, UnmatchedReason } from "@/db/schema";
import { isValidReferenceNumber } from "@/lib/reference-number";

/**
 * Which open invoices an incoming payment settles, decided on what the payer wrote:
 *  1. a payment reference (viitenumber): the structured creditor reference, or a valid 7-3-1
 *     number of at least six digits standing alone in the text (shorter numbers in free text are
 *     too often something else). The payment goes to the invoices it names, oldest due first, up
 *     to what each still asks for: a partial payment leaves the rest open, an overpayment leaves
 *     the excess waiting for a person.
 *  2. otherwise invoice numbers standing alone in the text, but only when the amount is exactly
 *     what those invoices still ask for together: a number alone is weaker evidence.
 * Anything else waits in the list, with the reason.
 */

export type OpenInvoice = { id: string; number: string; referenceNumber: string | null; dueDate: string | null; outstandingCents: number };
export type IncomingPayment = { amountCents: number; reference: string | null; remittance: string };
export type ProposedAllocation = { invoiceId: string; amountCents: number; method: AllocationMethod };
export type Match = { allocations: ProposedAllocation[]; unmatchedReason: UnmatchedReason | null };

const MIN_TEXT_REFERENCE = 6;

/** An ISO 11649 "RF" creditor reference carries the Estonian reference after its check digits. */
function normaliseReference(ref: string): string {
  const compact = ref.replace(/\s+/g, "").toUpperCase();
  const rf = /^RF\d{2}(\d+)$/.exec(compact);
  return rf ? rf[1]!.replace(/^0+(?=\d)/, "") : compact;
}

/** The references a payment names: the structured one first, then those found in the text. */
export function referencesIn(payment: Pick<IncomingPayment, "reference" | "remittance">): string[] {
  const found = payment.reference ? [normaliseReference(payment.reference)] : [];
  for (const token of payment.remittance.match(/(?<![\p{L}\p{N}])\d{2,20}(?![\p{L}\p{N}])/gu) ?? []) {
    if (token.length >= MIN_TEXT_REFERENCE && isValidReferenceNumber(token) && !found.includes(token)) found.push(token);
  }
  return found;
}

/** The open invoices whose number stands alone in the text (case and surrounding punctuation ignored). */
export function invoiceNumbersIn(remittance: string, open: OpenInvoice[]): OpenInvoice[] {
  const upper = remittance.toUpperCase();
  return open.filter((inv) => {
    const escaped = inv.number.toUpperCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(upper);
  });
}

const byDue = (a: OpenInvoice, b: OpenInvoice) => (a.dueDate ?? "").localeCompare(b.dueDate ?? "") || a.number.localeCompare(b.number);

export function matchPayment(payment: IncomingPayment, open: OpenInvoice[]): Match {
  const refs = referencesIn(payment);
  const byReference = open
    .filter((inv) => inv.referenceNumber && refs.includes(inv.referenceNumber) && inv.outstandingCents > 0)
    .sort(byDue);
  if (byReference.length) {
    let left = payment.amountCents;
    const allocations: ProposedAllocation[] = [];
    for (const inv of byReference) {
      const amount = Math.min(left, inv.outstandingCents);
      if (amount <= 0) break;
      allocations.push({ invoiceId: inv.id, amountCents: amount, method: "reference" });
      left -= amount;
    }
    return { allocations, unmatchedReason: left > 0 ? "overpaid" : null };
  }
  const named = invoiceNumbersIn(
    payment.remittance,
    open.filter((inv) => inv.outstandingCents > 0),
  ).sort(byDue);
  if (named.length) {
    const asked = named.reduce((sum, inv) => sum + inv.outstandingCents, 0);
    if (asked !== payment.amountCents) return { allocations: [], unmatchedReason: "amount_differs" };
    return {
      allocations: named.map((inv) => ({ invoiceId: inv.id, amountCents: inv.outstandingCents, method: "invoice_number" })),
      unmatchedReason: null,
    };
  }
  const largest = Math.max(0, ...open.map((inv) => inv.outstandingCents));
  if (largest === 0) return { allocations: [], unmatchedReason: "no_open_invoice" };
  return { allocations: [], unmatchedReason: payment.amountCents > largest ? "larger_than_any_open" : "no_match" };
}

/**
 * Applies a match to the running outstanding amounts, so the next payment of the same statement
 * sees what this one already settled.
 */
export function applyMatch(open: OpenInvoice[], match: Match): void {
  for (const a of match.allocations) {
    const inv = open.find((i) => i.id === a.invoiceId);
    if (inv) inv.outstandingCents -= a.amountCents;
  }
}
