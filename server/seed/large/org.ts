import type postgres from "postgres";
import { LARGE_FUNDERS, LARGE_SERVICES, type LargePlan } from "./plan";

/**
 * The people and places of the large installation, set-based: units, rooms, staff (specialists
 * plus an office), clients with their unit and team, funders and their price lists over the whole
 * history. The generator's own bookkeeping (which number is which row) lives in the schema
 * demo_large, never in the product's tables.
 */

const FIRST = `ARRAY['Mari','Jaan','Kadri','Peeter','Liis','Toomas','Anu','Margus','Kersti','Andres','Tiina','Rein','Eha','Urmas','Kristi','Indrek']`;
const LAST = `ARRAY['Tamm','Saar','Sepp','Mägi','Kask','Kukk','Rebane','Ilves','Pärn','Koppel','Lepik','Kallas','Oja','Raud','Luik','Vaher']`;

/** The price lists (hour prices as the state list's 2023 figures) for all years of the history. */
async function funders(sql: postgres.TransactionSql, plan: LargePlan) {
  await sql`CREATE TABLE demo_large.funders (f int PRIMARY KEY, id uuid NOT NULL, kind text NOT NULL)`;
  let f = 0;
  for (const funder of LARGE_FUNDERS) {
    const [kind, name] = funder.key.split(":") as [string, string | undefined];
    let id: string;
    if (name) {
      // A municipality of the demo: its registry code is made valid by the check-digit function.
      const [row] = await sql<{ id: string }[]>`
        INSERT INTO funding_sources (kind, name, payer_name, payer_registry_code)
        SELECT 'KOV', ${name}, ${name}, base || estonian_check_digit(base)
        FROM (SELECT '750' || lpad(${String(f)}, 4, '0') AS base) b
        ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`;
      id = row!.id;
    } else {
      const [row] = await sql<{ id: string }[]>`SELECT id FROM funding_sources WHERE kind = ${kind} ORDER BY created_at LIMIT 1`;
      id = row!.id;
    }
    for (let i = 0; i < funder.share; i++) await sql`INSERT INTO demo_large.funders VALUES (${f++}, ${id}, ${kind})`;
    // One open version from the first day of the history, unless the source already has one then
    // (SRT: the seeded 2018-2023 versions; before 2018 one at 76 % of the 2023 prices).
    const until = kind === "SRT" ? "2017-12-31" : null;
    const percent = kind === "SRT" ? 76 : kind === "PRIVATE" ? 110 : 100;
    await sql`
      WITH v AS (
        INSERT INTO price_list_versions (funding_source_id, valid_from, valid_to, note)
        SELECT ${id}, least(${plan.from}::date, '2017-01-01'), ${until}::date, 'Näidishinnad (demo:large), mitte ametlik hinnakiri.'
        WHERE NOT EXISTS (SELECT 1 FROM price_list_versions x WHERE x.funding_source_id = ${id}
          AND x.valid_from <= coalesce(${until}::date, 'infinity') AND coalesce(x.valid_to, 'infinity') >= least(${plan.from}::date, '2017-01-01'))
        RETURNING id)
      INSERT INTO price_list_items (version_id, service_id, unit_price_cents)
      SELECT v.id, s.id, round(p.unit_price_cents * ${percent} / 100.0)
      FROM v, services s JOIN price_list_items p ON p.service_id = s.id
        JOIN price_list_versions pv ON pv.id = p.version_id AND pv.valid_from = '2023-01-01'
        JOIN funding_sources fs ON fs.id = pv.funding_source_id AND fs.kind = 'SRT'
      WHERE s.code = ANY(${LARGE_SERVICES as unknown as string[]})`;
  }
}

export async function generateOrganisation(sql: postgres.TransactionSql, plan: LargePlan, roleIds: Map<string, string>) {
  await funders(sql, plan);
  // Units: the institution, two regions, the teams alternately under them.
  await sql`CREATE TABLE demo_large.units (t int PRIMARY KEY, id uuid NOT NULL)`;
  const [root] = await sql<{ id: string }[]>`INSERT INTO units (name) VALUES ('Suur Keskus') RETURNING id`;
  const regions = await sql<{ id: string }[]>`
    INSERT INTO units (name, parent_id) VALUES ('Põhja piirkond', ${root!.id}), ('Lõuna piirkond', ${root!.id}) RETURNING id`;
  await sql`
    WITH t AS (SELECT g AS t, gen_random_uuid() AS id FROM generate_series(0, ${plan.teams - 1}) g),
    ins AS (INSERT INTO units (id, name, parent_id)
      SELECT id, 'Meeskond ' || (t + 1), (${sql.array(regions.map((r) => r.id))}::uuid[])[1 + t % 2] FROM t)
    INSERT INTO demo_large.units SELECT t, id FROM t`;

  // Staff: specialist k works in team k mod teams and gives service k mod 10.
  await sql`CREATE TABLE demo_large.employees (k int PRIMARY KEY, id uuid NOT NULL, team int NOT NULL, service_code text NOT NULL)`;
  await sql`
    WITH e AS (
      SELECT k, gen_random_uuid() AS id, k % ${plan.teams} AS team, (${LARGE_SERVICES as unknown as string[]}::text[])[1 + k % 10] AS service_code,
        (CASE WHEN k % 2 = 0 THEN '4' ELSE '3' END) || to_char(date '1960-01-01' + k * 3, 'YYMMDD') || '9' || lpad((k % 100)::text, 2, '0') AS base
      FROM generate_series(0, ${plan.specialists - 1}) k),
    ins AS (INSERT INTO employees (id, personal_code, first_name, last_name, weekly_hours)
      SELECT id, base || estonian_check_digit(base), (${sql.unsafe(FIRST)})[1 + k % 16], (${sql.unsafe(LAST)})[1 + (k / 16) % 16] || ' ' || k, 40 FROM e)
    INSERT INTO demo_large.employees SELECT k, id, team, service_code FROM e`;
  await sql`INSERT INTO employee_units SELECT e.id, u.id FROM demo_large.employees e JOIN demo_large.units u ON u.t = e.team`;
  await sql`INSERT INTO employee_specialties SELECT e.id, s.specialty_id FROM demo_large.employees e JOIN services s ON s.code = e.service_code`;
  await sql`INSERT INTO employee_roles SELECT id, ${roleIds.get("specialist")!} FROM demo_large.employees`;

  // The office: a manager (head of the institution), an accountant, an administrator.
  await sql`CREATE TABLE demo_large.office (role text PRIMARY KEY, id uuid NOT NULL)`;
  const office = [
    ["manager", "49003050224", "Kadri", "Juht"],
    ["accountant", "47207150121", "Anne", "Raamat"],
    ["administrator", "38001085718", "Mart", "Haldur"],
  ] as const;
  for (const [role, code, first, last] of office) {
    const [e] = await sql<{ id: string }[]>`
      INSERT INTO employees (personal_code, first_name, last_name) VALUES (${code}, ${first}, ${last}) RETURNING id`;
    await sql`INSERT INTO employee_units VALUES (${e!.id}, ${root!.id})`;
    await sql`INSERT INTO employee_roles VALUES (${e!.id}, ${roleIds.get(role)!})`;
    await sql`INSERT INTO demo_large.office VALUES (${role}, ${e!.id})`;
  }
  await sql`UPDATE units SET head_employee_id = (SELECT id FROM demo_large.office WHERE role = 'manager') WHERE id = ${root!.id}`;

  // Rooms: room m is shared by specialists 5m..5m+4, each in it one hour in five (sessions.ts).
  await sql`CREATE TABLE demo_large.rooms (m int PRIMARY KEY, id uuid NOT NULL)`;
  await sql`
    WITH r AS (SELECT m, gen_random_uuid() AS id FROM generate_series(0, ${plan.rooms - 1}) m),
    ins AS (INSERT INTO rooms (id, name, unit_id, capacity)
      SELECT r.id, 'Ruum ' || (m + 1), u.id, 2 FROM r JOIN demo_large.units u ON u.t = m % ${plan.teams})
    INSERT INTO demo_large.rooms SELECT m, id FROM r`;

  // Clients: client c is seen by specialist c mod specialists, in that specialist's team.
  await sql`CREATE TABLE demo_large.clients (c int PRIMARY KEY, id uuid NOT NULL, k int NOT NULL)`;
  await sql`
    WITH c AS (
      SELECT c, gen_random_uuid() AS id, c % ${plan.specialists} AS k, date '1940-01-01' + c * 5 AS born FROM generate_series(0, ${plan.clients - 1}) c),
    coded AS (SELECT c.*, (CASE WHEN born < '2000-01-01' THEN 3 ELSE 5 END + c % 2)::text || to_char(born, 'YYMMDD') || '0' || lpad((c % 100)::text, 2, '0') AS base FROM c),
    ins AS (INSERT INTO clients (id, first_name, last_name, personal_code, case_manager_id)
      SELECT coded.id, (${sql.unsafe(FIRST)})[1 + (c / 7) % 16], (${sql.unsafe(LAST)})[1 + c % 16], base || estonian_check_digit(base), e.id
      FROM coded JOIN demo_large.employees e ON e.k = coded.k)
    INSERT INTO demo_large.clients SELECT c, id, k FROM c`;
  await sql`INSERT INTO client_units SELECT c.id, u.id FROM demo_large.clients c JOIN demo_large.employees e ON e.k = c.k JOIN demo_large.units u ON u.t = e.team`;
  await sql`INSERT INTO client_team_members SELECT c.id, e.id FROM demo_large.clients c JOIN demo_large.employees e ON e.k = c.k`;
}
