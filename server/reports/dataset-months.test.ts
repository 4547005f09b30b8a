import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainContext } from "@/server/domain-context";
import { useTestDatabase } from "@/server/testing/database";
import { makeReportWorld, type ReportWorld } from "@/server/testing/report-factories";
import { serviceStructure } from "./service-structure";
import { wholeMonths } from "./dataset-months";

/**
 * The monthly dataset aggregate (service_entry_months) stays exact: after inserts, updates and
 * deletes of entries, a session shared by two entries and split again, a session moved to another
 * length, a locked and re-opened month and a credit note, it equals the aggregate computed afresh
 * from the entries, and the service-structure report read from it equals the plain computation
 * over the entries, for whole years and for periods that cut months in half.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const ctx = (): DomainContext => ({ db: t.db, actor: w.accountant, ip: null });

/** The aggregate as the entries define it, rows as sorted text. */
async function recomputed(): Promise<string[]> {
  const rows = await t.sql<{ r: string }[]>`
    SELECT concat_ws('|', date_trunc('month', e.service_date)::date, e.client_id, e.decision_id, e.service_id, e.specialist_id,
      coalesce(e.specialty_id, s.specialty_id), count(*), count(*) FILTER (WHERE e.session_id IS NULL
        OR (SELECT count(*) FROM service_entries o WHERE o.session_id = e.session_id) = 1),
      sum(e.units)::numeric(20, 6), sum(CASE s.billing_unit WHEN 'hour' THEN e.units WHEN 'academic_hour' THEN e.units * 0.75
        ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END)::numeric(20, 6), sum(e.amount_cents)) AS r
    FROM service_entries e JOIN services s ON s.id = e.service_id LEFT JOIN sessions ss ON ss.id = e.session_id
    GROUP BY date_trunc('month', e.service_date), e.client_id, e.decision_id, e.service_id, e.specialist_id, coalesce(e.specialty_id, s.specialty_id)
    ORDER BY 1`;
  return rows.map((x) => x.r);
}

async function stored(): Promise<string[]> {
  const rows = await t.sql<{ r: string }[]>`
    SELECT concat_ws('|', month, client_id, decision_id, service_id, specialist_id, specialty_id, entries, solo_sessions,
      units::numeric(20, 6), hours::numeric(20, 6), amount_cents) AS r FROM service_entry_months ORDER BY 1`;
  return rows.map((x) => x.r);
}

async function expectExact() {
  expect(await stored()).toEqual(await recomputed());
  const shared = await t.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT session_id FROM service_entries WHERE session_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) x
    FULL JOIN service_entry_shared_sessions sh USING (session_id) WHERE x.session_id IS NULL OR sh.session_id IS NULL`;
  expect(shared[0]!.n).toBe(0);
}

/** Service structure by service computed plainly from the entries, as the report did before the aggregate. */
async function plainStructure(from: string, to: string) {
  const rows = await t.sql<{ key: string; hours: string; sessions: number; cents: string }[]>`
    SELECT e.service_id::text AS key, sum(CASE s.billing_unit WHEN 'hour' THEN e.units WHEN 'academic_hour' THEN e.units * 0.75
        ELSE coalesce(extract(epoch FROM (ss.ends_at - ss.starts_at)) / 3600, 0)::numeric END)::text AS hours,
      count(DISTINCT coalesce(e.session_id, e.id))::int AS sessions, sum(e.amount_cents)::text AS cents
    FROM service_entries e JOIN services s ON s.id = e.service_id LEFT JOIN sessions ss ON ss.id = e.session_id
    WHERE e.service_date BETWEEN ${from}::date AND ${to}::date GROUP BY 1`;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return Object.fromEntries(rows.map((r) => [r.key, { hours: round2(Number(r.hours)), sessions: r.sessions, cents: Number(r.cents) }]));
}

async function expectReportsExact() {
  for (const [from, to] of [
    ["2026-01-01", "2026-12-31"],
    ["2025-02-14", "2026-07-09"],
    ["2026-03-03", "2026-03-20"],
  ] as const) {
    const report = await serviceStructure(ctx(), { from, to, groupBy: "service" });
    const got = Object.fromEntries(
      report.rows
        .filter((r) => r.values.sessions! > 0)
        .map((r) => [r.key, { hours: r.values.hours, sessions: r.values.sessions, cents: r.values.cents }]),
    );
    expect(got).toEqual(await plainStructure(from, to));
  }
}

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 120, seed: 3 });
});

describe("the monthly dataset aggregate", () => {
  it("splits a period into whole months and edge days", () => {
    expect(wholeMonths("2026-01-01", "2026-12-31")).toEqual({ start: "2026-01-01", end: "2027-01-01" });
    expect(wholeMonths("2025-02-14", "2026-07-09")).toEqual({ start: "2025-03-01", end: "2026-07-01" });
    expect(wholeMonths("2026-03-03", "2026-03-20")).toBeNull();
    expect(wholeMonths("2024-02-01", "2024-02-29")).toEqual({ start: "2024-02-01", end: "2024-03-01" });
  });

  it("equals the entries after they were made, and so does the report", async () => {
    expect((await stored()).length).toBeGreaterThan(20);
    await expectExact();
    await expectReportsExact();
  });

  it("follows updates of units, dates across months and specialists, and deletes", async () => {
    const ids = w.entries.map((e) => e.id);
    await t.db.execute(sql`UPDATE service_entries SET units = units + 0.5 WHERE id = ${ids[0]} OR id = ${ids[1]}`);
    await t.db.execute(sql`UPDATE service_entries SET service_date = service_date + 20 WHERE id = ${ids[2]}`);
    await t.db.execute(sql`UPDATE service_entries SET specialist_id = ${w.tartuSpecialist} WHERE id = ${ids[3]}`);
    await t.db.execute(sql`UPDATE service_entries SET description = 'muudetud' WHERE id = ${ids[4]}`);
    await t.db.execute(sql`DELETE FROM service_entries WHERE id IN (${ids[5]}, ${ids[6]}, ${ids[7]})`);
    await expectExact();
    await expectReportsExact();
  });

  it("counts a session shared by two entries once, and alone again when one leaves", async () => {
    const withSession = w.entries.filter((e) => e.sessionHours !== null && e.clientId !== w.entries[20]!.clientId);
    const [a, b] = [withSession[10]!, withSession[11]!];
    const [session] = await t.sql<{ session_id: string }[]>`SELECT session_id FROM service_entries WHERE id = ${a.id}`;
    await t.db.execute(sql`UPDATE service_entries SET session_id = ${session!.session_id} WHERE id = ${b.id}`);
    expect((await t.sql`SELECT 1 FROM service_entry_shared_sessions WHERE session_id = ${session!.session_id}`).length).toBe(1);
    await expectExact();
    await expectReportsExact();
    await t.db.execute(sql`DELETE FROM service_entries WHERE id = ${b.id}`);
    expect((await t.sql`SELECT 1 FROM service_entry_shared_sessions WHERE session_id = ${session!.session_id}`).length).toBe(0);
    await expectExact();
    await expectReportsExact();
  });

  it("takes a moved session's new length as the hours of its per-session entries", async () => {
    const e = w.entries.find((x) => x.billingUnit === "session" && x.date.startsWith("2026"))!;
    await t.db.execute(sql`UPDATE sessions SET ends_at = ends_at + interval '30 minutes'
      WHERE id = (SELECT session_id FROM service_entries WHERE id = ${e.id})`);
    await expectExact();
    await expectReportsExact();
  });

  it("stays exact through a locked month, its re-opening and a credit note", async () => {
    const [e] = await t.sql<{ id: string; client_id: string; decision_id: string }[]>`
      SELECT id, client_id, decision_id FROM service_entries WHERE service_date BETWEEN '2026-05-01' AND '2026-05-31' ORDER BY id LIMIT 1`;
    const [report] = await t.sql<{ id: string }[]>`
      INSERT INTO service_reports (client_id, decision_id, month, status, confirmed_at)
      VALUES (${e!.client_id}, ${e!.decision_id}, '2026-05-01', 'confirmed', now()) RETURNING id`;
    await expect(t.db.execute(sql`UPDATE service_entries SET units = units + 1 WHERE id = ${e!.id}`)).rejects.toThrow();
    await expectExact();
    await t.sql`UPDATE service_reports SET status = 'reopened', reopened_at = now(), reopen_reason = 'parandus' WHERE id = ${report!.id}`;
    await t.db.execute(sql`UPDATE service_entries SET units = units + 1 WHERE id = ${e!.id}`);
    await t.sql`UPDATE service_reports SET status = 'confirmed' WHERE id = ${report!.id}`;
    // A credit note changes invoices, never the dataset: the aggregate and the report stay as they are.
    const before = await stored();
    const [debit] = await t.sql<{ id: string }[]>`
      INSERT INTO invoices (type, status, funding_source_id, month, number, series_prefix, sequence_number, invoice_date, net_cents, total_cents)
      VALUES ('DEB', 'confirmed', ${w.srt}, '2026-05-01', 'P1', 'P', 1, '2026-06-05', 1000, 1000) RETURNING id`;
    await t.sql`INSERT INTO invoices (type, status, funding_source_id, month, number, series_prefix, sequence_number, invoice_date, net_cents, total_cents, credited_invoice_id)
      VALUES ('CRE', 'confirmed', ${w.srt}, '2026-05-01', 'P2', 'P', 2, '2026-06-20', -1000, -1000, ${debit!.id})`;
    expect(await stored()).toEqual(before);
    await expectExact();
    await expectReportsExact();
  });

  it("is rebuilt for a service whose billing unit changes", async () => {
    const service = w.services.find((s) => s.billingUnit === "academic_hour")!;
    await t.db.execute(sql`UPDATE services SET billing_unit = 'hour' WHERE id = ${service.id}`);
    await expectExact();
    await expectReportsExact();
  });
});
