import type postgres from "postgres";
import type { LargePlan } from "./plan";

/**
 * Decisions, sessions and the client dataset of the large installation, one calendar year per
 * transaction. The schedule makes every invariant true by construction, and the constraints that
 * stay on during the load (exclusion, check, unique) prove it:
 *  - specialist k works the hours s (0..9, from 08:00 Tallinn) with (s - k) mod 5 in {0, 1}: four
 *    one-hour sessions a working day, never two at once;
 *  - in the hours with (s - k) mod 5 = 0 they use room floor(k / 5): the five specialists sharing
 *    a room are there at different hours; the other session has no room (a home visit);
 *  - client c only ever meets specialist c mod specialists, so a client is in one place at a time;
 *  - an entry's price is the price list's on its day, amount = round(units * price).
 */

const HOLIDAYS = `('01-01','02-24','05-01','06-23','06-24','08-20','12-24','12-25','12-26')`;

/** One decision per client and calendar year, from the funder of (client + year) mod 10. */
export async function generateDecisions(sql: postgres.TransactionSql, plan: LargePlan) {
  await sql`CREATE TABLE demo_large.decisions (c int NOT NULL, y int NOT NULL, id uuid NOT NULL, PRIMARY KEY (c, y))`;
  await sql`
    WITH d AS (
      SELECT c.c, c.id AS client_id, y, gen_random_uuid() AS id, f.id AS funder_id, f.kind,
        greatest(make_date(y, 1, 1), ${plan.from}::date) AS start_date, least(make_date(y, 12, 31), ${plan.to}::date) AS end_date
      FROM demo_large.clients c
      CROSS JOIN generate_series(extract(year FROM ${plan.from}::date)::int, extract(year FROM ${plan.to}::date)::int) y
      JOIN demo_large.funders f ON f.f = (c.c + y) % 10),
    ins AS (INSERT INTO funding_decisions (id, client_id, funding_source_id, funding_kind, decision_number, decision_date, start_date, end_date, target_group)
      SELECT id, client_id, funder_id, kind, 'L' || c || '/' || y, start_date - 14, start_date, end_date, CASE WHEN kind = 'SRT' THEN 'adult' ELSE '' END FROM d)
    INSERT INTO demo_large.decisions SELECT c, y, id FROM d`;
}

/** The sessions of one year, their specialists and participants, and an entry for each done one. */
export async function generateYear(sql: postgres.TransactionSql, plan: LargePlan, year: number, now: Date) {
  const from = `${year}-01-01` < plan.from ? plan.from : `${year}-01-01`;
  const to = `${year}-12-31` > plan.to ? plan.to : `${year}-12-31`;
  await sql`
    CREATE TEMP TABLE slots ON COMMIT DROP AS
    WITH days AS (
      SELECT d::date AS day FROM generate_series(${from}::date, ${to}::date, interval '1 day') d
      WHERE extract(isodow FROM d) < 6 AND to_char(d, 'MM-DD') NOT IN ${sql.unsafe(HOLIDAYS)}),
    s AS (
      SELECT e.k, e.id AS employee_id, e.service_code, day, h,
        (day - ${plan.from}::date) * 4 + (h / 5) * 2 + ((h - e.k) % 5 + 5) % 5 AS n,
        ((day + time '08:00' + h * interval '1 hour') AT TIME ZONE 'Europe/Tallinn') AS starts_at,
        CASE WHEN ((h - e.k) % 5 + 5) % 5 = 0 THEN e.k / 5 END AS m
      FROM days CROSS JOIN demo_large.employees e CROSS JOIN generate_series(0, 9) h
      WHERE ((h - e.k) % 5 + 5) % 5 < 2),
    c AS (
      SELECT s.*, s.k + ${plan.specialists} * (s.n % ((${plan.clients} - 1 - s.k) / ${plan.specialists} + 1)) AS c,
        CASE WHEN s.starts_at + interval '1 hour' > ${now.toISOString()}::timestamptz THEN CASE WHEN s.n % 3 = 0 THEN 'agreed' ELSE 'planned' END
             WHEN (s.n * 7919 + s.k * 104729) % 100 < 3 THEN 'cancelled'
             WHEN (s.n * 7919 + s.k * 104729) % 100 < 6 THEN 'no_show' ELSE 'done' END AS status
      FROM s)
    SELECT gen_random_uuid() AS session_id, CASE WHEN c.status = 'done' THEN gen_random_uuid() END AS entry_id,
      c.k, c.employee_id, c.day, c.starts_at, c.starts_at + interval '1 hour' AS ends_at, c.status, r.id AS room_id,
      cl.id AS client_id, d.id AS decision_id, sv.id AS service_id, sv.specialty_id, price.version_id, price.unit_price_cents
    FROM c
    JOIN demo_large.clients cl ON cl.c = c.c
    JOIN demo_large.decisions d ON d.c = c.c AND d.y = ${year}
    JOIN funding_decisions fd ON fd.id = d.id
    JOIN services sv ON sv.code = c.service_code
    LEFT JOIN demo_large.rooms r ON r.m = c.m
    CROSS JOIN LATERAL (
      SELECT v.id AS version_id, i.unit_price_cents FROM price_list_versions v JOIN price_list_items i ON i.version_id = v.id AND i.service_id = sv.id
      WHERE v.funding_source_id = fd.funding_source_id AND v.valid_from <= c.day AND (v.valid_to IS NULL OR c.day <= v.valid_to)) price`;
  await sql`
    INSERT INTO sessions (id, service_id, room_id, starts_at, ends_at, status)
    SELECT session_id, service_id, room_id, starts_at, ends_at, status FROM slots ORDER BY starts_at`;
  await sql`
    INSERT INTO session_specialists (session_id, employee_id, starts_at, ends_at, active, status)
    SELECT session_id, employee_id, starts_at, ends_at, status <> 'cancelled', status FROM slots`;
  await sql`
    INSERT INTO service_entries (id, client_id, decision_id, service_id, service_date, units, specialist_id, specialty_id, description,
      price_version_id, unit_price_cents, amount_cents, vat_status, session_id)
    SELECT entry_id, client_id, decision_id, service_id, day, 1, employee_id, specialty_id, 'Individuaalne kohtumine',
      version_id, unit_price_cents, round(1 * unit_price_cents), 'exempt', session_id
    FROM slots WHERE entry_id IS NOT NULL`;
  await sql`
    INSERT INTO session_participants (session_id, client_id, attendance, decision_id, entry_id, starts_at, ends_at, active, status)
    SELECT session_id, client_id, CASE status WHEN 'done' THEN 'present' WHEN 'no_show' THEN 'absent' ELSE 'expected' END,
      decision_id, entry_id, starts_at, ends_at, status <> 'cancelled', status FROM slots`;
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM slots`;
  return row!.n;
}

/**
 * The hard limits, set once the dataset is there: a social-rehabilitation decision gets the
 * yearly cap of 1237 EUR, or what its year used when that is more (so every entry lies within it);
 * a municipality's decision a period cap and an approved volume of its service the same way.
 */
export async function generateLimits(sql: postgres.TransactionSql) {
  await sql`
    UPDATE funding_decisions d SET yearly_cap_cents = greatest(123700, u.cents)
    FROM (SELECT d2.id, coalesce(sum(e.amount_cents), 0) AS cents FROM funding_decisions d2 LEFT JOIN service_entries e ON e.decision_id = d2.id
          WHERE d2.funding_kind = 'SRT' GROUP BY d2.id) u
    WHERE u.id = d.id`;
  await sql`
    UPDATE funding_decisions d SET period_cap_cents = greatest(250000, u.cents)
    FROM (SELECT d2.id, coalesce(sum(e.amount_cents), 0) AS cents FROM funding_decisions d2 LEFT JOIN service_entries e ON e.decision_id = d2.id
          WHERE d2.funding_kind = 'KOV' GROUP BY d2.id) u
    WHERE u.id = d.id`;
  await sql`
    INSERT INTO decision_service_limits (decision_id, service_id, max_units)
    SELECT d.id, sv.id, greatest(100, coalesce(sum(x.units), 0))
    FROM funding_decisions d JOIN demo_large.decisions dl ON dl.id = d.id JOIN demo_large.clients c ON c.c = dl.c
      JOIN demo_large.employees em ON em.k = c.k JOIN services sv ON sv.code = em.service_code
      LEFT JOIN service_entries x ON x.decision_id = d.id
    WHERE d.funding_kind = 'KOV' GROUP BY d.id, sv.id`;
}
