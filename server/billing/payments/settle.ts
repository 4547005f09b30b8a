import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { scopeOf } from "@/server/policy/policy";
import { publish } from "@/server/realtime/io";
import { rooms } from "@/server/realtime/rooms";

/**
 * Bank statements and payments concern every invoice of the institution, whoever's client it is
 * for: they need the billing permission over everything (the accountant's), not over a unit.
 */
export function mayHandlePayments(actor: Actor, action: "read" | "confirm"): boolean {
  return scopeOf(actor, "billing", action) === "all";
}

export function requirePaymentsAccess(actor: Actor, action: "read" | "confirm"): void {
  if (!mayHandlePayments(actor, action)) {
    throw new AppError("FORBIDDEN", "errors.forbidden", "Payments need the billing permission over the whole institution");
  }
}

/**
 * An invoice is `paid` exactly while its allocations cover what it asks for; otherwise it is
 * back to `sent` (if it was delivered) or `confirmed`. Credited and draft invoices stay as they are.
 */
export async function settleInvoices(tx: DbOrTx, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await tx.execute(sql`
    UPDATE invoices i SET
      status = s.next,
      paid_at = CASE WHEN s.next = 'paid' THEN coalesce(i.paid_at, now()) ELSE NULL END,
      updated_at = now()
    FROM (
      SELECT b.invoice_id,
             CASE WHEN b.paid_cents > 0 AND b.outstanding_cents <= 0 THEN 'paid'
                  WHEN inv.sent_at IS NOT NULL THEN 'sent' ELSE 'confirmed' END AS next
      FROM invoice_balances b JOIN invoices inv ON inv.id = b.invoice_id
      WHERE b.invoice_id IN (${sql.join(
        invoiceIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
        AND inv.status IN ('confirmed', 'sent', 'paid')
    ) s
    WHERE i.id = s.invoice_id AND i.status <> s.next`);
}

/** After commit: the billing views refetch (no data travels in the event). */
export const announcePayments = (kind: string) => publish([rooms.billing], "billing.changed", { kind, at: Date.now() });
