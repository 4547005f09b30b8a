import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor } from "@/server/testing/factories";
import { outcomeOf } from "@/server/testing/callers";
import { datasetTotals, hoursOf, makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { entryRows } from "./drill";
import { serviceStructure } from "./service-structure";

/**
 * Report 2, service structure, on generated data: its figures reconcile with the client dataset,
 * a unit head sees only their units' clients, and bad filters are refused with a message.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const YEAR_2026 = { from: "2026-01-01", to: "2026-12-31", groupBy: "service" as const, report: "serviceStructure" as const };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 90, seed: 7 });
});

describe("service structure reconciles with the dataset", () => {
  it("hours, sessions and euros of the whole institution equal the entries themselves", async () => {
    const report = await serviceStructure(ctx(w.accountant), YEAR_2026);
    const inYear = w.entries.filter((e) => e.date.startsWith("2026"));
    expect(inYear.length).toBeGreaterThan(20);
    expect(report.totals.hours).toBe(round2(sum(inYear.map(hoursOf))));
    expect(report.totals.cents).toBe(sum(inYear.map((e) => e.amountCents)));
    expect(report.totals.cents).toBe((await datasetTotals(t.db, "2026-01-01", "2026-12-31")).cents);
    // No group sessions here: every entry is one occasion.
    expect(report.totals.sessions).toBe(inYear.length);
    for (const row of report.rows) {
      const mine = inYear.filter((e) => e.serviceId === row.key);
      expect(row.values.hours).toBe(round2(sum(mine.map(hoursOf))));
      expect(row.values.cents).toBe(sum(mine.map((e) => e.amountCents)));
    }
    expect(sum(report.rows.map((r) => r.values.cents ?? 0))).toBe(report.totals.cents);
    expect(sum(report.rows.map((r) => r.values.hoursShare ?? 0))).toBeCloseTo(100, 0);
  });

  it("the year earlier and the change are the 2025 entries of the same days", async () => {
    const report = await serviceStructure(ctx(w.accountant), YEAR_2026);
    const before = w.entries.filter((e) => e.date.startsWith("2025"));
    expect(report.totals.prevHours).toBe(round2(sum(before.map(hoursOf))));
    expect(report.totals.prevCents).toBe(sum(before.map((e) => e.amountCents)));
    expect(report.totals.centsChange).toBe(report.totals.cents! - report.totals.prevCents!);
  });

  it("the funder filter keeps that funder's entries only, and the drill-down lists exactly them", async () => {
    const report = await serviceStructure(ctx(w.accountant), { ...YEAR_2026, fundingSourceId: w.kov });
    const kov = w.entries.filter((e) => e.date.startsWith("2026") && e.funderId === w.kov);
    expect(report.totals.cents).toBe(sum(kov.map((e) => e.amountCents)));
    const row = report.rows[0]!;
    const drill = await entryRows(ctx(w.accountant), { ...YEAR_2026, fundingSourceId: w.kov, key: row.key });
    expect(drill.total).toBe(kov.filter((e) => e.serviceId === row.key).length);
    expect(sum(drill.rows.map((r) => r.cents ?? 0))).toBe(row.values.cents);
  });
});

describe("a unit head sees their units' figures only", () => {
  it("the head of Tallinn counts Tallinn's clients and nobody else's", async () => {
    const report = await serviceStructure(ctx(w.tallinnHead), YEAR_2026);
    const tallinn = w.entries.filter((e) => e.date.startsWith("2026") && e.unit === "tallinn");
    expect(report.totals.hours).toBe(round2(sum(tallinn.map(hoursOf))));
    expect(report.totals.cents).toBe(sum(tallinn.map((e) => e.amountCents)));
    // The accountant choosing Tallinn sees the same figures.
    const chosen = await serviceStructure(ctx(w.accountant), { ...YEAR_2026, unitId: w.tallinn });
    expect(chosen.totals).toEqual(report.totals);
  });

  it("asking for Tartu, or for a Tartu specialist, is refused", async () => {
    expect((await appErrorOf(serviceStructure(ctx(w.tallinnHead), { ...YEAR_2026, unitId: w.tartu }))).code).toBe("FORBIDDEN");
    expect((await appErrorOf(serviceStructure(ctx(w.tallinnHead), { ...YEAR_2026, employeeId: w.tartuSpecialist }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("the drill-down of a head never lists a Tartu entry", async () => {
    const report = await serviceStructure(ctx(w.tallinnHead), YEAR_2026);
    for (const row of report.rows) {
      const drill = await entryRows(ctx(w.tallinnHead), { ...YEAR_2026, key: row.key });
      const ids = new Set(w.entries.filter((e) => e.unit === "tartu").map((e) => e.id));
      expect(drill.rows.some((r) => ids.has(r.id))).toBe(false);
      expect(drill.rows.every((r) => r.clientId !== null && r.clientName)).toBe(true);
    }
  });

  it("without billing:read there are hours and sessions but no euros", async () => {
    const planner = await makeActor(t.db, { permissions: { "reports:read": "unit" }, unitIds: [w.tallinn] });
    const report = await serviceStructure(ctx(planner), YEAR_2026);
    expect(report.columns.map((c) => c.key)).not.toContain("cents");
    expect(report.totals.cents).toBeUndefined();
    expect(report.totals.hours).toBeGreaterThan(0);
  });

  it("a drill-down names a client only where the client policy reaches", async () => {
    const noClients = await makeActor(t.db, { permissions: { "reports:read": "all" } });
    const report = await serviceStructure(ctx(noClients), YEAR_2026);
    const drill = await entryRows(ctx(noClients), { ...YEAR_2026, key: report.rows[0]!.key });
    expect(drill.rows.length).toBeGreaterThan(0);
    expect(drill.rows.every((r) => r.clientId === null && r.clientName === null)).toBe(true);
  });
});

describe("bad filters get a clear refusal, never a 500", () => {
  it.each([
    ["a period ending before it starts", { from: "2026-05-01", to: "2026-04-30" }, "reports.errors.periodOrder", "to"],
    ["a period of more than five years", { from: "2020-01-01", to: "2025-01-01" }, "reports.errors.periodTooLong", "to"],
    ["an unknown unit", { unitId: "00000000-0000-4000-8000-000000000001" }, "reports.errors.unknownUnit", "unitId"],
    ["an unknown funder", { fundingSourceId: "00000000-0000-4000-8000-000000000002" }, "reports.errors.unknownFunder", "fundingSourceId"],
  ])("%s", async (_name, change, messageKey, field) => {
    const err = await appErrorOf(serviceStructure(ctx(w.accountant), { ...YEAR_2026, ...change }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", messageKey, field });
  });

  it("five years to the day is still allowed", async () => {
    await expect(serviceStructure(ctx(w.accountant), { ...YEAR_2026, from: "2021-01-01", to: "2025-12-31" })).resolves.toBeDefined();
  });

  it("through the router: bad input is 400, a unit out of reach 403", async () => {
    expect(await outcomeOf(t.db, w.accountant, "reports.serviceStructure.get", { from: "2026-02-30", to: "2026-03-01" })).toBe(
      "BAD_REQUEST",
    );
    expect(await outcomeOf(t.db, w.accountant, "reports.serviceStructure.get", { from: "2026-05-01", to: "2026-04-01" })).toBe(
      "BAD_REQUEST",
    );
    expect(await outcomeOf(t.db, w.tallinnHead, "reports.serviceStructure.get", { ...YEAR_2026, unitId: w.tartu })).toBe("FORBIDDEN");
    expect(await outcomeOf(t.db, w.tallinnHead, "reports.serviceStructure.get", YEAR_2026)).toBe("OK");
  });
});
