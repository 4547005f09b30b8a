import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeFundingSource, makeService } from "@/server/testing/funding-factories";
import { invoiceMaker, payInvoice } from "@/server/testing/invoice-factories";
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
let ids: { ska: string; kov: string; mine?: string };

beforeAll(async () => {
  const mine = await makeUnit(t.db, { name: "Tallinn" });
  const other = await makeUnit(t.db, { name: "Tartu" });
  const ska = await makeFundingSource(t.db, { kind: "SRT", name: "SKA" });
  const kov = await makeFundingSource(t.db, { kind: "KOV", name: "Tallinna linn" });
  const a = await makeClient(t.db, { unitIds: [mine] });
  const b = await makeClient(t.db, { unitIds: [other] });
  const service = await makeService(t.db, { billingUnit: "hour" });
  ids = { ska, kov };
  const make = invoiceMaker(t.db);
  const invoice = (o: { funder: string; client: string; cents: number; due: string; type?: "DEB" | "CRE"; credits?: string }) =>
    make({ ...o, lines: [{ client: o.client, service, cents: o.cents }] });
  const pay = (id: string, cents: number, on: string) => payInvoice(t.db, id, cents, on);
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
  // One invoice for both units' clients, 6 days late: 10 € for Tallinn's client, 20 € for Tartu's.
  await make({
    funder: kov,
    due: "2026-11-25",
    lines: [
      { client: a, service, cents: 1000 },
      { client: b, service, cents: 2000 },
    ],
  });
  ids.mine = mine;
  head = await makeActor(t.db, {
    permissions: { "reports:read": "unit", "billing:read": "unit", "clients:read": "unit" },
    unitIds: [mine],
    headOf: [mine],
  });
  accountant = await makeActor(t.db, { permissions: { "reports:read": "all", "billing:read": "all" } });
});

describe("receivables", () => {
  it("open invoices by funder in the buckets of days overdue, credit notes and payments subtracted", async () => {
    const report = await receivablesReport(ctx(accountant), YEAR, TODAY);
    const ska = report.rows.find((r) => r.key === ids.ska)!;
    expect(ska.values).toEqual({
      invoices: 2,
      notDueCents: 0,
      days0to30Cents: 6000,
      days31to60Cents: 0,
      days61to90Cents: 0,
      days90Cents: 20000,
      outstandingCents: 26000,
    });
    expect(report.rows.find((r) => r.key === ids.kov)!.values).toMatchObject({
      invoices: 2,
      days0to30Cents: 3000,
      days61to90Cents: 3000,
      outstandingCents: 6000,
    });
    expect(report.totals).toMatchObject({ invoices: 4, outstandingCents: 32000 });
  });

  it("as on the period's end: a payment booked later still counts as owed, and the ages are of that day", async () => {
    const report = await receivablesReport(ctx(accountant), { from: "2026-01-01", to: "2026-11-24" }, TODAY);
    expect(report.rows.find((r) => r.key === ids.ska)!.values).toMatchObject({
      days0to30Cents: 10000,
      days90Cents: 20000,
      outstandingCents: 30000,
    });
    expect(report.rows.find((r) => r.key === ids.kov)!.values).toMatchObject({ notDueCents: 3000, days31to60Cents: 3000 });
  });

  it("the funder filter keeps one funder's row", async () => {
    const report = await receivablesReport(ctx(accountant), { ...YEAR, fundingSourceId: ids.kov }, TODAY);
    expect(report.rows.map((r) => r.key)).toEqual([ids.kov]);
  });

  it("the drill-down lists the invoices behind a funder's row with their days overdue", async () => {
    const rows = await receivableRows(ctx(accountant), { ...YEAR, key: ids.ska }, TODAY);
    expect(rows.map((r) => [r.daysOverdue, r.outstandingCents])).toEqual([
      [122, 20000],
      [11, 6000],
    ]);
    expect(rows.reduce((s, r) => s + r.outstandingCents, 0)).toBe(26000);
  });

  it("a bucket opens its own invoices only, and the totals every funder's", async () => {
    const old = await receivableRows(ctx(accountant), { ...YEAR, key: ids.ska, bucket: "days90Cents" }, TODAY);
    expect(old.map((r) => [r.daysOverdue, r.outstandingCents])).toEqual([[122, 20000]]);
    expect(await receivableRows(ctx(accountant), { ...YEAR, key: ids.ska, bucket: "days31to60Cents" }, TODAY)).toEqual([]);
    const all = await receivableRows(ctx(accountant), { ...YEAR, key: null }, TODAY);
    expect(all.reduce((s, r) => s + r.outstandingCents, 0)).toBe(32000);
  });

  it("the unit head sees only their units' clients' invoices, in the report and the drill-down", async () => {
    const report = await receivablesReport(ctx(head), YEAR, TODAY);
    expect(report.rows.find((r) => r.key === ids.ska)!.values).toMatchObject({ invoices: 1, days90Cents: 0, outstandingCents: 6000 });
    // Her clients' own invoices (6000 + 3000) and her client's part of the invoice for both units (1000).
    expect(report.totals.outstandingCents).toBe(10000);
    const rows = await receivableRows(ctx(head), { ...YEAR, key: ids.ska }, TODAY);
    expect(rows.map((r) => r.outstandingCents)).toEqual([6000]);
    const kov = await receivableRows(ctx(head), { ...YEAR, key: ids.kov }, TODAY);
    expect(kov.map((r) => [r.outstandingCents, r.clients.length])).toEqual([
      [3000, 1],
      [1000, 1],
    ]);
  });

  it("a unit chosen counts only its clients' share of an invoice for several units", async () => {
    const report = await receivablesReport(ctx(accountant), { ...YEAR, unitId: ids.mine }, TODAY);
    expect(report.rows.find((r) => r.key === ids.kov)!.values).toMatchObject({ invoices: 2, days0to30Cents: 1000, outstandingCents: 4000 });
    expect(report.totals.outstandingCents).toBe(10000);
  });

  it("needs billing:read, and a period ending before it starts is refused by its field", async () => {
    const noMoney = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    expect((await appErrorOf(receivablesReport(ctx(noMoney), YEAR, TODAY))).code).toBe("FORBIDDEN");
    const bad = await appErrorOf(receivablesReport(ctx(accountant), { from: "2026-05-01", to: "2026-04-01" }, TODAY));
    expect([bad.code, bad.field]).toEqual(["INVALID_INPUT", "to"]);
  });
});
