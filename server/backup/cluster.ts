import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { verifyAuditChain } from "@/server/audit/audit";
import { verifyCheckpoints, type CheckpointProblem } from "@/server/audit/checkpoint";
import { createPool } from "@/server/db/client";
import { startEmbeddedPostgres } from "@/server/db/embedded";
import { createBackup, type BackupResult } from "./backup";
import { readPostmaster } from "./restore";

/**
 * Runs `fn` with a superuser URL of the embedded cluster under dataDir: the one the app is
 * running if there is one (found through postmaster.pid), else one started for the purpose and
 * stopped afterwards. PostgreSQL replays any WAL it needs when it starts.
 */
async function withCluster<T>(dataDir: string, fn: (url: string) => Promise<T>): Promise<T> {
  const running = await readPostmaster(dataDir);
  if (running) {
    const password = (await fs.readFile(path.join(dataDir, "pg-password"), "utf8")).trim();
    return fn(`postgres://postgres:${password}@127.0.0.1:${running.port}/hoolekanne`);
  }
  if (!existsSync(path.join(dataDir, "pg", "PG_VERSION"))) throw new Error(`No installation in ${dataDir} (no pg/PG_VERSION)`);
  const db = await startEmbeddedPostgres({ dataDir, database: "hoolekanne", durable: true });
  try {
    return await fn(db.url);
  } finally {
    await db.stop();
  }
}

export function backupInstallation(opts: { dataDir: string; outDir: string; keep: number }): Promise<BackupResult> {
  return withCluster(opts.dataDir, (url) => createBackup({ ...opts, url }));
}

export type RestoredState = { auditRows: number; checkpoints: number; problems: string[] };

/** Starts the restored installation once (which replays its WAL) and verifies its audit log. */
export function verifyInstallation(dataDir: string): Promise<RestoredState> {
  return withCluster(dataDir, async (url) => {
    const { db, sql } = createPool(url, 1);
    try {
      const chain = await verifyAuditChain(db);
      const anchored = await verifyCheckpoints(db, dataDir);
      const [count] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM audit_log`;
      const named = (p: CheckpointProblem) => (p.chain === null ? p.problem : `chain ${p.chain}: ${p.problem}`);
      return {
        auditRows: Number(count?.n ?? 0),
        checkpoints: anchored.checkpoints,
        problems: [...chain.map((p) => `row ${p.seq}: ${p.problem}`), ...anchored.problems.map(named)],
      };
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
}
