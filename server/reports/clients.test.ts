import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import { clientsReport } from "./clients";
import { clientRows } from "./drill-clients";

/**
 * Report 7, clients: active and new clients by funder, unit, sex and age band (from the personal
 * code); a client on two rows counts once in the totals; a unit head counts only their clients.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
let w: ReportWorld;

beforeAll(async () => {
  w = await makeReportWorld(t.db);
});

describe("clients", () => {
  it("by funder: every client with a running decision is active; both funders' rows, each client once in the totals", async () => {
    const report = await clientsReport(ctx(w.accountant), { ...YEAR, by: "funder" });
    expect(report.rows.find((r) => r.key === w.srt)!.values).toEqual({ active: 8, new: 0 });
    expect(report.rows.find((r) => r.key === w.kov)!.values).toEqual({ active: 8, new: 0 });
    expect(report.totals).toEqual({ active: 8, new: 0 });
    // The decisions start on 1 January 2024: new in that year.
    expect((await clientsReport(ctx(w.accountant), { from: "2024-01-01", to: "2024-12-31", by: "funder" })).totals).toEqual({
      active: 8,
      new: 8,
    });
  });

  it("by sex and age band from the personal code, the bands adding up to the total", async () => {
    const codes = [...(await t.db.execute<{ personal_code: string }>(sql`SELECT personal_code FROM clients`))].map((r) => r.personal_code);
    const males = codes.filter((c) => Number(c[0]) % 2 === 1).length;
    const sex = await clientsReport(ctx(w.accountant), { ...YEAR, by: "sex" });
    expect(sex.rows.find((r) => r.key === "male")?.values.active ?? 0).toBe(males);
    expect(sex.rows.find((r) => r.key === "female")?.values.active ?? 0).toBe(codes.length - males);
    const bands = await clientsReport(ctx(w.accountant), { ...YEAR, by: "ageBand" });
    expect(bands.rows.reduce((s, r) => s + r.values.active!, 0)).toBe(8);
    expect(bands.rows.some((r) => r.key === "unknown")).toBe(false);
  });

  it("by county as recorded with the address; the unknown ones on a row of their own", async () => {
    await t.db.execute(sql`UPDATE clients SET county = NULL`);
    await t.db.execute(sql`UPDATE clients SET county = 'harju' WHERE id = ANY(${`{${w.tallinnClients.join(",")}}`}::uuid[])`);
    await t.db.execute(sql`UPDATE clients SET county = 'tartu' WHERE id = ${w.tartuClients[0]!}`);
    const report = await clientsReport(ctx(w.accountant), { ...YEAR, by: "county" });
    expect(report.rows.map((r) => [r.key, r.label.et, r.values.active])).toEqual([
      ["harju", "Harju maakond", 4],
      ["tartu", "Tartu maakond", 1],
      ["unknown", "teadmata", 3],
    ]);
    expect(report.totals.active).toBe(8);
  });

  it("a count opens the clients it is made of; the head of Tallinn has them named, the accountant only counted", async () => {
    const report = await clientsReport(ctx(w.tallinnHead), { ...YEAR, by: "unit" });
    const drill = await clientRows(ctx(w.tallinnHead), { ...YEAR, by: "unit", key: report.rows[0]!.key, onlyNew: false });
    expect(drill.rows.map((r) => r.clientId).sort()).toEqual([...w.tallinnClients].sort());
    expect(drill.total).toBe(report.rows[0]!.values.active);
    expect(drill.hidden).toBe(0);
    // Nobody is new in 2026 (the decisions began in 2024).
    expect((await clientRows(ctx(w.tallinnHead), { ...YEAR, by: "unit", key: null, onlyNew: true })).total).toBe(0);
    const counted = await clientRows(ctx(w.accountant), { ...YEAR, by: "sex", key: null, onlyNew: false });
    expect([counted.total, counted.rows.length, counted.hidden]).toEqual([8, 0, 8]);
  });

  it("the unit head counts only their units' clients", async () => {
    const report = await clientsReport(ctx(w.tallinnHead), { ...YEAR, by: "unit" });
    expect(report.rows.map((r) => r.key)).toEqual([w.tallinnTeam]);
    expect(report.totals.active).toBe(w.tallinnClients.length);
    const byFunder = await clientsReport(ctx(w.tallinnHead), { ...YEAR, by: "funder" });
    expect(byFunder.totals.active).toBe(4);
  });

  it("a service chosen counts the clients with its entries; a period over five years is refused by its field", async () => {
    const service = w.services[0]!.id;
    const withEntries = new Set(w.entries.filter((e) => e.serviceId === service && e.date.startsWith("2026")).map((e) => e.clientId));
    const report = await clientsReport(ctx(w.accountant), { ...YEAR, serviceId: service, by: "service" });
    expect(report.totals.active).toBe(withEntries.size);
    const long = await appErrorOf(clientsReport(ctx(w.accountant), { from: "2020-01-01", to: "2026-12-31", by: "funder" }));
    expect([long.code, long.field]).toEqual(["INVALID_INPUT", "to"]);
  });
});
