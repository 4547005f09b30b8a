import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import { recordManualPayment, removeAllocation } from "@/server/billing/payments/allocate";
import { useTestDatabase } from "@/server/testing/database";
import { invoiceWorld, payInvoice } from "@/server/testing/invoice-factories";

/**
 * service_report_balances, which money brought in reads instead of joining a period's service
 * reports to their invoice lines and balances, stays exact whatever writes the invoices and
 * payments: an invoice numbered, allocations added, changed, moved and removed (through the
 * payments screen's functions and in plain SQL), credit notes confirmed, a report on two invoices,
 * and payments and a credit note on the same report's invoices at the same moment. "Exact" is
 * checked against the definition (service_report_balances_rebuild.sql): per report, the sums over
 * the distinct numbered invoices holding it of what they ask for and what is paid on them.
 */

const t = await useTestDatabase({ max: 14 });
let world: Awaited<ReturnType<typeof invoiceWorld>>;
const ctx = (): DomainContext => ({ db: t.db, actor: world.accountant, ip: null });

beforeAll(async () => {
  world = await invoiceWorld(t.db);
});

const invoice: (typeof world)["invoice"] = (cents, o) => world.invoice(cents, o);
const pay = async (invoiceId: string, cents: number) => (await payInvoice(t.db, invoiceId, cents, "2026-07-20")).allocation;

const reportOf = async (invoiceId: string) =>
  (await t.sql<{ id: string }[]>`SELECT service_report_id AS id FROM invoice_lines WHERE invoice_id = ${invoiceId} LIMIT 1`)[0]!.id;

let seq = 0;
/** A second invoice for reports that are already on one, each line of `cents`, numbered in plain SQL. */
async function invoiceOfReports(reportIds: string[], cents: number) {
  const total = reportIds.length * cents;
  const [inv] = await t.sql<{ id: string }[]>`
    INSERT INTO invoices (type, status, funding_source_id, month, net_cents, vat_cents, total_cents)
    VALUES ('DEB', 'draft', ${world.funder}, '2026-05-01', ${total}, 0, ${total}) RETURNING id`;
  for (const reportId of reportIds) {
    await t.sql`
      INSERT INTO invoice_lines (invoice_id, service_report_id, client_id, client_name, decision_number, service_id, service_code,
        service_name, quantity, unit, unit_price_cents, net_cents, vat_status, vat_rate, vat_cents)
      VALUES (${inv!.id}, ${reportId}, ${world.client}, 'Client', 'K1', ${world.service}, 'S1', 'Service', 1, 'hour', ${cents}, ${cents}, 'exempt', NULL, 0)`;
  }
  const n = 800000 + ++seq;
  await t.sql`
    UPDATE invoices SET status = 'confirmed', confirmed_at = now(), series_prefix = 'RB', sequence_number = ${n}, number = ${`RB${n}`},
      invoice_date = '2026-07-01', due_date = '2026-08-01' WHERE id = ${inv!.id}`;
  return inv!.id;
}

type Figures = { due: number; paid: number };
const balanceOf = async (reportId: string): Promise<Figures> => {
  const [r] = await t.sql<{ due: string; paid: string }[]>`
    SELECT b.due_cents::text AS due, b.paid_cents::text AS paid FROM service_report_balances b
    JOIN service_reports r ON r.decision_id = b.decision_id AND r.month = b.month WHERE r.id = ${reportId}`;
  return { due: Number(r?.due ?? 0), paid: Number(r?.paid ?? 0) };
};

/** Every report's kept figures equal the definition's (a report without invoices: none, or zero). Returns how many were compared. */
async function expectExact(): Promise<number> {
  const rows = await t.sql<{ month: string; decision_id: string; kept: string; defined: string }[]>`
    WITH defined AS (
      SELECT r.month, r.decision_id, sum(b.due_cents) AS due, sum(b.paid_cents) AS paid FROM service_reports r
      JOIN (SELECT DISTINCT service_report_id, invoice_id FROM invoice_lines) l ON l.service_report_id = r.id
      JOIN invoice_balances b ON b.invoice_id = l.invoice_id GROUP BY 1, 2
    )
    SELECT coalesce(k.month, d.month)::text AS month, coalesce(k.decision_id, d.decision_id) AS decision_id,
      coalesce(k.due_cents, 0) || '/' || coalesce(k.paid_cents, 0) AS kept, coalesce(d.due, 0) || '/' || coalesce(d.paid, 0) AS defined
    FROM service_report_balances k FULL JOIN defined d ON d.month = k.month AND d.decision_id = k.decision_id`;
  for (const r of rows) expect({ ...r, kept: r.defined }).toEqual(r);
  return rows.length;
}

describe("what each service report's invoices ask for and have received", () => {
  it("follows numbering, payments added, changed, moved and removed, and credit notes", async () => {
    const a = await invoice(10000);
    const ra = await reportOf(a);
    expect(await balanceOf(ra)).toEqual({ due: 10000, paid: 0 });
    const first = await pay(a, 4000);
    expect(await balanceOf(ra)).toEqual({ due: 10000, paid: 4000 });
    await t.sql`UPDATE payment_allocations SET amount_cents = 2500 WHERE id = ${first}`;
    expect(await balanceOf(ra)).toEqual({ due: 10000, paid: 2500 });
    // Paid by hand through the payments screen, then that allocation removed there.
    const manual = await recordManualPayment(ctx(), { invoiceId: a, amountCents: 3000, paidOn: "2026-07-22" });
    expect(await balanceOf(ra)).toEqual({ due: 10000, paid: 5500 });
    const [allocation] = await t.sql<{ id: string }[]>`SELECT id FROM payment_allocations WHERE payment_id = ${manual.paymentId}`;
    await removeAllocation(ctx(), { allocationId: allocation!.id });
    expect(await balanceOf(ra)).toEqual({ due: 10000, paid: 2500 });
    // A credit note lowers what the invoice asks for.
    await invoice(-3000, { type: "CRE", credits: a });
    expect(await balanceOf(ra)).toEqual({ due: 7000, paid: 2500 });
    // An allocation moved to another invoice in plain SQL leaves this report and reaches that one's.
    const b = await invoice(6000);
    const rb = await reportOf(b);
    await t.sql`UPDATE payment_allocations SET invoice_id = ${b} WHERE id = ${first}`;
    expect(await balanceOf(ra)).toEqual({ due: 7000, paid: 0 });
    expect(await balanceOf(rb)).toEqual({ due: 6000, paid: 2500 });
    await t.sql`DELETE FROM payment_allocations WHERE id = ${first}`;
    expect(await balanceOf(rb)).toEqual({ due: 6000, paid: 0 });
    expect(await expectExact()).toBeGreaterThanOrEqual(2);
  });

  it("counts each invoice holding a report once, however many of its lines the report has", async () => {
    const a = await invoice(5000);
    const r = await reportOf(a);
    // A second invoice with two lines of the same report: its 2 x 1500 once, not twice.
    const b = await invoiceOfReports([r, r], 1500);
    await pay(b, 1000);
    expect(await balanceOf(r)).toEqual({ due: 8000, paid: 1000 });
    await expectExact();
  });

  it("is exact when payments to two invoices of the same report and a credit note land at the same moment", async () => {
    const a = await invoice(20000);
    const r = await reportOf(a);
    const other = await reportOf(await invoice(1000));
    // b holds r and another report, so its payments reach both, in either order.
    const b = await invoiceOfReports([other, r], 10000);
    await Promise.all([
      ...Array.from({ length: 5 }, () => pay(a, 1000)),
      ...Array.from({ length: 5 }, () => pay(b, 1000)),
      invoice(-2000, { type: "CRE", credits: a }),
      invoice(-500, { type: "CRE", credits: b }),
    ]);
    expect(await balanceOf(r)).toEqual({ due: 20000 - 2000 + 20000 - 500, paid: 10000 });
    await expectExact();
  });
});
