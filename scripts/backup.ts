/**
 * Writes a compressed base backup of the embedded database, while the app runs or not:
 *   npm run backup [-- --keep N] [--dir PATH]
 * Default folder DATA_DIR/backups (or BACKUP_DIR); keeps the newest N (BACKUP_KEEP, default 14).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { backupKeep, defaultBackupDir } from "@/server/backup/backup";
import { backupInstallation } from "@/server/backup/cluster";
import { dataDir } from "@/server/boot/database";
import { runScript } from "./run-script";
import { decimalText } from "@/lib/format";

const USAGE = "Usage: npm run backup [-- --keep N] [--dir PATH]";

async function main(): Promise<number> {
  let keep: number;
  let outDir: string;
  try {
    const { values } = parseArgs({ options: { keep: { type: "string" }, dir: { type: "string" } }, strict: true, allowPositionals: false });
    keep = backupKeep(values.keep ?? process.env.BACKUP_KEEP);
    outDir = values.dir ? path.resolve(values.dir) : defaultBackupDir(dataDir());
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (process.env.DATABASE_URL) {
    console.error(
      "DATABASE_URL is set: this installation uses an external PostgreSQL, which `npm run backup` cannot back up. Use that server's own tools (pg_basebackup or pg_dump of the server's major version).",
    );
    return 1;
  }
  const result = await backupInstallation({ dataDir: dataDir(), outDir, keep });
  console.log(`Backup written: ${result.file} (${decimalText(result.bytes / 1024 / 1024, 1)} MB).`);
  for (const f of result.removed) console.log(`Removed old backup ${f} (keeping ${keep}).`);
  return 0;
}

runScript(main);
