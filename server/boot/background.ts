import { checkpointer } from "@/server/audit/checkpoint";
import { moveAuditClientIndexPending } from "@/server/audit/index-upkeep";
import { runNightlyBackupIfDue, type NightlyTarget } from "@/server/backup/nightly";
import type { Db } from "@/server/db/client";

const MINUTE = 60_000;

/** One job at a time each: a slow disk must not stack up backups or checkpoints. */
function serial(name: string, job: () => Promise<unknown>, log: (m: string) => void) {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= job()
      .then(
        () => {},
        (err: unknown) => log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => (running = null));
    return running;
  };
  return { run, idle: () => running ?? Promise.resolve() };
}

/**
 * The server's timed work: a signed audit checkpoint every `checkpointMinutes` (and one at
 * start and at a clean stop), a look once a minute whether the nightly backup is due, and once a
 * minute the audit client index's pending entries moved into the index (index-upkeep.ts).
 * Call stop() before closing the pool.
 */
export function startBackgroundJobs(opts: { db: Db; target: NightlyTarget; checkpointMinutes: number; log: (m: string) => void }) {
  const checkpoint = serial("Audit checkpoint", checkpointer(opts.db, opts.target.dataDir), opts.log);
  const backup = serial("Nightly backup", () => runNightlyBackupIfDue(opts.db, opts.target, opts.log), opts.log);
  const indexUpkeep = serial("Audit index upkeep", () => moveAuditClientIndexPending(opts.db), opts.log);
  void checkpoint.run();
  void backup.run();
  const timers = [
    setInterval(() => void checkpoint.run(), opts.checkpointMinutes * MINUTE),
    setInterval(() => void backup.run(), MINUTE),
    setInterval(() => void indexUpkeep.run(), MINUTE),
  ];
  for (const t of timers) t.unref();
  return {
    stop: async () => {
      for (const t of timers) clearInterval(t);
      await backup.idle();
      await indexUpkeep.idle();
      await checkpoint.idle();
      await checkpoint.run();
    },
  };
}
