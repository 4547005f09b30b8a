import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/server/audit/audit";
import { checkpointer } from "@/server/audit/checkpoint";
import { createPool } from "@/server/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/server/db/embedded";
import { runMigrations } from "@/server/db/migrate";
import { makeUnit } from "@/server/testing/factories";
import { getInstitution } from "@/server/settings/institution";
import { pruneBackups } from "./backup";
import { backupInstallation, verifyInstallation } from "./cluster";
import { runNightlyBackupIfDue } from "./nightly";
import { restoreBackup } from "./restore";

// An installation of its own (not the shared test cluster): it is backed up, stopped and replaced.
const root = await mkdtemp(path.join(os.tmpdir(), "hoolekanne-backup-"));
await chmod(root, 0o755);
const dataDir = path.join(root, "data");
let running: EmbeddedDatabase | null = null;
afterAll(async () => {
  await running?.stop();
  await rm(root, { recursive: true, force: true });
});

const start = async () => (running = await startEmbeddedPostgres({ dataDir, database: "hoolekanne", durable: false }));
const stop = async () => {
  await running?.stop();
  running = null;
};

/** What a restore must bring back: every unit and every audit row with its hash. */
async function snapshot(url: string) {
  const { sql } = createPool(url, 1);
  try {
    return {
      units: (await sql`SELECT id, name FROM units ORDER BY id`).map((r) => ({ ...r })),
      audit: (await sql`SELECT seq, chain, action, hash FROM audit_log ORDER BY seq`).map((r) => ({ ...r })),
    };
  } finally {
    await sql.end();
  }
}

describe("backup and restore of the embedded database", () => {
  it("restores exactly the state at backup time, and the audit log verifies against its checkpoints", { timeout: 300_000 }, async () => {
    const { url } = await start();
    await runMigrations(url);
    const { db, sql } = createPool(url, 2);
    try {
      for (let i = 0; i < 3; i++) await makeUnit(db, { name: `Before ${i}` });
      for (let i = 0; i < 4; i++) await recordAudit(db, { action: "test.before", details: { i } });
      await checkpointer(db, dataDir)();
      const atBackup = await snapshot(url);

      // Taken while the cluster runs (found through its postmaster.pid) and another connection keeps writing.
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) await recordAudit(db, { action: "test.during", details: { i } });
      })();
      const backup = await backupInstallation({ dataDir, outDir: path.join(dataDir, "backups"), keep: 3 });
      writing = false;
      await writer;
      const duringBackup = Number((await sql`SELECT count(*) AS n FROM audit_log WHERE action = 'test.during'`)[0]!.n);

      for (let i = 0; i < 2; i++) await makeUnit(db, { name: `After ${i}` });
      await recordAudit(db, { action: "test.after" });
      await expect(restoreBackup({ file: backup.file, dataDir, force: true })).rejects.toThrow(/is running on/);
      await sql.end();
      await stop();

      await expect(restoreBackup({ file: backup.file, dataDir, force: false })).rejects.toThrow(/--force/);
      const restored = await restoreBackup({ file: backup.file, dataDir, force: true });
      expect(restored.movedAside).toMatch(/data\.before-restore-/);
      expect(existsSync(path.join(restored.movedAside!, "pg", "PG_VERSION"))).toBe(true);
      expect(restored.backupFile).toBe(backup.file); // the backups folder stays with the installation

      const verified = await verifyInstallation(dataDir);
      expect(verified.problems).toEqual([]);
      expect(verified.checkpoints).toBe(1);

      const after = await snapshot((await start()).url);
      expect(after.units).toEqual(atBackup.units);
      // Rows written while the backup ran may or may not be in it; nothing written after it is.
      const restoredAudit = after.audit.filter((r) => r.action !== "test.during");
      expect(restoredAudit).toEqual(atBackup.audit);
      expect(after.audit.length - restoredAudit.length).toBeLessThanOrEqual(duringBackup);
      await stop();
    } finally {
      await sql.end().catch(() => {});
    }
  });

  it("the server's nightly run writes a backup beside the others and shows its outcome in the settings", { timeout: 300_000 }, async () => {
    const { url } = await start();
    const { db, sql } = createPool(url, 2);
    try {
      await sql`UPDATE institution_settings SET nightly_backup = true, nightly_backup_hour = 0, last_backup_at = NULL`;
      const before = await readdir(path.join(dataDir, "backups"));
      expect(await runNightlyBackupIfDue(db, { embedded: true, url, dataDir }, () => {})).toBe(true);
      const s = await getInstitution(db);
      expect(s.lastBackupOk).toBe(true);
      const after = await readdir(path.join(dataDir, "backups"));
      expect(after).toHaveLength(before.length + 1);
      expect(after).toContain(s.lastBackupDetail);
    } finally {
      await sql.end();
      await stop();
    }
  });

  it("keeps only the newest backups", async () => {
    const dir = path.join(root, "pruned");
    await rm(dir, { recursive: true, force: true });
    const names = ["01", "02", "03", "04"].map((d) => `hoolekanne-2026-12-${d}T02-00-00Z.tar.gz`);
    await mkdir(dir, { recursive: true });
    for (const n of [...names, "notes.txt"]) await writeFile(path.join(dir, n), "x");
    expect(await pruneBackups(dir, 2)).toEqual(names.slice(0, 2));
    expect((await readdir(dir)).sort()).toEqual([...names.slice(2), "notes.txt"]);
  });
});
