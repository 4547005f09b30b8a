import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { rewriteAuditRowAndRecompute } from "@/server/testing/audit-tampering";
import { createTestDatabase } from "@/server/testing/database";
import { recordAudit, verifyAuditChain } from "./audit";
import { CHECKPOINT_FILE, checkpointer, SIGNING_KEY_FILE, verifyCheckpoints } from "./checkpoint";

const d = await createTestDatabase({ max: 1 });
let dir = "";
afterAll(() => d.close());
beforeEach(async () => {
  // Each test starts from its own data folder and a log of five rows in one chain.
  dir = await mkdtemp(path.join(os.tmpdir(), "hoolekanne-checkpoint-"));
  await d.sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`DELETE FROM audit_log`;
    await tx`UPDATE audit_chain_head SET last_seq = 0, last_hash = repeat('0', 64)`;
    await tx`SELECT setval('audit_log_seq', 1, false)`;
  });
  for (let i = 0; i < 5; i++) await recordAudit(d.db, { action: "test.entry", details: { i } });
  return () => rm(dir, { recursive: true, force: true });
});

const chainOf = async (seq: number) => Number((await d.sql`SELECT chain FROM audit_log WHERE seq = ${seq}`)[0]!.chain);

describe("signed checkpoints of the audit chains", () => {
  it("an untouched log matches its checkpoints, and a second checkpoint is written only for chains with new rows", async () => {
    const checkpoint = checkpointer(d.db, dir);
    expect(await checkpoint()).toBe(true);
    expect(await checkpoint()).toBe(false);
    await recordAudit(d.db, { action: "test.later" });
    expect(await checkpoint()).toBe(true);
    const report = await verifyCheckpoints(d.db, dir);
    expect(report.problems).toEqual([]);
    expect(report.checkpoints).toBe(2);
    // The second line carries only the chain that moved.
    const second = JSON.parse((await readFile(path.join(dir, CHECKPOINT_FILE), "utf8")).trim().split("\n")[1]!) as { heads: unknown[] };
    expect(second.heads).toHaveLength(1);
    expect((await readFile(path.join(dir, SIGNING_KEY_FILE), "utf8")).length).toBeGreaterThanOrEqual(32);
  });

  it("finds a row rewritten before the checkpoint even when the chain was recomputed, naming the chain", async () => {
    await checkpointer(d.db, dir)();
    await recordAudit(d.db, { action: "test.after-checkpoint" });
    await rewriteAuditRowAndRecompute(d.sql, 2);
    // The attack works against the chain alone: this is why the anchor is needed.
    expect(await verifyAuditChain(d.db)).toEqual([]);
    const { problems } = await verifyCheckpoints(d.db, dir);
    expect(problems).toEqual([expect.objectContaining({ chain: await chainOf(2), seq: 5, problem: expect.stringMatching(/altered/) })]);
  });

  it("finds checkpointed rows that were deleted", async () => {
    await checkpointer(d.db, dir)();
    await d.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`DELETE FROM audit_log WHERE seq = 5`;
      await tx`UPDATE audit_chain_head SET last_seq = 4, last_hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE last_seq = 5`;
    });
    expect(await verifyAuditChain(d.db)).toEqual([]);
    const { problems } = await verifyCheckpoints(d.db, dir);
    expect(problems).toEqual([expect.objectContaining({ seq: 5, problem: expect.stringMatching(/gone/) })]);
  });

  it("refuses a checkpoint line forged without the key", async () => {
    await checkpointer(d.db, dir)();
    const [line] = (await readFile(path.join(dir, CHECKPOINT_FILE), "utf8")).split("\n");
    const forged = JSON.parse(line!) as { heads: [number, number, string][] };
    forged.heads[0]![2] = "f".repeat(64);
    await appendFile(path.join(dir, CHECKPOINT_FILE), `${JSON.stringify(forged)}\n`);
    const { problems, checkpoints } = await verifyCheckpoints(d.db, dir);
    expect(checkpoints).toBe(1);
    expect(problems).toEqual([expect.objectContaining({ problem: expect.stringMatching(/line 2: signature does not match/) })]);
  });

  it("reports checkpoints whose key is missing instead of skipping them", async () => {
    await checkpointer(d.db, dir)();
    await rm(path.join(dir, SIGNING_KEY_FILE));
    const { problems } = await verifyCheckpoints(d.db, dir);
    expect(problems).toEqual([expect.objectContaining({ problem: expect.stringMatching(/signing key is missing/) })]);
    await writeFile(path.join(dir, SIGNING_KEY_FILE), "another-key-another-key-another-key-0123");
    expect((await verifyCheckpoints(d.db, dir)).problems[0]?.problem).toMatch(/signature does not match/);
  });
});
