import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { invoiceLines, invoices, serviceReports } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor } from "@/server/testing/factories";
import { payInvoice } from "@/server/testing/invoice-factories";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import { makeTimeEntry, makeWorkType } from "@/server/testing/workload-factories";
import { earningsReport } from "./earnings";

/**
 * Report 3, money brought in: the billable value of the entries per specialist and per unit, of
 * it what is invoiced and paid (one decision's month invoiced and half paid), general-work hours
 * beside; a unit head's figures are their units' clients' only.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const PERIOD = { from: "2025-01-01", to: "2026-12-31" };
let w: ReportWorld;
let billed: { amounts: number[]; paid: number; due: number };

beforeAll(async () => {
  w = await makeReportWorld(t.db);
  // The month of the first generated entry's decision: reported, invoiced and half paid.
  const [first] = await t.db.execute<{ decision_id: string; client_id: string; month: string }>(sql`
    SELECT decision_id, client_id, date_trunc('month', service_date)::date::text AS month FROM service_entries WHERE id = ${w.entries[0]!.id}`);
  // Paid is shared out per row of the monthly dataset (client, decision, service, specialist): the amounts of those rows.
  const amounts = [
    ...(await t.db.execute<{ cents: string }>(sql`
    SELECT sum(amount_cents)::text AS cents FROM service_entries WHERE decision_id = ${first!.decision_id} AND date_trunc('month', service_date) = ${first!.month}::date
    GROUP BY client_id, service_id, specialist_id, specialty_id`)),
  ].map((r) => Number(r.cents));
  const due = amounts.reduce((s, a) => s + a, 0);
  const [report] = await t.db
    .insert(serviceReports)
    .values({
      clientId: first!.client_id,
      decisionId: first!.decision_id,
      month: first!.month,
      status: "confirmed",
      confirmedAt: new Date(),
    })
    .returning();
  const [invoice] = await t.db
    .insert(invoices)
    .values({ fundingSourceId: w.srt, month: first!.month, netCents: due, vatCents: 0, totalCents: due })
    .returning();
  await t.db.insert(invoiceLines).values({
    invoiceId: invoice!.id,
    serviceReportId: report!.id,
    clientId: first!.client_id,
    clientName: "Client",
    decisionNumber: "K1",
    serviceId: w.services[0]!.id,
    serviceCode: "S1",
    serviceName: "Service",
    quantity: "1",
    unit: "hour",
    unitPriceCents: due,
    netCents: due,
    vatStatus: "exempt",
    vatRate: null,
    vatCents: 0,
  });
  await t.db
    .update(invoices)
    .set({
      status: "confirmed",
      number: "EE1",
      seriesPrefix: "EE",
      sequenceNumber: 1,
      invoiceDate: "2026-11-01",
      dueDate: "2026-11-15",
      confirmedAt: new Date(),
    })
    .where(eq(invoices.id, invoice!.id));
  const paid = Math.floor(due / 2);
  await payInvoice(t.db, invoice!.id, paid, "2026-11-10");
  billed = { amounts, paid, due };
  const meetings = await makeWorkType(t.db, { name: "Koosolek", unitId: w.tallinnTeam });
  await makeTimeEntry(t.db, { employeeId: w.tallinnSpecialist, workTypeId: meetings, workDate: "2026-03-02", hours: 2.5 });
  await makeTimeEntry(t.db, {
    employeeId: w.tartuSpecialist,
    workTypeId: await makeWorkType(t.db, { name: "Koolitus", unitId: w.tartu }),
    workDate: "2026-03-03",
    hours: 4,
  });
});

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe("money brought in", () => {
  it("per specialist: the entries' value, of it invoiced and paid, and general-work hours", async () => {
    const report = await earningsReport(ctx(w.accountant), { ...PERIOD, by: "specialist" });
    for (const specialist of [w.tallinnSpecialist, w.tartuSpecialist]) {
      const own = w.entries.filter((e) => e.specialistId === specialist);
      expect(report.rows.find((r) => r.key === specialist)!.values).toMatchObject({
        entries: own.length,
        billableCents: sum(own.map((e) => e.amountCents)),
      });
    }
    expect(report.totals.billableCents).toBe(sum(w.entries.map((e) => e.amountCents)));
    expect(report.totals.invoicedCents).toBe(billed.due);
    expect(report.totals.paidCents).toBe(sum(billed.amounts.map((a) => Math.round((a * billed.paid) / billed.due))));
    expect(report.rows.find((r) => r.key === w.tallinnSpecialist)!.values.generalHours).toBe(2.5);
    expect(report.totals.generalHours).toBe(6.5);
  });

  it("per unit: each client's unit, and a unit head sees only their units' clients and staff", async () => {
    const all = await earningsReport(ctx(w.accountant), { ...PERIOD, by: "unit" });
    const tallinnValue = sum(w.entries.filter((e) => e.unit === "tallinn").map((e) => e.amountCents));
    expect(all.rows.find((r) => r.key === w.tallinnTeam)!.values).toMatchObject({ billableCents: tallinnValue, generalHours: 2.5 });
    const head = await earningsReport(ctx(w.tallinnHead), { ...PERIOD, by: "unit" });
    expect(head.rows.map((r) => r.key)).toEqual([w.tallinnTeam]);
    expect(head.totals).toMatchObject({ billableCents: tallinnValue, generalHours: 2.5 });
    const bySpecialist = await earningsReport(ctx(w.tallinnHead), { ...PERIOD, by: "specialist" });
    expect(bySpecialist.rows.map((r) => r.key)).not.toContain(w.tartuSpecialist);
  });

  it("needs billing:read, and an unknown unit is refused by its field", async () => {
    const noMoney = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    expect((await appErrorOf(earningsReport(ctx(noMoney), { ...PERIOD, by: "specialist" }))).code).toBe("FORBIDDEN");
    const unknown = await appErrorOf(
      earningsReport(ctx(w.accountant), { ...PERIOD, by: "unit", unitId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect([unknown.code, unknown.field]).toEqual(["INVALID_INPUT", "unitId"]);
  });
});
