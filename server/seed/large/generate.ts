import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "@/db/schema";
import { ensureStandardRoles } from "@/server/org/roles";
import { ensureStandardCatalogue, seedDemoPriceHistory } from "@/server/seed/catalogue";
import { generateBilling } from "./billing";
import { generateOrganisation } from "./org";
import { largePlan, type LargePlan } from "./plan";
import { generateDecisions, generateLimits, generateYear } from "./sessions";
import { decimalText, formatFor } from "@/lib/format";

const count = formatFor("en").number;

/**
 * Fills a migrated, empty database with a large institution (npm run demo:large) in set-based SQL.
 * Each step is one transaction that also records itself in demo_large.progress, so an interrupted
 * run continues where it stopped and a finished installation is reused as it is. Row triggers are
 * off during the load (session_replication_role = replica; foreign keys are triggers too): the
 * schedule satisfies them by construction (sessions.ts), and the exclusion, check and unique
 * constraints, which stay on, check it row by row.
 */

export type LargeSummary = { plan: LargePlan; sessions: number; entries: number; invoices: number; seconds: number };

export async function generateLargeInstallation(
  url: string,
  opts: { scale: number; years?: number; today?: Date; log?: (m: string) => void },
): Promise<LargeSummary> {
  const today = opts.today ?? new Date();
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 0 });
  try {
    await sql`CREATE SCHEMA IF NOT EXISTS demo_large`;
    await sql`CREATE TABLE IF NOT EXISTS demo_large.progress (step text PRIMARY KEY, rows bigint NOT NULL, seconds numeric NOT NULL, plan jsonb NOT NULL)`;
    const done = new Map(
      (await sql<{ step: string; plan: LargePlan }[]>`SELECT step, plan FROM demo_large.progress`).map((r) => [r.step, r.plan]),
    );
    // A started installation keeps its own plan (scale, years, dates), whatever this run asks for.
    const plan = done.get("organisation") ?? largePlan({ scale: opts.scale, years: opts.years ?? 10, today });
    if (done.has("organisation") && (plan.scale !== opts.scale || plan.years !== (opts.years ?? 10)))
      log(`reusing the installation of scale ${plan.scale} and ${plan.years} years (asked: ${opts.scale}, ${opts.years ?? 10})`);
    const step = async (name: string, run: (tx: postgres.TransactionSql) => Promise<number>) => {
      if (done.has(name)) return;
      const t0 = performance.now();
      const rows = await sql.begin(async (tx) => {
        await tx`SET LOCAL session_replication_role = replica`;
        const n = await run(tx);
        await tx`INSERT INTO demo_large.progress VALUES (${name}, ${n}, ${(performance.now() - t0) / 1000}, ${JSON.stringify(plan)}::jsonb)`;
        return n;
      });
      log(`${name}: ${count(rows)} rows in ${decimalText((performance.now() - t0) / 1000, 1)} s`);
    };

    if (!done.has("organisation")) {
      log(
        `generating ${plan.specialists} specialists, ${plan.clients} clients, ${plan.rooms} rooms, ${plan.from} to ${plan.to} (scale ${plan.scale})…`,
      );
      const db = drizzle(sql, { schema });
      await ensureStandardCatalogue(db);
      await seedDemoPriceHistory(db);
      await ensureStandardRoles(db);
    }
    const roleIds = new Map(
      (await sql<{ key: string; id: string }[]>`SELECT key, id FROM roles WHERE key IS NOT NULL`).map((r) => [r.key, r.id]),
    );
    await step("organisation", async (tx) => {
      await generateOrganisation(tx, plan, roleIds);
      await tx`UPDATE institution_settings SET legal_name = 'Suur Keskus OÜ', registry_code = '12345678' WHERE id = 1`;
      return plan.specialists + plan.clients;
    });
    await step("decisions", async (tx) => {
      await generateDecisions(tx, plan);
      return (await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM demo_large.decisions`)[0]!.n;
    });
    for (let y = Number(plan.from.slice(0, 4)); y <= Number(plan.to.slice(0, 4)); y++) {
      await step(`sessions ${y}`, (tx) => generateYear(tx, plan, y, today));
    }
    await step("limits", async (tx) => {
      await generateLimits(tx);
      return 0;
    });
    await step("billing", async (tx) => {
      await generateBilling(tx, plan, today.toISOString().slice(0, 10));
      return (await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM invoices`)[0]!.n;
    });
    // The load ran without the triggers that keep the reports' monthly aggregate: build it once.
    await step("aggregates", async (tx) => {
      await tx`SELECT service_entry_months_rebuild()`;
      return (await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM service_entry_months`)[0]!.n;
    });
    // …and the day each invoice was settled, which the receivables report reads.
    await step("settled", async (tx) => {
      const rows = await tx`UPDATE invoices SET settled_on = invoice_settled_on(id) WHERE type = 'DEB' AND status <> 'draft'`;
      return rows.count;
    });
    // …and what each service report's invoices ask for and have received (money brought in).
    await step("report balances", async (tx) => {
      await tx`SELECT service_report_balances_rebuild()`;
      return (await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM service_report_balances`)[0]!.n;
    });
    if (!done.has("analyze")) {
      await sql`VACUUM ANALYZE`;
      await sql`INSERT INTO demo_large.progress VALUES ('analyze', 0, 0, ${JSON.stringify(plan)}::jsonb)`;
    }
    const [counts] = await sql<{ sessions: number; entries: number; invoices: number }[]>`
      SELECT (SELECT count(*) FROM sessions)::int AS sessions, (SELECT count(*) FROM service_entries)::int AS entries,
        (SELECT count(*) FROM invoices)::int AS invoices`;
    return { plan, ...counts!, seconds: Math.round((performance.now() - started) / 100) / 10 };
  } finally {
    await sql.end();
  }
}
