import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { generateLargeInstallation, type LargeSummary } from "./generate";

/**
 * The large installation's generator at a small scale (npm run demo:large uses the same code at
 * scale 1): the bulk load runs with row triggers off, so this checks every invariant those
 * triggers and the foreign keys would have kept, on what it wrote.
 */

const t = await useTestDatabase();
const TODAY = new Date("2026-12-03T10:00:00Z");
let summary: LargeSummary;
const one = async <T>(q: Promise<T[]>) => (await q)[0]!;

beforeAll(async () => {
  summary = await generateLargeInstallation(t.url, { scale: 0.01, years: 2, today: TODAY });
}, 120_000);

describe("demo:large at scale 0.01", () => {
  it("makes the planned people and four sessions a specialist and working day, with entries and invoices", async () => {
    expect(summary.plan).toMatchObject({ specialists: 5, clients: 50, rooms: 1, from: "2025-01-01", to: "2027-01-31" });
    // 2025 and 2026 have 252 and 253 working days without the fixed holidays, January 2027 20.
    expect(summary.sessions).toBe(5 * 4 * (252 + 253 + 20));
    expect(summary.entries).toBeGreaterThan(summary.sessions * 0.8);
    expect(summary.invoices).toBeGreaterThan(100);
  });

  it("keeps every foreign key, although the load ran without the triggers that check them", async () => {
    const fks = await t.sql<{ child: string; cols: string[]; parent: string; pcols: string[] }[]>`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
        (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
        (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS pcols
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`;
    expect(fks.length).toBeGreaterThan(30);
    for (const fk of fks) {
      const on = fk.cols.map((col, i) => `p."${fk.pcols[i]}" = c."${col}"`).join(" AND ");
      const present = fk.cols.map((col) => `c."${col}" IS NOT NULL`).join(" AND ");
      const [row] = await t.sql.unsafe(
        `SELECT count(*)::int AS n FROM ${fk.child} c WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${on})`,
      );
      expect({ fk: `${fk.child}(${fk.cols}) -> ${fk.parent}`, orphans: row!.n }).toEqual({
        fk: `${fk.child}(${fk.cols}) -> ${fk.parent}`,
        orphans: 0,
      });
    }
  });

  it("double-books no room, specialist or client", async () => {
    // Sorted by start, a range overlaps an earlier one when it starts before the latest end so far.
    const clash = (table: string, key: string, live: string) => `SELECT count(*)::int FROM (SELECT starts_at,
      max(ends_at) OVER (PARTITION BY ${key} ORDER BY starts_at, ends_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
      FROM ${table} WHERE ${key} IS NOT NULL AND ${live}) x WHERE before > starts_at`;
    const [overlaps] = await t.sql.unsafe(`SELECT (${clash("sessions", "room_id", "status <> 'cancelled'")}) AS rooms,
      (${clash("session_specialists", "employee_id", "active")}) AS people, (${clash("session_participants", "client_id", "active")}) AS clients`);
    expect(overlaps).toEqual({ rooms: 0, people: 0, clients: 0 });
    // The join rows carry their session's times and state, as session_member_copy_time keeps them.
    const copies = await one(t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sessions s JOIN session_participants p ON p.session_id = s.id JOIN session_specialists sp ON sp.session_id = s.id
      WHERE p.starts_at <> s.starts_at OR sp.ends_at <> s.ends_at OR p.active <> (s.status <> 'cancelled') OR sp.active <> (s.status <> 'cancelled') OR sp.status <> s.status OR p.status <> s.status`);
    expect(copies.n).toBe(0);
  });

  it("prices every entry from the price list of its day and keeps it inside its decision and limits", async () => {
    const bad = await one(t.sql<{ priced: number; period: number; done: number }[]>`
      SELECT count(*) FILTER (WHERE e.amount_cents <> round(e.units * i.unit_price_cents) OR e.unit_price_cents <> i.unit_price_cents OR i.unit_price_cents IS NULL)::int AS priced,
        count(*) FILTER (WHERE e.service_date NOT BETWEEN d.start_date AND d.end_date OR d.client_id <> e.client_id)::int AS period,
        count(*) FILTER (WHERE s.status <> 'done' OR p.entry_id IS DISTINCT FROM e.id)::int AS done
      FROM service_entries e JOIN funding_decisions d ON d.id = e.decision_id
      LEFT JOIN price_list_versions v ON v.funding_source_id = d.funding_source_id AND v.valid_from <= e.service_date AND (v.valid_to IS NULL OR e.service_date <= v.valid_to)
      LEFT JOIN price_list_items i ON i.version_id = v.id AND i.service_id = e.service_id
      JOIN sessions s ON s.id = e.session_id JOIN session_participants p ON p.session_id = s.id`);
    expect(bad).toEqual({ priced: 0, period: 0, done: 0 });
    const over = await one(t.sql<{ yearly: number; period: number; volume: number }[]>`
      SELECT (SELECT count(*) FROM (SELECT d.id FROM funding_decisions d JOIN service_entries e ON e.decision_id = d.id WHERE d.yearly_cap_cents IS NOT NULL
                GROUP BY d.id, d.yearly_cap_cents, extract(year FROM e.service_date) HAVING sum(e.amount_cents) > d.yearly_cap_cents) x)::int AS yearly,
        (SELECT count(*) FROM (SELECT d.id FROM funding_decisions d JOIN service_entries e ON e.decision_id = d.id WHERE d.period_cap_cents IS NOT NULL
                GROUP BY d.id, d.period_cap_cents HAVING sum(e.amount_cents) > d.period_cap_cents) x)::int AS period,
        (SELECT count(*) FROM (SELECT l.decision_id FROM decision_service_limits l JOIN service_entries e ON e.decision_id = l.decision_id AND e.service_id = l.service_id
                GROUP BY l.decision_id, l.max_units HAVING sum(e.units) > l.max_units) x)::int AS volume`);
    expect(over).toEqual({ yearly: 0, period: 0, volume: 0 });
    // The caps are really there: a quarter of the decisions carry one of each kind.
    const caps = await one(t.sql<{ yearly: number; period: number; volume: number }[]>`
      SELECT count(yearly_cap_cents)::int AS yearly, count(period_cap_cents)::int AS period, (SELECT count(*)::int FROM decision_service_limits) AS volume FROM funding_decisions`);
    expect(caps.yearly).toBeGreaterThan(10);
    expect(caps.period).toBeGreaterThan(10);
    expect(caps.volume).toBe(caps.period);
  });

  it("locks and invoices the months up to two months back, and the invoices equal their entries", async () => {
    const months = await one(t.sql<{ unlocked: number; locked_open: number }[]>`
      SELECT count(*) FILTER (WHERE r.id IS NULL AND e.service_date < '2026-11-01')::int AS unlocked,
        count(*) FILTER (WHERE r.id IS NOT NULL AND e.service_date >= '2026-11-01')::int AS locked_open
      FROM service_entries e LEFT JOIN service_reports r ON r.decision_id = e.decision_id AND r.month = date_trunc('month', e.service_date)`);
    expect(months).toEqual({ unlocked: 0, locked_open: 0 });
    const sums = await one(t.sql<{ entries: string; lines: string; invoices: string; credited: string }[]>`
      SELECT (SELECT sum(amount_cents) FROM service_entries WHERE service_date < '2026-11-01')::text AS entries,
        (SELECT sum(l.net_cents) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.type = 'DEB')::text AS lines,
        (SELECT sum(total_cents) FROM invoices WHERE type = 'DEB')::text AS invoices,
        (SELECT coalesce(sum(total_cents), 0) FROM invoices WHERE type = 'CRE')::text AS credited`);
    expect(sums.lines).toBe(sums.entries);
    expect(sums.invoices).toBe(sums.entries);
    expect(Number(sums.credited)).toBeLessThan(0);
    // Payments never exceed what an invoice asks; a few stay open for the receivables.
    const paid = await one(t.sql<{ over: number; open: number; paid: number }[]>`
      SELECT count(*) FILTER (WHERE outstanding_cents < 0)::int AS over, count(*) FILTER (WHERE outstanding_cents > 0)::int AS open,
        count(*) FILTER (WHERE outstanding_cents = 0)::int AS paid FROM invoice_balances`);
    expect(paid.over).toBe(0);
    expect(paid.open).toBeGreaterThan(0);
    expect(paid.paid).toBeGreaterThan(paid.open);
  });

  it("builds the reports' monthly aggregate of the dataset it loaded", async () => {
    const sums = await one(t.sql<{ entries: number; rows: number; cents: string; aggregated: string }[]>`
      SELECT (SELECT count(*)::int FROM service_entries) AS entries, (SELECT sum(entries)::int FROM service_entry_months) AS rows,
        (SELECT sum(amount_cents)::text FROM service_entries) AS cents, (SELECT sum(amount_cents)::text FROM service_entry_months) AS aggregated`);
    expect(sums.rows).toBe(sums.entries);
    expect(sums.aggregated).toBe(sums.cents);
  });

  it("gives every paid invoice the day it was settled, which the receivables report reads", async () => {
    const days = await one(t.sql<{ settled: number; open: number; wrong: number }[]>`
      SELECT count(*) FILTER (WHERE i.settled_on IS NOT NULL)::int AS settled,
        count(*) FILTER (WHERE b.outstanding_cents > 0 AND i.settled_on IS NULL)::int AS open,
        count(*) FILTER (WHERE i.settled_on IS DISTINCT FROM invoice_settled_on(i.id))::int AS wrong
      FROM invoices i JOIN invoice_balances b ON b.invoice_id = i.id`);
    expect(days.wrong).toBe(0);
    expect(days.settled).toBeGreaterThan(days.open);
    expect(days.open).toBeGreaterThan(0);
  });

  it("gives every invoiced service report what its invoices ask for and have received", async () => {
    // Each report is on one invoice here, so the report rows add up to the invoices' balances.
    const sums = await one(t.sql<{ reports: number; rows: number; due: string; paid: string; balanceDue: string; balancePaid: string }[]>`
      SELECT (SELECT count(DISTINCT l.service_report_id)::int FROM invoice_lines l JOIN invoice_balances b ON b.invoice_id = l.invoice_id) AS reports,
        (SELECT count(*)::int FROM service_report_balances) AS rows,
        (SELECT sum(due_cents)::text FROM service_report_balances) AS due, (SELECT sum(paid_cents)::text FROM service_report_balances) AS paid,
        (SELECT sum(b.due_cents)::text FROM invoice_balances b JOIN (SELECT DISTINCT service_report_id, invoice_id FROM invoice_lines) l ON l.invoice_id = b.invoice_id) AS "balanceDue",
        (SELECT sum(b.paid_cents)::text FROM invoice_balances b JOIN (SELECT DISTINCT service_report_id, invoice_id FROM invoice_lines) l ON l.invoice_id = b.invoice_id) AS "balancePaid"`);
    expect(sums.rows).toBe(sums.reports);
    expect(sums.rows).toBeGreaterThan(0);
    expect({ due: sums.due, paid: sums.paid }).toEqual({ due: sums.balanceDue, paid: sums.balancePaid });
    expect(Number(sums.paid)).toBeGreaterThan(0);
  });

  it("reuses a finished installation instead of generating it again", async () => {
    const again = await generateLargeInstallation(t.url, { scale: 0.5, years: 10, today: TODAY });
    expect(again.plan).toEqual(summary.plan);
    expect(again.sessions).toBe(summary.sessions);
    expect(again.invoices).toBe(summary.invoices);
  });
});
