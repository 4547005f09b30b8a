/**
 * npm run demo:large — a large institution in its own data folder, for the benchmarks and for
 * trying the product at scale: 300 specialists and an office, 5,000 clients, 60 rooms, ten years
 * of sessions (about 3 million, four per specialist and working day) with their dataset entries,
 * monthly service reports, about 60,000 invoices with lines, credit notes and payments.
 *
 *   DEMO_LARGE_DIR=.data-large      the data folder (the app runs on it with DATA_DIR=.data-large npm start)
 *   DEMO_LARGE_SCALE=1              people, rooms and invoices scale with it (0.01: 5 specialists, 50 clients)
 *   DEMO_LARGE_YEARS=10             years of history, ending with next month
 *
 * Time: a year of the full scale took 3 to 11 minutes on two cores shared with other work (the
 * inserts slow down as the tables and their indexes grow), so the full ten years take over an hour.
 *
 * Resumable: each step commits with a progress row (schema demo_large), so an interrupted run
 * continues and a finished installation is reused. Sign in as the manager (personal code
 * 49003050224) or the accountant (47207150121) after setting a password with npm run admin:create.
 */
import path from "node:path";
import { startEmbeddedPostgres } from "@/server/db/embedded";
import { runMigrations } from "@/server/db/migrate";
import { generateLargeInstallation, type LargeSummary } from "@/server/seed/large/generate";
import { runScript } from "./run-script";
import { formatFor } from "@/lib/format";

const count = formatFor("en").number;

export const largeDataDir = () => path.resolve(process.env.DEMO_LARGE_DIR ?? ".data-large");

/** Starts the installation's database (generating it when missing or unfinished); the caller stops it. */
export async function openLargeInstallation(
  log: (m: string) => void,
): Promise<{ url: string; summary: LargeSummary; stop: () => Promise<void> }> {
  const dataDir = largeDataDir();
  log(`PostgreSQL in ${dataDir}…`);
  const db = await startEmbeddedPostgres({ dataDir, database: "hoolekanne", durable: false });
  try {
    await runMigrations(db.url);
    const summary = await generateLargeInstallation(db.url, {
      scale: Number(process.env.DEMO_LARGE_SCALE ?? 1),
      years: Number(process.env.DEMO_LARGE_YEARS ?? 10),
      log,
    });
    return { url: db.url, summary, stop: db.stop };
  } catch (e) {
    await db.stop();
    throw e;
  }
}

if (process.argv[1]?.endsWith("demo-large.ts")) {
  runScript(async () => {
    const log = (m: string) => console.log(`[demo:large] ${m}`);
    const { summary, stop } = await openLargeInstallation(log);
    await stop();
    log(
      `ready: ${count(summary.sessions)} sessions, ${count(summary.entries)} entries, ${count(summary.invoices)} invoices (${summary.seconds} s this run)`,
    );
    return 0;
  });
}
