import { describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, useTestDatabase, type TestDatabase } from "@/server/testing/database";
import { pgErrorFrom } from "@/server/testing/errors";
import { auditRows } from "@/server/testing/factories";
import { listAudit, recordAudit, verifyAuditChain } from "./audit";

const t = await useTestDatabase();

/** A database of its own with `n` audit rows, for tests that tamper with the log. */
async function logWithRows(n: number): Promise<TestDatabase> {
  const d = await createTestDatabase({ max: 2 });
  onTestFinished(() => d.close());
  for (let i = 1; i <= n; i++) await recordAudit(d.db, { action: "test.entry", details: { i } });
  return d;
}

/** Runs statements as the superuser with triggers off, as an attacker with database access could. */
async function tamper(d: TestDatabase, statement: string) {
  await d.sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx.unsafe(statement);
  });
}

describe("audit chain", () => {
  it("numbers rows 1..n in order, links each to the previous, and verifies intact", async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(t.db, { action: "unit.create", actorEmployeeId: null, subject: `s${i}`, details: { i } });
    }
    const rows = await auditRows(t.db);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prevHash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(rows.map((r) => r.details)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("ignores a seq or hash supplied by the caller", async () => {
    await t.sql`INSERT INTO audit_log (seq, action, prev_hash, hash) VALUES (999, 'forged', 'x', 'y')`;
    const [last] = (await auditRows(t.db, "forged"));
    expect(last!.seq).toBeLessThan(999);
    expect(last!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE through SQL", async () => {
    await recordAudit(t.db, { action: "test.keep" });
    for (const statement of [
      "UPDATE audit_log SET details = '{\"changed\":true}' WHERE seq = 1",
      "DELETE FROM audit_log WHERE seq = 1",
      "TRUNCATE audit_log",
      "UPDATE audit_chain_head SET last_seq = 0",
    ]) {
      const err = await pgErrorFrom(t.sql.unsafe(statement));
      expect(err.code, statement).toBe("42501"); // insufficient_privilege, raised by the trigger
    }
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("stays one unbroken chain when 50 entries are written at once over 10 connections", async () => {
    const before = (await auditRows(t.db)).length;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit(t.db, { action: "test.parallel", details: { i } })),
    );
    const rows = await auditRows(t.db);
    expect(rows).toHaveLength(before + 50);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("lists newest first with filters", async () => {
    const rows = await listAudit(t.db, { action: "test.parallel", limit: 3 });
    expect(rows).toHaveLength(3);
    expect(rows[0]!.seq).toBeGreaterThan(rows[1]!.seq);
    expect(await listAudit(t.db, { text: "s3", limit: 10 })).toHaveLength(1);
  });
});

describe("tampering is detected", () => {
  it("an altered row no longer matches its hash", async () => {
    const d = await logWithRows(5);
    await tamper(d, `UPDATE audit_log SET details = '{"i": 99}' WHERE seq = 3`);
    expect(await verifyAuditChain(d.db)).toEqual([{ seq: 3, problem: "content does not match its hash" }]);
  });

  it("an altered row with a recomputed hash breaks the link to the next row", async () => {
    const d = await logWithRows(5);
    await tamper(d, `UPDATE audit_log SET outcome = 'refused' WHERE seq = 2`);
    await tamper(d, `UPDATE audit_log SET hash = audit_row_hash(audit_log) WHERE seq = 2`);
    expect(await verifyAuditChain(d.db)).toEqual([{ seq: 3, problem: "does not follow the previous row" }]);
  });

  it("a deleted middle row leaves a gap", async () => {
    const d = await logWithRows(5);
    await tamper(d, "DELETE FROM audit_log WHERE seq = 3");
    const problems = await verifyAuditChain(d.db);
    expect(problems).toContainEqual({ seq: 3, problem: "rows 3..3 are missing" });
    expect(problems).toContainEqual({ seq: 4, problem: "does not follow the previous row" });
  });

  it("a deleted newest row is noticed through the chain head", async () => {
    const d = await logWithRows(5);
    await tamper(d, "DELETE FROM audit_log WHERE seq = 5");
    expect(await verifyAuditChain(d.db)).toEqual([{ seq: 5, problem: "the newest rows are missing" }]);
  });

  it("an emptied log is noticed too", async () => {
    const d = await logWithRows(2);
    await tamper(d, "DELETE FROM audit_log");
    expect(await verifyAuditChain(d.db)).toEqual([{ seq: 2, problem: "the newest rows are missing" }]);
  });
});
