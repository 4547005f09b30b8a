import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import { recordManualPayment, removeAllocation } from "@/server/billing/payments/allocate";
import { useTestDatabase } from "@/server/testing/database";
import { invoiceWorld, payInvoice } from "@/server/testing/invoice-factories";
import { receivablesReport } from "./receivables";

/**
 * invoices.settled_on, which lets the receivables report skip the invoices settled before its
 * day, stays exact whatever writes the payments: allocations added, changed and removed (through
 * the payments screen's functions and in plain SQL), a payment's day moved, a credit note
 * confirmed, and ten payments allocated to one invoice at the same moment. "Exact" is checked
 * against the definition itself: on every day that matters, the invoice is open (its payments
 * booked by then fall short of what it asks for) exactly when settled_on is null or later. And the
 * report, which reads only the unsettled invoices, equals the sum over every invoice.
 */

const t = await useTestDatabase({ max: 12 });
let world: Awaited<ReturnType<typeof invoiceWorld>>;
const ctx = (): DomainContext => ({ db: t.db, actor: world.accountant, ip: null });

beforeAll(async () => {
  world = await invoiceWorld(t.db);
});

const invoice: (typeof world)["invoice"] = (cents, o) => world.invoice(cents, o);
const pay = (invoiceId: string, cents: number, on: string) => payInvoice(t.db, invoiceId, cents, on);

const settledOn = async (id: string) =>
  (await t.sql<{ d: string | null }[]>`SELECT settled_on::text AS d FROM invoices WHERE id = ${id}`)[0]!.d;

/**
 * Every numbered invoice, on each day around its payments: open by the definition (what it asks
 * for, credits subtracted, less its payments booked by that day, above zero) exactly when
 * settled_on says so. Returns how many (invoice, day) pairs were compared.
 */
async function expectExact(): Promise<number> {
  const rows = await t.sql<
    { id: string; invoice_date: string; due: string; settled_on: string | null; pays: { d: string; c: string }[] }[]
  >`
    SELECT i.id, i.invoice_date::text, b.due_cents::text AS due, i.settled_on::text,
      coalesce((SELECT json_agg(json_build_object('d', p.booking_date::text, 'c', a.amount_cents::text)) FROM payment_allocations a
        JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = i.id), '[]') AS pays
    FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id`;
  let compared = 0;
  for (const r of rows) {
    const days = new Set([r.invoice_date, "1999-01-01", "2099-12-31"]);
    for (const p of r.pays) {
      days.add(p.d);
      days.add(shift(p.d, -1));
      days.add(shift(p.d, 1));
    }
    for (const day of days) {
      if (day < r.invoice_date) continue;
      const paid = r.pays.filter((p) => p.d <= day).reduce((s, p) => s + Number(p.c), 0);
      const open = Number(r.due) - paid > 0;
      const openBySettled = r.settled_on === null || r.settled_on > day;
      expect({ invoice: r.id, day, open: openBySettled }).toEqual({ invoice: r.id, day, open });
      compared++;
    }
  }
  return compared;
}

function shift(iso: string, days: number) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Receivables on a day as the plain sum over every numbered invoice, settled or not. */
async function plainOutstanding(day: string) {
  const [r] = await t.sql<{ cents: string | null; n: number }[]>`
    SELECT sum(o)::text AS cents, count(*)::int AS n FROM (
      SELECT b.due_cents - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
        WHERE a.invoice_id = i.id AND p.booking_date <= ${day}::date), 0) AS o
      FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id WHERE i.invoice_date <= ${day}::date) x WHERE o > 0`;
  return { outstandingCents: Number(r!.cents ?? 0), invoices: r!.n };
}

describe("the day an invoice is settled", () => {
  it("follows payments added, moved, changed and removed, and credit notes", async () => {
    const a = await invoice(10000);
    expect(await settledOn(a)).toBeNull();
    const first = await pay(a, 4000, "2026-07-25");
    expect(await settledOn(a)).toBeNull();
    const second = await pay(a, 6000, "2026-08-05");
    expect(await settledOn(a)).toBe("2026-08-05");
    // The first payment turns out to have come later: settled only then.
    await t.sql`UPDATE payments SET booking_date = '2026-08-10' WHERE id = ${first.payment}`;
    expect(await settledOn(a)).toBe("2026-08-10");
    // An allocation lowered: open again; raised back: settled.
    await t.sql`UPDATE payment_allocations SET amount_cents = 5000 WHERE id = ${second.allocation}`;
    expect(await settledOn(a)).toBeNull();
    await t.sql`UPDATE payment_allocations SET amount_cents = 6000 WHERE id = ${second.allocation}`;
    expect(await settledOn(a)).toBe("2026-08-10");
    // Removed through the payments screen: open again.
    await removeAllocation(ctx(), { allocationId: second.allocation });
    expect(await settledOn(a)).toBeNull();
    // Paid by hand through the screen: settled on that day.
    await recordManualPayment(ctx(), { invoiceId: a, amountCents: 6000, paidOn: "2026-09-01" });
    expect(await settledOn(a)).toBe("2026-09-01");

    // Wholly credited: owes nothing from its own date.
    const b = await invoice(5000, { invoiceDate: "2026-07-03" });
    await invoice(-5000, { type: "CRE", credits: b });
    expect(await settledOn(b)).toBe("2026-07-03");
    // Paid 70 of 100, then 30 credited: settled on the day of the 70.
    const c = await invoice(10000);
    await pay(c, 7000, "2026-07-20");
    expect(await settledOn(c)).toBeNull();
    await invoice(-3000, { type: "CRE", credits: c });
    expect(await settledOn(c)).toBe("2026-07-20");
    expect(await expectExact()).toBeGreaterThan(10);
  });

  it("is exact when ten payments are allocated to one invoice at the same moment", async () => {
    const d = await invoice(10000);
    const days = Array.from({ length: 10 }, (_, i) => `2026-08-${String(10 + i).padStart(2, "0")}`);
    await Promise.all(days.map((day) => pay(d, 1000, day)));
    // Whatever order they committed in, the invoice was settled by the last day's payment.
    expect(await settledOn(d)).toBe("2026-08-19");
    await expectExact();
  });

  it("the receivables report, reading only unsettled invoices, equals the sum over every invoice on each day", async () => {
    const e = await invoice(8000, { invoiceDate: "2026-07-10" });
    await pay(e, 3000, "2026-07-15");
    await pay(e, 5000, "2026-09-15");
    for (const day of [
      "2026-06-30",
      "2026-07-01",
      "2026-07-14",
      "2026-07-15",
      "2026-07-31",
      "2026-08-10",
      "2026-08-19",
      "2026-09-14",
      "2026-09-15",
      "2026-12-31",
    ]) {
      const report = await receivablesReport(ctx(), { from: "2026-01-01", to: day }, "2027-06-01");
      const plain = await plainOutstanding(day);
      expect({ day, outstandingCents: report.totals.outstandingCents, invoices: report.totals.invoices }).toEqual({ day, ...plain });
    }
  });
});
