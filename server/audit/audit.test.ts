import postgres from "postgres";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, useTestDatabase, type TestDatabase } from "@/server/testing/database";
import { pgErrorFrom } from "@/server/testing/errors";
import { auditRows } from "@/server/testing/factories";
import { listAudit, recordAudit, verifyAuditChain } from "./audit";

const t = await useTestDatabase();

/**
 * A database of its own with `n` audit rows, for tests that tamper with the log. One connection
 * writes them all, so they form one chain (seq 1..n) and a tampered row's neighbours are known.
 */
async function logWithRows(n: number): Promise<TestDatabase> {
  const d = await createTestDatabase({ max: 1 });
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

/** Checks by hand what audit_verify checks: each row follows the previous row of its chain. */
function expectLinkedChains(rows: Awaited<ReturnType<typeof auditRows>>) {
  const tails = new Map<number, string>();
  for (const row of rows) {
    expect(row.prevHash, `row ${row.seq} in chain ${row.chain}`).toBe(tails.get(row.chain) ?? "0".repeat(64));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    tails.set(row.chain, row.hash);
  }
  return tails;
}

describe("audit chain", () => {
  it("numbers rows 1..n in order, links each to the previous row of its chain, and verifies intact", async () => {
    for (let i = 0; i < 5; i++) {
      await recordAudit(t.db, { action: "unit.create", actorEmployeeId: null, subject: `s${i}`, details: { i } });
    }
    const rows = await auditRows(t.db);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expectLinkedChains(rows);
    expect(rows.map((r) => r.details)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("keeps one transaction's rows in one chain", async () => {
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await recordAudit(tx, { action: "test.together", details: { i } });
    });
    const rows = await auditRows(t.db, "test.together");
    expect(new Set(rows.map((r) => r.chain)).size).toBe(1);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
  });

  it("an audited transaction left open does not hold up the audit rows of others", async () => {
    const other = postgres(t.url, { max: 1, onnotice: () => {} });
    onTestFinished(() => other.end());
    let written!: () => void;
    let release!: () => void;
    const inserted = new Promise<void>((resolve) => (written = resolve));
    const open = other.begin(async (tx) => {
      await tx`INSERT INTO audit_log (action) VALUES ('test.open')`;
      written();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await inserted;
    // With one chain this waited for the open transaction's commit; now it takes another chain.
    await t.sql.begin(async (tx) => {
      await tx`SET LOCAL lock_timeout = '2s'`;
      await tx`INSERT INTO audit_log (action) VALUES ('test.beside')`;
    });
    release();
    await open;
    const [opened] = await auditRows(t.db, "test.open");
    const [beside] = await auditRows(t.db, "test.beside");
    expect(beside!.chain).not.toBe(opened!.chain);
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("ignores a seq or hash supplied by the caller", async () => {
    await t.sql`INSERT INTO audit_log (seq, action, prev_hash, hash) VALUES (999, 'forged', 'x', 'y')`;
    const [last] = await auditRows(t.db, "forged");
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

  it("stays unbroken chains, written side by side, when 50 entries are written at once over 10 connections", async () => {
    const before = (await auditRows(t.db)).length;
    await Promise.all(Array.from({ length: 50 }, (_, i) => recordAudit(t.db, { action: "test.parallel", details: { i } })));
    const rows = await auditRows(t.db);
    expect(rows).toHaveLength(before + 50);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
    const tails = expectLinkedChains(rows);
    expect(tails.size).toBeGreaterThan(1);
    const heads = await t.sql<{ id: number; last_hash: string }[]>`SELECT id, last_hash FROM audit_chain_head`;
    for (const head of heads) expect(head.last_hash, `head of chain ${head.id}`).toBe(tails.get(head.id) ?? "0".repeat(64));
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

  it("a deleted middle row breaks the link of the row after it", async () => {
    const d = await logWithRows(5);
    await tamper(d, "DELETE FROM audit_log WHERE seq = 3");
    expect(await verifyAuditChain(d.db)).toEqual([{ seq: 4, problem: "does not follow the previous row" }]);
  });

  it("a row moved to another chain breaks both", async () => {
    const d = await logWithRows(5);
    const [row] = await d.sql<{ chain: number }[]>`SELECT chain FROM audit_log WHERE seq = 3`;
    await tamper(d, `UPDATE audit_log SET chain = ${(row!.chain % 32) + 1} WHERE seq = 3`);
    const problems = await verifyAuditChain(d.db);
    expect(problems).toContainEqual({ seq: 3, problem: "does not follow the previous row" });
    expect(problems).toContainEqual({ seq: 4, problem: "does not follow the previous row" });
    await tamper(d, "UPDATE audit_log SET chain = 40 WHERE seq = 3");
    expect(await verifyAuditChain(d.db)).toContainEqual({ seq: 3, problem: "belongs to no chain" });
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
