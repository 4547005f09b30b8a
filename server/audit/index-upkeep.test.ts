import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/server/audit/audit";
import { useTestDatabase } from "@/server/testing/database";
import { auditIndexMoveUnderWay, MOVE_AFTER_IDS, moveAuditClientIndexPending, noteAuditClientIds } from "./index-upkeep";

const t = await useTestDatabase();

/** Audit rows found for a client through the index alone, as the access history asks. */
async function readsOf(clientId: string): Promise<number> {
  return t.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const [row] = await tx.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE details->'clientIds' ? ${clientId}`);
    return row!.n;
  });
}

describe("the audit client index's upkeep", () => {
  it("leaves a busy stretch of calendar reads to the background move, and the reads stay findable", async () => {
    // 45 views of a week of sixty rooms, ~3,000 clients each: more entries than the default
    // 4 MB pending list holds, so with it an insert would have moved them itself.
    const views = Array.from({ length: 45 }, () => Array.from({ length: 3000 }, () => randomUUID()));
    // In one transaction, where no early move starts (see below).
    await t.db.transaction(async (tx) => {
      for (const clientIds of views) {
        await recordAudit(tx, { action: "calendar.read", targetType: "calendar", details: { view: "roomCalendar", clientIds } });
      }
    });
    expect(await readsOf(views[0]![0]!)).toBe(1);
    // Still all pending (over 4 MB of 8 kB pages), moved here rather than by a reader's insert.
    expect(await moveAuditClientIndexPending(t.db)).toBeGreaterThan(512);
    expect(await moveAuditClientIndexPending(t.db)).toBe(0);
    expect(await readsOf(views[0]![0]!)).toBe(1);
    expect(await readsOf(views[44]![2999]!)).toBe(1);
    expect(await readsOf(randomUUID())).toBe(0);
  });

  it("moves them sooner, in the background, once reads have logged MOVE_AFTER_IDS ids since the last move", async () => {
    await moveAuditClientIndexPending(t.db);
    const perView = 3000;
    const read = () => Array.from({ length: perView }, () => randomUUID());
    const first = read();
    // Up to the threshold, nothing starts: the reads' inserts only add to the pending list.
    for (let i = 0; i < Math.floor(MOVE_AFTER_IDS / perView); i++) {
      await recordAudit(t.db, { action: "calendar.read", targetType: "calendar", details: { clientIds: i === 0 ? first : read() } });
      expect(auditIndexMoveUnderWay(), `after ${i + 1} reads`).toBeNull();
    }
    // The read that passes it starts a move, which the read does not wait for.
    const last = read();
    await recordAudit(t.db, { action: "calendar.read", targetType: "calendar", details: { clientIds: last } });
    const move = auditIndexMoveUnderWay();
    expect(move).not.toBeNull();
    expect(await move).toBeGreaterThan(100);
    expect(await moveAuditClientIndexPending(t.db)).toBe(0);
    expect(await readsOf(first[0]!)).toBe(1);
    expect(await readsOf(last[perView - 1]!)).toBe(1);
  });

  it("starts no move for a transaction's handle, which may end before it", async () => {
    await moveAuditClientIndexPending(t.db);
    await t.db.transaction(async (tx) => {
      expect(noteAuditClientIds(tx, 2 * MOVE_AFTER_IDS)).toBeNull();
      expect(auditIndexMoveUnderWay()).toBeNull();
    });
    // The ids still count: the next read outside a transaction moves them.
    expect(noteAuditClientIds(t.db, 1)).not.toBeNull();
    await auditIndexMoveUnderWay();
  });
});
