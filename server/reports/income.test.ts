import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeFundingSource, makeService } from "@/server/testing/funding-factories";
import { invoiceMaker, payInvoice } from "@/server/testing/invoice-factories";
import { seeded } from "@/server/testing/report-factories";
import { reportToCsv } from "./export";
import { incomeReport, incomeRows } from "./income";

/**
 * Report 1, income by funder: on generated invoices (credit notes and part payments included) the
 * report's figures equal the invoice lines and payments in the database, month by month and in
 * total; cash puts them by invoice and booking date; a unit's figures are its clients' lines only.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
let accountant: Actor;
let head: Actor;
let ids: { mine: string; funders: string[]; clientsOfMine: string[] };

beforeAll(async () => {
  const mine = await makeUnit(t.db, { name: "Tallinn" });
  const other = await makeUnit(t.db, { name: "Tartu" });
  const funders = [
    await makeFundingSource(t.db, { kind: "SRT" }),
    await makeFundingSource(t.db, { kind: "KOV" }),
    await makeFundingSource(t.db, { kind: "PRIVATE" }),
  ];
  const services = [await makeService(t.db, { billingUnit: "hour" }), await makeService(t.db, { billingUnit: "hour" })];
  const clientsOfMine = [await makeClient(t.db, { unitIds: [mine] }), await makeClient(t.db, { unitIds: [mine] })];
  const clients = [...clientsOfMine, await makeClient(t.db, { unitIds: [other] }), await makeClient(t.db, { unitIds: [other] })];
  const make = invoiceMaker(t.db);
  const rnd = seeded(12);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < 40; i++) {
    const month = `2026-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}`;
    const funder = pick(funders);
    // Half are one client's invoices, half a funder's invoice for several clients.
    const perClient = rnd() < 0.5 ? pick(clients) : null;
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
      client: perClient ?? pick(clients),
      service: pick(services),
      cents: 1000 + Math.floor(rnd() * 50000),
    }));
    const invoiceDate = `${month}-${String(5 + Math.floor(rnd() * 20)).padStart(2, "0")}`;
    const id = await make({ funder, client: perClient, lines, month: `${month}-01`, invoiceDate, due: invoiceDate });
    const roll = rnd();
    if (roll < 0.15) {
      await make({
        funder,
        client: perClient,
        lines: lines.map((l) => ({ ...l, cents: -l.cents })),
        month: `${month}-01`,
        invoiceDate,
        due: invoiceDate,
        type: "CRE",
        credits: id,
      });
    } else if (roll < 0.75) {
      const total = lines.reduce((s, l) => s + l.cents, 0);
      // Paid wholly or in part, some of it in the next year.
      await payInvoice(t.db, id, rnd() < 0.5 ? total : Math.floor(total / 2), rnd() < 0.2 ? "2027-01-15" : `${month}-28`);
    }
  }
  accountant = await makeActor(t.db, { permissions: { "reports:read": "all", "billing:read": "all" } });
  head = await makeActor(t.db, {
    permissions: { "reports:read": "unit", "billing:read": "unit", "clients:read": "unit" },
    unitIds: [mine],
    headOf: [mine],
  });
  ids = { mine, funders, clientsOfMine };
});

type Sums = { funder: string; invoiced: string; credited: string };
/** Straight from the invoice lines, independent of the report's query. */
async function lineSums(clientIds?: string[]) {
  const only = clientIds
    ? sql`AND l.client_id IN (${sql.join(
        clientIds.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await t.db.execute<Sums>(sql`
    SELECT i.funding_source_id AS funder, coalesce(sum(l.net_cents + l.vat_cents) FILTER (WHERE i.type = 'DEB'), 0)::text AS invoiced,
      coalesce(-sum(l.net_cents + l.vat_cents) FILTER (WHERE i.type = 'CRE'), 0)::text AS credited
    FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status <> 'draft' ${only} GROUP BY 1`);
  return new Map([...rows].map((r) => [r.funder, { invoiced: Number(r.invoiced), credited: Number(r.credited) }]));
}

describe("income by funding source", () => {
  it("reconciles: each funder's invoiced and credited equal its invoice lines, the months add up to the total", async () => {
    const report = await incomeReport(ctx(accountant), { ...YEAR, basis: "accrual", measure: "invoiced" });
    const sums = await lineSums();
    expect(report.rows).toHaveLength(sums.size);
    for (const r of report.rows) {
      expect([r.values.invoicedCents, r.values.creditedCents]).toEqual([sums.get(r.key)!.invoiced, sums.get(r.key)!.credited]);
      const months = report.columns.filter((c) => c.month).reduce((s, c) => s + (r.values[c.key] ?? 0), 0);
      expect(months).toBe(r.values.invoicedCents);
    }
    expect(report.columns.filter((c) => c.month)).toHaveLength(12);
    const [balances] = await t.db.execute<{ paid: string; outstanding: string }>(
      sql`SELECT sum(paid_cents)::text AS paid, sum(outstanding_cents)::text AS outstanding FROM invoice_balances`,
    );
    expect(report.totals.paidCents).toBe(Number(balances!.paid));
    // Accrual outstanding is what the invoices still ask for (all of them fall in this year).
    expect(report.totals.outstandingCents).toBe(Number(balances!.outstanding));
  });

  it("cash: payments by booking date, so those booked next year fall outside this year", async () => {
    const cash = await incomeReport(ctx(accountant), { ...YEAR, basis: "cash", measure: "paid" });
    const [paid] = await t.db.execute<{ cents: string }>(
      sql`SELECT coalesce(sum(a.amount_cents), 0)::text AS cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.booking_date <= '2026-12-31'`,
    );
    expect(cash.totals.paidCents).toBe(Number(paid!.cents));
    expect(cash.totals.outstandingCents).toBeNull();
    const months = cash.columns.filter((c) => c.month).reduce((s, c) => s + (cash.totals[c.key] ?? 0), 0);
    expect(months).toBe(cash.totals.paidCents);
  });

  it("a unit's figures are its clients' invoice lines, for the accountant choosing it and for its head", async () => {
    const sums = await lineSums(ids.clientsOfMine);
    const unit = await incomeReport(ctx(accountant), { ...YEAR, unitId: ids.mine, basis: "accrual", measure: "invoiced" });
    for (const r of unit.rows) expect(r.values.invoicedCents).toBe(sums.get(r.key)!.invoiced);
    // The head sees her unit's lines, of a funder's invoice for several units' clients as well: the same figures.
    const own = await incomeReport(ctx(head), { ...YEAR, basis: "accrual", measure: "invoiced" });
    expect(own.rows.map((r) => [r.key, r.values.invoicedCents])).toEqual(unit.rows.map((r) => [r.key, r.values.invoicedCents]));
    expect(own.totals).toEqual(unit.totals);
    const drill = await incomeRows(ctx(head), { ...YEAR, basis: "accrual", measure: "invoiced", key: own.rows[0]!.key });
    expect(drill.rows.every((r) => r.clientId !== null && ids.clientsOfMine.includes(r.clientId))).toBe(true);
  });

  it("the drill-down's lines add up to the funder's invoiced less credited", async () => {
    const report = await incomeReport(ctx(accountant), { ...YEAR, basis: "accrual", measure: "invoiced" });
    const row = report.rows[0]!;
    const drill = await incomeRows(ctx(accountant), { ...YEAR, basis: "accrual", measure: "invoiced", key: row.key });
    expect(drill.rows.reduce((s, r) => s + r.cents, 0)).toBe(row.values.invoicedCents! - row.values.creditedCents!);
  });

  it("a month's figure opens that month's lines, and the totals every funder's, on either basis", async () => {
    for (const basis of ["accrual", "cash"] as const) {
      const invoiced = await incomeReport(ctx(accountant), { ...YEAR, basis, measure: "invoiced" });
      const credited = await incomeReport(ctx(accountant), { ...YEAR, basis, measure: "credited" });
      for (const row of invoiced.rows) {
        const other = credited.rows.find((r) => r.key === row.key)!;
        for (const month of ["2026-03", "2026-08"]) {
          const drill = await incomeRows(ctx(accountant), { ...YEAR, basis, measure: "invoiced", key: row.key, month });
          expect(drill.rows.every((r) => (basis === "accrual" ? r.month : r.invoiceDate.slice(0, 7)) === month)).toBe(true);
          expect(drill.rows.reduce((s, r) => s + r.cents, 0)).toBe(row.values[`m${month}`]! - other.values[`m${month}`]!);
        }
      }
      const all = await incomeRows(ctx(accountant), { ...YEAR, basis, measure: "invoiced", key: null });
      expect(all.rows.reduce((s, r) => s + r.cents, 0)).toBe(invoiced.totals.invoicedCents! - invoiced.totals.creditedCents!);
    }
  });

  it("the CSV heads the month columns by month and carries the screen's totals", async () => {
    const report = await incomeReport(ctx(accountant), { ...YEAR, basis: "accrual", measure: "invoiced" });
    const csv = reportToCsv(report, "et");
    expect(csv).toContain("Rahastaja;01.2026;02.2026;");
    expect(csv).toContain(';"Arveldatud, €";"Krediteeritud, €";"Laekunud, €";"Tasumata, €"');
    const totals = csv.split(/\r?\n/).find((l) => l.startsWith("Kokku;"))!;
    expect(totals.split(";").at(-4)).toBe((report.totals.invoicedCents! / 100).toFixed(2).replace(".", ","));
  });

  it("refuses outstanding on a cash basis and a period ending before it starts, naming the field", async () => {
    const cash = await appErrorOf(incomeReport(ctx(accountant), { ...YEAR, basis: "cash", measure: "outstanding" }));
    expect([cash.code, cash.field]).toEqual(["INVALID_INPUT", "measure"]);
    const order = await appErrorOf(
      incomeReport(ctx(accountant), { from: "2026-05-01", to: "2026-04-01", basis: "accrual", measure: "invoiced" }),
    );
    expect(order.field).toBe("to");
    const noMoney = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    expect((await appErrorOf(incomeReport(ctx(noMoney), { ...YEAR, basis: "accrual", measure: "invoiced" }))).code).toBe("FORBIDDEN");
  });
});
