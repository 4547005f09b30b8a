import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import * as tar from "tar";
import { CHECKPOINT_FILE, SIGNING_KEY_FILE } from "@/server/audit/checkpoint";

/**
 * A base backup of the embedded cluster through PostgreSQL's low-level API, taken while it runs:
 * pg_backup_start, a copy of the data directory, pg_backup_stop (whose backup_label goes into the
 * copy), then the WAL from the start to the stop segment into the copy's pg_wal, as
 * `pg_basebackup -X fetch` would. Started on the copy, PostgreSQL replays that WAL to the moment
 * pg_backup_stop returned. The embedded package ships no pg_dump, and a Debian pg_dump older than
 * the server cannot dump it; this needs nothing but the server itself.
 */

/** Files beside pg/ that an installation needs: without them the restored data is unusable or unverifiable. */
export const INSTALLATION_FILES = ["pg-password", "auth-secret", SIGNING_KEY_FILE, CHECKPOINT_FILE];
export const BACKUP_PATTERN = /^hoolekanne-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.tar\.gz$/;

// What pg_basebackup leaves out ("Making a Base Backup Using the Low Level API"): runtime state
// rebuilt at start, and the WAL, which is added separately below.
const EMPTIED_DIRS = new Set([
  "pg_wal",
  "pg_dynshmem",
  "pg_notify",
  "pg_replslot",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);
const SKIPPED_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "recovery.signal", "standby.signal"]);

export type BackupOptions = {
  dataDir: string;
  /** A superuser connection to the running cluster whose data is dataDir/pg. */
  url: string;
  outDir: string;
  keep: number;
  now?: Date;
};
export type BackupResult = { file: string; bytes: number; removed: string[] };

export function backupKeep(value = process.env.BACKUP_KEEP): number {
  const keep = value === undefined || value === "" ? 14 : Number(value);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
    throw new Error(`BACKUP_KEEP must be a whole number from 1 to 1000, not "${value}"`);
  return keep;
}

export const defaultBackupDir = (dataDir: string) =>
  process.env.BACKUP_DIR ? path.resolve(process.env.BACKUP_DIR) : path.join(dataDir, "backups");

/** Copies a tree that PostgreSQL is writing to: files that vanish meanwhile (a dropped table) are skipped. */
async function copyTree(from: string, to: string, depth = 0): Promise<void> {
  const stat = await fs.stat(from);
  await fs.mkdir(to, { recursive: true });
  await fs.chmod(to, stat.mode & 0o777);
  const entries = await fs.readdir(from, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.name.startsWith("pgsql_tmp") || entry.name === "pg_internal.init") continue;
    if (depth === 0 && SKIPPED_FILES.has(entry.name)) continue;
    if (entry.isDirectory()) {
      if (depth === 0 && EMPTIED_DIRS.has(entry.name)) {
        await fs.mkdir(target, { mode: 0o700 });
        continue;
      }
      await copyTree(source, target, depth + 1);
    } else if (entry.isFile()) {
      await fs.copyFile(source, target).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
    }
  }
}

async function copyWal(pgDir: string, stagedPg: string, startSegment: string, stopSegment: string): Promise<void> {
  const wal = path.join(pgDir, "pg_wal");
  const segments = (await fs.readdir(wal)).filter((n) => /^[0-9A-F]{24}$/.test(n) && n >= startSegment && n <= stopSegment).sort();
  if (segments[0] !== startSegment || segments.at(-1) !== stopSegment) {
    throw new Error(`WAL segments ${startSegment}..${stopSegment} are not all in ${wal}`);
  }
  await fs.mkdir(path.join(stagedPg, "pg_wal", "archive_status"), { recursive: true, mode: 0o700 });
  for (const name of segments) await fs.copyFile(path.join(wal, name), path.join(stagedPg, "pg_wal", name));
}

async function fsyncFile(file: string) {
  const handle = await fs.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes one compressed backup into outDir (tmp file, fsync, rename) and prunes to the newest `keep`. */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const now = opts.now ?? new Date();
  const name = `hoolekanne-${now.toISOString().slice(0, 19).replaceAll(":", "-")}Z.tar.gz`;
  await fs.mkdir(opts.outDir, { recursive: true, mode: 0o700 });
  const staging = await fs.mkdtemp(path.join(opts.outDir, ".staging-"));
  const tmp = path.join(opts.outDir, `.${name}.tmp`);
  try {
    // Before pg_backup_start: every row a checkpoint names is then in the copy.
    for (const f of INSTALLATION_FILES) {
      if (existsSync(path.join(opts.dataDir, f))) await fs.copyFile(path.join(opts.dataDir, f), path.join(staging, f));
    }
    const meta = await baseBackup(path.join(opts.dataDir, "pg"), path.join(staging, "pg"), opts.url);
    await fs.writeFile(path.join(staging, "hoolekanne-backup.json"), JSON.stringify({ createdAt: now.toISOString(), ...meta }, null, 2));
    await tar.c({ gzip: true, portable: true, file: tmp, cwd: staging }, await fs.readdir(staging));
    await fs.chmod(tmp, 0o600);
    await fsyncFile(tmp);
    const file = path.join(opts.outDir, name);
    await fs.rename(tmp, file);
    const bytes = (await fs.stat(file)).size;
    return { file, bytes, removed: await pruneBackups(opts.outDir, opts.keep) };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(tmp, { force: true });
  }
}

async function baseBackup(pgDir: string, stagedPg: string, url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "hoolekanne backup" } });
  // One session throughout: a non-exclusive backup belongs to the session that started it.
  const conn = await sql.reserve();
  try {
    const [server] = await conn<{ version: string }[]>`SHOW server_version`;
    // A temporary slot keeps the WAL from the start on from being recycled until we have copied it.
    await conn`SELECT pg_create_physical_replication_slot(${`hoolekanne_backup_${process.pid}`}, true, true)`;
    const [start] = await conn<{ lsn: string; segment: string }[]>`
      SELECT lsn::text, pg_walfile_name(lsn) AS segment FROM pg_backup_start(${"hoolekanne backup"}, true) AS lsn`;
    let stopped = false;
    try {
      await copyTree(pgDir, stagedPg);
      // pg_backup_stop switches to a new WAL segment, so the one holding its stop LSN is complete.
      const [stop] = await conn<{ lsn: string; segment: string; labelfile: string; spcmapfile: string }[]>`
        SELECT lsn::text, pg_walfile_name(lsn) AS segment, labelfile, spcmapfile FROM pg_backup_stop(false)`;
      stopped = true;
      await fs.writeFile(path.join(stagedPg, "backup_label"), stop!.labelfile, { mode: 0o600 });
      if (stop!.spcmapfile) await fs.writeFile(path.join(stagedPg, "tablespace_map"), stop!.spcmapfile, { mode: 0o600 });
      await copyWal(pgDir, stagedPg, start!.segment, stop!.segment);
      return { postgres: server!.version, startLsn: start!.lsn, stopLsn: stop!.lsn };
    } finally {
      if (!stopped) await conn`SELECT pg_backup_stop(false)`.catch(() => {});
    }
  } finally {
    conn.release();
    await sql.end({ timeout: 5 });
  }
}

/** Deletes all but the newest `keep` backups (by the timestamp in their names). */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const all = (await fs.readdir(dir)).filter((n) => BACKUP_PATTERN.test(n)).sort();
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const n of old) await fs.rm(path.join(dir, n));
  return old;
}
