/**
 * Restores a backup of `npm run backup` into the stopped installation under DATA_DIR:
 *   npm run restore -- FILE [--force]
 * Refuses while PostgreSQL runs there, and refuses an existing installation unless --force, which
 * moves it aside (never deletes it). Then starts PostgreSQL once, which replays the backup's WAL,
 * and verifies the audit log against the checkpoints taken with the backup.
 */
import { parseArgs } from "node:util";
import { verifyInstallation } from "@/server/backup/cluster";
import { RestoreRefused, restoreBackup } from "@/server/backup/restore";
import { dataDir } from "@/server/boot/database";
import { runScript } from "./run-script";

const USAGE = "Usage: npm run restore -- FILE [--force]";

async function main(): Promise<number> {
  let file: string;
  let force: boolean;
  try {
    const { values, positionals } = parseArgs({
      options: { force: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new Error("Give exactly one backup file.");
    file = positionals[0]!;
    force = values.force;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (process.env.DATABASE_URL) {
    console.error("DATABASE_URL is set: restoring into an external PostgreSQL is out of scope. Use that server's own tools.");
    return 1;
  }
  let result;
  try {
    result = await restoreBackup({ file, dataDir: dataDir(), force });
  } catch (err) {
    if (!(err instanceof RestoreRefused)) throw err;
    console.error(`Restore refused: ${err.message}`);
    return 1;
  }
  if (result.movedAside) console.log(`The previous installation was moved to ${result.movedAside}.`);
  console.log(`Restored ${result.backupFile} into ${dataDir()}; starting PostgreSQL to replay and verify…`);
  const state = await verifyInstallation(dataDir());
  for (const p of state.problems) console.error(p);
  if (state.problems.length > 0) {
    console.error(`Restored, but the audit log is BROKEN: ${state.problems.length} problem(s).`);
    return 1;
  }
  console.log(`Restored and verified: ${state.auditRows} audit entries, ${state.checkpoints} signed checkpoint(s) match.`);
  return 0;
}

runScript(main);
