import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/server/audit/audit";
import { CHECKPOINT_FILE, checkpointer } from "@/server/audit/checkpoint";
import { rewriteAuditRowAndRecompute } from "@/server/testing/audit-tampering";
import { newPersonalCode } from "@/server/testing/factories";
import { createTestDatabase } from "@/server/testing/database";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "hoolekanne-scripts-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs `npm run <script>` the way npm does (tsx on the file), as its own process. */
function run(file: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join("scripts", file), ...args],
      { env: { ...process.env, DATA_DIR: dataDir, ...env }, timeout: 150_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

// Each case starts Node and tsx once or more: slow on a busy machine.
describe("command-line scripts exit non-zero on failure", { timeout: 180_000 }, () => {
  it("audit:verify exits 1 on a tampered log and 0 on an intact one", async () => {
    const d = await createTestDatabase({ max: 1 });
    try {
      for (let i = 0; i < 3; i++) await recordAudit(d.db, { action: "test.entry", details: { i } });
      const intact = await run("audit-verify.ts", [], { DATABASE_URL: d.url });
      expect(intact.stdout).toContain("Audit log intact");
      expect(intact.code).toBe(0);

      await d.sql.begin(async (tx) => {
        await tx`SET LOCAL session_replication_role = replica`;
        await tx`UPDATE audit_log SET details = '{"i": 99}' WHERE seq = 2`;
      });
      const broken = await run("audit-verify.ts", [], { DATABASE_URL: d.url });
      expect(broken.stderr).toContain("Audit log BROKEN");
      expect(broken.code).toBe(1);
    } finally {
      await d.close();
    }
  });

  it("audit:verify exits 1 naming the chain when a checkpointed row was rewritten and its chain recomputed", async () => {
    const d = await createTestDatabase({ max: 1 });
    try {
      for (let i = 0; i < 3; i++) await recordAudit(d.db, { action: "test.entry", details: { i } });
      const [row] = await d.sql<{ seq: string; chain: number }[]>`SELECT seq, chain FROM audit_log ORDER BY seq LIMIT 1`;
      await checkpointer(d.db, dataDir)();
      const anchored = await run("audit-verify.ts", [], { DATABASE_URL: d.url });
      expect(anchored.stdout).toContain("Matches 1 signed checkpoint(s)");
      expect(anchored.code).toBe(0);

      await rewriteAuditRowAndRecompute(d.sql, Number(row!.seq));
      const rewritten = await run("audit-verify.ts", [], { DATABASE_URL: d.url });
      expect(rewritten.stderr).toContain(`chain ${row!.chain}: row`);
      expect(rewritten.stderr).toContain("Audit log BROKEN");
      expect(rewritten.code).toBe(1);
    } finally {
      await d.close();
      await rm(path.join(dataDir, CHECKPOINT_FILE), { force: true });
    }
  });

  it("admin:create exits 1 when it refuses a second administrator, 2 on missing arguments", async () => {
    const d = await createTestDatabase({ max: 1 });
    try {
      const first = await run("create-admin.ts", [newPersonalCode(), "Mari", "Maasikas"], { DATABASE_URL: d.url });
      expect(first.code).toBe(0);
      const second = await run("create-admin.ts", [newPersonalCode(), "Jüri", "Juurikas"], { DATABASE_URL: d.url });
      expect(second.stderr).toMatch(/administrator/i);
      expect(second.code).toBe(1);
      expect((await run("create-admin.ts", [], { DATABASE_URL: d.url })).code).toBe(2);
    } finally {
      await d.close();
    }
  });
});

describe("backup and restore scripts refuse clearly", { timeout: 180_000 }, () => {
  it("backup exits 2 on a bad argument and 1 with DATABASE_URL set", async () => {
    const bad = await run("backup.ts", ["--keep", "many"], { DATABASE_URL: undefined });
    expect(bad.stderr).toContain("BACKUP_KEEP must be a whole number");
    expect(bad.code).toBe(2);
    expect((await run("backup.ts", ["--nonsense"], { DATABASE_URL: undefined })).code).toBe(2);
    const external = await run("backup.ts", [], { DATABASE_URL: "postgres://u@127.0.0.1:1/x" });
    expect(external.stderr).toContain("external PostgreSQL");
    expect(external.code).toBe(1);
  });

  it("restore exits 1 without --force over an existing installation, and 2 without a file", async () => {
    const installation = path.join(dataDir, "existing");
    await mkdir(path.join(installation, "pg"), { recursive: true });
    await writeFile(path.join(installation, "pg", "PG_VERSION"), "18\n");
    const backup = path.join(dataDir, "some-backup.tar.gz");
    await writeFile(backup, "not opened: refused before");
    const refused = await run("restore.ts", [backup], { DATABASE_URL: undefined, DATA_DIR: installation });
    expect(refused.stderr).toContain("--force");
    expect(refused.code).toBe(1);
    expect(await readdir(installation)).toEqual(["pg"]);
    expect((await run("restore.ts", [], { DATABASE_URL: undefined, DATA_DIR: installation })).code).toBe(2);
  });
});
