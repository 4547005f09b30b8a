import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/server/audit/audit";
import { CHECKPOINT_FILE, verifyCheckpoints } from "@/server/audit/checkpoint";
import { useTestDatabase } from "@/server/testing/database";
import { startBackgroundJobs } from "./background";

const t = await useTestDatabase();
const dir = await mkdtemp(path.join(os.tmpdir(), "hoolekanne-jobs-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const lines = async () => (await readFile(path.join(dir, CHECKPOINT_FILE), "utf8")).trim().split("\n");

describe("the server's background jobs", () => {
  it("checkpoint the audit chains at start and again at a clean stop, and the checkpoints verify", async () => {
    await recordAudit(t.db, { action: "test.before-start" });
    const log: string[] = [];
    const jobs = startBackgroundJobs({
      db: t.db,
      target: { embedded: false, url: t.url, dataDir: dir },
      checkpointMinutes: 10,
      log: (m) => log.push(m),
    });
    await expect.poll(async () => (await lines().catch(() => [])).length).toBe(1);
    await recordAudit(t.db, { action: "test.while-running" });
    await jobs.stop();
    expect(await lines()).toHaveLength(2);
    const report = await verifyCheckpoints(t.db, dir);
    expect(report).toMatchObject({ checkpoints: 2, problems: [] });
    // The nightly backup is off by default: nothing ran, nothing failed.
    expect(log).toEqual([]);
  });
});
