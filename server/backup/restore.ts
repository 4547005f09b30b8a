import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import * as tar from "tar";

/**
 * Restores a backup of createBackup into a stopped installation. Never deletes: an existing
 * data folder is only moved aside (with --force), and the backups folder is carried over.
 * PostgreSQL itself replays the WAL in the archive when it next starts.
 */

export class RestoreRefused extends Error {}

/** The PostgreSQL serving dataDir/pg (from its postmaster.pid), when one is alive. */
export async function readPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(dataDir, "pg", "postmaster.pid");
  const text = await fs.readFile(pidFile, "utf8").catch(() => null);
  if (!text) return null;
  const [pid, , , port] = text.split("\n");
  const alive = (() => {
    try {
      process.kill(Number(pid), 0);
      return true;
    } catch (err) {
      // EPERM: it exists but belongs to another user (PostgreSQL runs as `postgres` under root).
      return (err as NodeJS.ErrnoException).code === "EPERM";
    }
  })();
  return alive ? { pid: Number(pid), port: Number(port) } : null;
}

/** As root, PostgreSQL runs as the `postgres` user (see embedded.ts), which must own its data. */
async function handToPostgres(pgDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await promisify(execFile)("chown", ["-R", "postgres:postgres", pgDir]);
}

const stamp = () => new Date().toISOString().slice(0, 19).replaceAll(":", "-");

export type RestoreResult = { movedAside: string | null; backupFile: string };

export async function restoreBackup(opts: { file: string; dataDir: string; force: boolean }): Promise<RestoreResult> {
  const dataDir = path.resolve(opts.dataDir);
  let file = path.resolve(opts.file);
  if (!existsSync(file)) throw new RestoreRefused(`No backup file at ${file}`);
  const running = await readPostmaster(dataDir);
  if (running) throw new RestoreRefused(`PostgreSQL (pid ${running.pid}) is running on ${dataDir}: stop the app first.`);
  const occupied = existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0;
  if (occupied && !opts.force) {
    throw new RestoreRefused(
      `${dataDir} already holds an installation. Add --force to move it aside (to ${path.basename(dataDir)}.before-restore-…) and restore in its place.`,
    );
  }

  const incoming = `${dataDir}.restoring-${stamp()}`;
  await fs.mkdir(incoming, { recursive: true });
  try {
    await tar.x({ file, cwd: incoming, preserveOwner: false });
    if (!existsSync(path.join(incoming, "pg", "backup_label")))
      throw new RestoreRefused(`${file} is not a Hoolekanne backup (no pg/backup_label)`);
    await handToPostgres(path.join(incoming, "pg"));
    // PostgreSQL (as `postgres` under root) must be able to enter the folder, as when it was made.
    await fs.chmod(incoming, 0o755);
  } catch (err) {
    await fs.rm(incoming, { recursive: true, force: true });
    throw err;
  }

  let movedAside: string | null = null;
  if (existsSync(dataDir)) {
    movedAside = `${dataDir}.before-restore-${stamp()}`;
    await fs.rename(dataDir, movedAside);
    const inside = path.relative(dataDir, file);
    if (!inside.startsWith("..") && !path.isAbsolute(inside)) file = path.join(movedAside, inside);
  }
  await fs.rename(incoming, dataDir);
  // The backups stay with the installation, not with the folder moved aside.
  if (movedAside && existsSync(path.join(movedAside, "backups"))) {
    await fs.rename(path.join(movedAside, "backups"), path.join(dataDir, "backups"));
    const inside = path.relative(path.join(movedAside, "backups"), file);
    if (!inside.startsWith("..") && !path.isAbsolute(inside)) file = path.join(dataDir, "backups", inside);
  }
  return { movedAside, backupFile: file };
}
