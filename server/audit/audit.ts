import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { auditLog, employees } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { auditVerifyFn } from "@/server/db/sql-functions";
import { containing, escapeLike } from "@/server/db/sql-helpers";
import { noteAuditClientIds } from "./index-upkeep";

export type AuditEntry = {
  actorEmployeeId?: string | null;
  subject?: string | null;
  action: string;
  outcome?: "ok" | "refused" | "failed";
  targetType?: string | null;
  targetId?: string | null;
  clientId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

/**
 * Appends to the audit log. Pass the transaction that made the change so that the change and
 * its audit row commit together; the chain fields are set by the database trigger.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorEmployeeId: entry.actorEmployeeId ?? null,
    subject: entry.subject ?? null,
    action: entry.action,
    outcome: entry.outcome ?? "ok",
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    clientId: entry.clientId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
  // Each listed client is an entry of the audit client index's pending list (index-upkeep.ts).
  const listed = entry.details?.clientIds;
  if (Array.isArray(listed)) noteAuditClientIds(db, listed.length);
}

export type AuditProblem = { seq: number; problem: string };

/** Recomputes every chain of the log in the database (audit_verify()); empty when intact. */
export async function verifyAuditChain(db: DbOrTx): Promise<AuditProblem[]> {
  return auditVerifyFn(db, {});
}

export type AuditFilter = {
  actorEmployeeId?: string;
  action?: string;
  outcome?: "ok" | "refused" | "failed";
  text?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit: number;
};

export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.actorEmployeeId) where.push(eq(auditLog.actorEmployeeId, f.actorEmployeeId));
  if (f.action) where.push(ilike(auditLog.action, `${escapeLike(f.action)}%`));
  if (f.outcome) where.push(eq(auditLog.outcome, f.outcome));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lt(auditLog.at, f.to));
  if (f.beforeSeq) where.push(lt(auditLog.seq, f.beforeSeq));
  if (f.text) {
    const like = containing(f.text);
    where.push(or(ilike(auditLog.subject, like), ilike(auditLog.targetId, like), sql`${auditLog.details}::text ILIKE ${like}`)!);
  }
  return db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorEmployeeId: auditLog.actorEmployeeId,
      actorName: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
      subject: auditLog.subject,
      action: auditLog.action,
      outcome: auditLog.outcome,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      clientId: auditLog.clientId,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(employees, eq(employees.id, auditLog.actorEmployeeId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(f.limit);
}
