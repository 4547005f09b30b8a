import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { invoiceLines, invoices, paymentAllocations, payments, serviceReports } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makeService } from "@/server/testing/funding-factories";
import { receivableRows, receivablesReport } from "./receivables";

/**
 * Report 6, receivables: open invoices by funder aged by days past due, as on the period's end;
 * payments booked later and settled credit notes do not count; a unit head counts only their
 * clients' invoices; billing:read needed; a bad period is refused by name.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const TODAY = "2026-12-01";
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
let head: Actor;
let accountant: Actor;
let ids: { ska: string; kov: string; a: string; b: string };
let n = 0;
const decisions = new Map<string, string>();

/** A numbered invoice of one client's line: inserted as a draft with its line, then confirmed (lines freeze then). */
async function invoice(o: { funder: string; client: string; cents: number; due: string; type?: "DEB" | "CRE"; credits?: string }) {
  const key = `${o.client}:${o.funder}`;
  const decisionId = decisions.get(key) ?? await makeDecision(t.db, { clientId: o.client, fundingSourceId: o.funder, startDate: "2026-01-01", endDate: "2026-12-31" });
  decisions.set(key, decisionId);
  // One service report per decision and month: each invoice its own month.
  const month = `2026-${String(++n).padStart(2, "0")}-01`;
  const [report] = await t.db.insert(serviceReports).values({ clientId: o.client, decisionId, month, status: "confirmed", confirmedAt: new Date() }).returning();
  const seq = 900000 + n;
  const [row] = await t.db.insert(invoices).values({
    type: o.type ?? "DEB", status: "draft", fundingSourceId: o.funder, clientId: o.client, month, 
    netCents: o.cents, vatCents: 0, totalCents: o.cents, creditedInvoiceId: o.credits ?? null,
  }).returning();
  await t.db.insert(invoiceLines).values({
    invoiceId: row!.id, serviceReportId: report!.id, clientId: o.client, clientName: "Client", decisionNumber: "K1", serviceId: ids.service,
    serviceCode: "S1", serviceName: "Service", quantity: "1", unit: "hour", unitPriceCents: o.cents, netCents: o.cents, vatStatus: "exempt", vatRate: null, vatCents: 0,
  });
  await t.db.update(invoices).set({
    status: "confirmed", confirmedAt: new Date(), seriesPrefix: "RR", sequenceNumber: seq, number: `RR${seq}`, invoiceDate: "2026-07-01", dueDate: o.due,
  }).where(eq(invoices.id, row!.id));
  return row!.id;
}

async function pay(invoiceId: string, cents: number, on: string) {
  const [p] = await t.db.insert(payments).values({ source: "manual", bookingDate: on, amountCents: cents, remittance: "" }).returning();
  await t.db.insert(paymentAllocations).values({ paymentId: p!.id, invoiceId, amountCents: cents, method: "person" });
}

beforeAll(async () => {
  const mine = await makeUnit(t.db, { name: "Tallinn" });
  const other = await makeUnit(t.db, { name: "Tartu" });
  const ska = await makeFundingSource(t.db, { kind: "SRT", name: "SKA" });
  const kov = await makeFundingSource(t.db, { kind: "KOV", name: "Tallinna linn" });
  const a = await makeClient(t.db, { unitIds: [mine] });
  const b = await makeClient(t.db, { unitIds: [other] });
  ids = { ska, kov, a, b, service: await makeService(t.db, { billingUnit: "hour" }) } as typeof ids & { service: string };
  // 11 days late, 40 of 100 paid on 25 November.
  const late = await invoice({ funder: ska, client: a, cents: 10000, due: "2026-11-20" });
  await pay(late, 4000, "2026-11-25");
  // The other unit's client: 122 days late.
  await invoice({ funder: ska, client: b, cents: 20000, due: "2026-08-01" });
  // Not due yet, but wholly credited: nothing open.
  const credited = await invoice({ funder: ska, client: a, cents: 5000, due: "2026-12-10" });
  await invoice({ funder: ska, client: a, cents: -5000, due: "2026-12-10", type: "CRE", credits: credited });
  // 61 days late.
  await invoice({ funder: kov, client: a, cents: 3000, due: "2026-10-01" });
  head = await makeActor(t.db, { permissions: { "reports:read": "unit", "billing:read": "unit", "clients:read": "unit" }, unitIds: [mine], headOf: [mine] });
  accountant = await makeActor(t.db, { permissions: { "reports:read": "all", "billing:read": "all" } });
});

describe("receivables", () => {
  it("open invoices by funder in the buckets of days overdue, credit notes and payments subtracted", async () => {
    const report = await receivablesReport(ctx(accountant), YEAR, TODAY);
    const ska = report.rows.find((r) => r.key === ids.ska)!;
    expect(ska.values).toEqual({ invoices: 2, notDueCents: 0, days0to30Cents: 6000, days31to60Cents: 0, days61to90Cents: 0, days90Cents: 20000, outstandingCents: 26000 });
    expect(report.rows.find((r) => r.key === ids.kov)!.values).toMatchObject({ invoices: 1, days61to90Cents: 3000, outstandingCents: 3000 });
    expect(report.totals).toMatchObject({ invoices: 3, outstandingCents: 29000 });
  });

  it("as on the period's end: a payment booked later still counts as owed, and the ages are of that day", async () => {
    const report = await receivablesReport(ctx(accountant), { from: "2026-01-01", to: "2026-11-24" }, TODAY);
    expect(report.rows.find((r) => r.key === ids.ska)!.values).toMatchObject({ days0to30Cents: 10000, days90Cents: 20000, outstandingCents: 30000 });
    expect(report.rows.find((r) => r.key === ids.kov)!.values).toMatchObject({ days31to60Cents: 3000 });
  });

  it("the funder filter keeps one funder's row", async () => {
    const report = await receivablesReport(ctx(accountant), { ...YEAR, fundingSourceId: ids.kov }, TODAY);
    expect(report.rows.map((r) => r.key)).toEqual([ids.kov]);
  });

  it("the drill-down lists the invoices behind a funder's row with their days overdue", async () => {
    const rows = await receivableRows(ctx(accountant), { ...YEAR, key: ids.ska }, TODAY);
    expect(rows.map((r) => [r.daysOverdue, r.outstandingCents])).toEqual([[122, 20000], [11, 6000]]);
    expect(rows.reduce((s, r) => s + r.outstandingCents, 0)).toBe(26000);
  });

  it("the unit head sees only their units' clients' invoices, in the report and the drill-down", async () => {
    const report = await receivablesReport(ctx(head), YEAR, TODAY);
    expect(report.rows.find((r) => r.key === ids.ska)!.values).toMatchObject({ invoices: 1, days90Cents: 0, outstandingCents: 6000 });
    expect(report.totals.outstandingCents).toBe(9000);
    const rows = await receivableRows(ctx(head), { ...YEAR, key: ids.ska }, TODAY);
    expect(rows.map((r) => r.outstandingCents)).toEqual([6000]);
  });

  it("needs billing:read, and a period ending before it starts is refused by its field", async () => {
    const noMoney = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    expect((await appErrorOf(receivablesReport(ctx(noMoney), YEAR, TODAY))).code).toBe("FORBIDDEN");
    const bad = await appErrorOf(receivablesReport(ctx(accountant), { from: "2026-05-01", to: "2026-04-01" }, TODAY));
    expect([bad.code, bad.field]).toEqual(["INVALID_INPUT", "to"]);
  });
});
