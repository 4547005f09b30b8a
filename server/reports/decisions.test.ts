import { beforeAll, describe, expect, it } from "vitest";
import { serviceEntries } from "@/db/schema";
import { tallinnTime } from "@/lib/tallinn-time";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { decisionsReport } from "./decisions";
import { entryRows } from "./drill";
import { sessionRows } from "./drill-sessions";

/**
 * Report 5, funding decisions: each hard limit's cap, used, planned and remaining, % used against
 * % of time passed, days left and the run-out warning; only the scope's clients; billing:read needed.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const TODAY = "2026-07-01";
let head: Actor;
let accountant: Actor;
let ids: { yearly: string; volume: string; other: string; service: string };

beforeAll(async () => {
  const mine = await makeUnit(t.db, { name: "Tallinn" });
  const other = await makeUnit(t.db, { name: "Tartu" });
  const funder = await makeFundingSource(t.db, { kind: "SRT" });
  const service = await makeService(t.db, { billingUnit: "hour" });
  await makePriceVersion(t.db, {
    fundingSourceId: funder,
    validFrom: "2020-01-01",
    items: [{ serviceId: service, unitPriceCents: 10000 }],
  });
  const specialist = await makeEmployee(t.db, { unitIds: [mine] });
  const a = await makeClient(t.db, { unitIds: [mine] });
  const b = await makeClient(t.db, { unitIds: [other] });
  // 2026: 1000 EUR a year, of which 600 used by 1 July (just under half the year passed): runs out.
  const yearly = await makeDecision(t.db, {
    clientId: a,
    fundingSourceId: funder,
    startDate: "2026-01-01",
    endDate: "2026-12-31",
    number: "K000001",
    yearlyCapCents: 100000,
    serviceLimits: [{ serviceId: service, maxUnits: 10 }],
  });
  for (const day of ["2026-02-10", "2026-03-10", "2026-04-10"]) {
    await t.db
      .insert(serviceEntries)
      .values({ clientId: a, decisionId: yearly, serviceId: service, serviceDate: day, units: "2", specialistId: specialist });
  }
  await makeSession(t.db, {
    serviceId: service,
    startsAt: tallinnTime("2026-07-15", "10:00"),
    endsAt: tallinnTime("2026-07-15", "11:30"),
    status: "planned",
    specialistIds: [specialist],
    participants: [{ clientId: a, decisionId: yearly }],
  });
  const otherDecision = await makeDecision(t.db, {
    clientId: b,
    fundingSourceId: funder,
    startDate: "2026-01-01",
    endDate: "2026-08-15",
    number: "K000002",
    periodCapCents: 50000,
  });
  head = await makeActor(t.db, {
    permissions: { "reports:read": "unit", "billing:read": "unit", "clients:read": "unit" },
    unitIds: [mine],
    headOf: [mine],
  });
  accountant = await makeActor(t.db, { permissions: { "reports:read": "all", "billing:read": "all" } });
  ids = { yearly, volume: yearly, other: otherDecision, service };
});

describe("funding decisions", () => {
  it("each hard limit: cap, used, planned, remaining, time passed and the run-out warning", async () => {
    const report = await decisionsReport(ctx(accountant), { from: "2026-01-01", to: "2026-12-31" }, TODAY);
    const year = report.rows.find((r) => r.key.startsWith(`${ids.yearly}:year::`))!;
    expect(year.values).toMatchObject({
      capCents: 100000,
      usedCents: 60000,
      remainingCents: 40000,
      usedPct: 60,
      daysLeft: 183,
      runsOut: 1,
    });
    // 1 January to 1 July, both counted: 182 of 365 days.
    expect(year.values.periodPct).toBe(49.9);
    const volume = report.rows.find((r) => r.key.startsWith(`${ids.volume}:service:`))!;
    expect(volume.values).toMatchObject({ capUnits: 10, usedUnits: 6, plannedUnits: 1.5, remainingUnits: 2.5, usedPct: 60, runsOut: 1 });
    const period = report.rows.find((r) => r.key.startsWith(`${ids.other}:period::`))!;
    expect(period.values).toMatchObject({ capCents: 50000, usedCents: 0, runsOut: 0, daysLeft: 45 });
    expect(report.totals).toMatchObject({ capCents: 150000, usedCents: 60000, daysLeft: 1 });
  });

  it("the unit head sees only their clients' decisions, with the client named", async () => {
    const report = await decisionsReport(ctx(head), { from: "2026-01-01", to: "2026-12-31" }, TODAY);
    expect(report.rows.map((r) => r.key.split(":")[0])).not.toContain(ids.other);
    expect(report.rows.every((r) => r.label.et.startsWith("K000001 · Client "))).toBe(true);
  });

  it("a limit's used figure opens the entries it is made of, its planned figure the open sessions", async () => {
    const report = await decisionsReport(ctx(accountant), { from: "2026-01-01", to: "2026-12-31" }, TODAY);
    const volume = report.rows.find((r) => r.key.startsWith(`${ids.volume}:service:`))!;
    expect(volume.drill).toBe(true);
    const [decisionId, , serviceId, from, to] = volume.key.split(":") as [string, string, string, string, string];
    expect([decisionId, serviceId, from, to]).toEqual([ids.volume, ids.service, "2026-01-01", "2026-12-31"]);
    const used = await entryRows(ctx(accountant), {
      from,
      to,
      serviceId,
      groupBy: "service",
      key: null,
      report: "decisionLimit",
      decisionId,
    });
    expect(used.rows.map((r) => r.date)).toEqual(["2026-02-10", "2026-03-10", "2026-04-10"]);
    expect(used.rows.reduce((a, r) => a + r.units, 0)).toBe(volume.values.usedUnits);
    const planned = await sessionRows(ctx(accountant), { from, to, serviceId, decisionId, measure: "limitPlanned" });
    expect(planned.rows).toHaveLength(1);
    expect(planned.rows[0]!.startsAt).toBe(tallinnTime("2026-07-15", "10:00").toISOString());
    // The head of Tallinn may not open the Tartu client's decision: nothing of it is listed.
    const [otherId, , , oFrom, oTo] = report.rows.find((r) => r.key.startsWith(`${ids.other}:`))!.key.split(":") as string[];
    const foreign = await entryRows(ctx(head), {
      from: oFrom!,
      to: oTo!,
      groupBy: "service",
      key: null,
      report: "decisionLimit",
      decisionId: otherId!,
    });
    expect(foreign.rows).toEqual([]);
  });

  it("a limit's used figure counts exactly its window's days, whole months or partly covered ones", async () => {
    // Whole months come from the monthly aggregate and the days of a partly covered month from the
    // entries: windows starting and ending mid-month, one inside a single month, and a decision
    // shortened by plain SQL after its entries (the app refuses that; the report still counts the window only).
    const unit = await makeUnit(t.db, { name: "Pärnu" });
    const funder = await makeFundingSource(t.db, { kind: "KOV" });
    const service = await makeService(t.db, { billingUnit: "hour" });
    await makePriceVersion(t.db, {
      fundingSourceId: funder,
      validFrom: "2020-01-01",
      items: [{ serviceId: service, unitPriceCents: 1000 }],
    });
    const specialist = await makeEmployee(t.db, { unitIds: [unit] });
    const caps = {
      periodCapCents: 10_000_000,
      yearlyCapCents: 10_000_000,
      monthlyCapCents: 10_000_000,
      serviceLimits: [{ serviceId: service, maxUnits: 10_000 }],
    };
    const spans = [
      {
        start: "2026-03-17",
        end: "2026-06-12",
        days: ["2026-03-17", "2026-03-31", "2026-04-01", "2026-04-30", "2026-05-15", "2026-06-01", "2026-06-12"],
      },
      { start: "2026-05-05", end: "2026-05-20", days: ["2026-05-05", "2026-05-10", "2026-05-20"] },
      { start: "2026-02-01", end: "2026-05-31", days: ["2026-02-01", "2026-02-28", "2026-05-09", "2026-05-10", "2026-05-31"] },
    ];
    const decisions: string[] = [];
    for (const [i, span] of spans.entries()) {
      const clientId = await makeClient(t.db, { unitIds: [unit] });
      const id = await makeDecision(t.db, {
        clientId,
        fundingSourceId: funder,
        startDate: span.start,
        endDate: span.end,
        number: `P00000${i}`,
        ...caps,
      });
      for (const [k, day] of span.days.entries())
        await t.db
          .insert(serviceEntries)
          .values({ clientId, decisionId: id, serviceId: service, serviceDate: day, units: String(k + 1), specialistId: specialist });
      decisions.push(id);
    }
    // The third decision ends on 9 May now: its entries of 10 and 31 May lie outside every window.
    await t.sql`UPDATE funding_decisions SET end_date = '2026-05-09' WHERE id = ${decisions[2]!}`;
    const report = await decisionsReport(ctx(accountant), { from: "2026-01-01", to: "2026-12-31", unitId: unit }, "2026-05-10");
    const rows = report.rows.filter((r) => decisions.includes(r.key.split(":")[0]!));
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const [decisionId, kind, , from, to] = row.key.split(":") as [string, string, string, string, string];
      const [direct] = await t.sql<{ units: string; cents: string }[]>`
        SELECT coalesce(sum(units), 0)::text AS units, coalesce(sum(amount_cents), 0)::text AS cents FROM service_entries
        WHERE decision_id = ${decisionId} AND service_date BETWEEN ${from}::date AND ${to}::date`;
      if (kind === "service") expect([row.key, row.values.usedUnits]).toEqual([row.key, Number(direct!.units)]);
      else expect([row.key, row.values.usedCents]).toEqual([row.key, Number(direct!.cents)]);
    }
    // Spot checks against the days themselves: March 17–31 and June 1–12 around two whole months.
    const period = (i: number) => rows.find((r) => r.key.startsWith(`${decisions[i]}:period:`))!.values.usedCents;
    expect(period(0)).toBe((1 + 2 + 3 + 4 + 5 + 6 + 7) * 1000);
    expect(period(1)).toBe((1 + 2 + 3) * 1000);
    expect(period(2)).toBe((1 + 2 + 3) * 1000);
    const month = (i: number) => rows.find((r) => r.key.startsWith(`${decisions[i]}:month:`))!.values.usedCents;
    expect([month(0), month(1), month(2)]).toEqual([5000, 6000, 3000]);
  });

  it("needs billing:read besides reports:read", async () => {
    const noMoney = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    expect((await appErrorOf(decisionsReport(ctx(noMoney), { from: "2026-01-01", to: "2026-12-31" }, TODAY))).code).toBe("FORBIDDEN");
  });
});
