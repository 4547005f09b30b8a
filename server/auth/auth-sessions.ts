import { and, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { authSessions, passwordCredentials } from "@/db/schema";
import { db as globalDb, type DbOrTx } from "@/server/db/client";
import { isUuid } from "@/lib/schemas";

/**
 * Server-side sessions: the cookie only says which row (sid); the row says whether the session
 * still counts. Every request checks it, so the check is one primary-key read cached for a few
 * seconds; a revocation in this process drops the cached answer at once, other instances see it
 * within CHECK_TTL_MS.
 */
const CHECK_TTL_MS = 3_000;
/** last_seen_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60_000;
const CACHE_MAX = 10_000;

export type SessionState = { sid: string; employeeId: string; mustChangePassword: boolean };
export type RevokeReason = "sign_out" | "sign_out_everywhere" | "deactivated" | "password_changed" | "password_reset" | "ended_by_admin";

const holder = globalThis as unknown as { __authSessions?: Map<string, { state: SessionState | null; at: number }> };
const checked = (holder.__authSessions ??= new Map());

export async function startSession(
  db: DbOrTx,
  input: { employeeId: string; ip: string | null; userAgent: string | null; method: string; maxAgeSeconds: number },
): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({
      employeeId: input.employeeId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      method: input.method,
      expiresAt: new Date(Date.now() + input.maxAgeSeconds * 1000),
    })
    .returning({ id: authSessions.id });
  return row!.id;
}

/** The live session with this id, or null when it is unknown, revoked or expired. */
export async function sessionState(sid: string, db: DbOrTx = globalDb()): Promise<SessionState | null> {
  if (!isUuid(sid)) return null;
  const now = Date.now();
  const hit = checked.get(sid);
  if (hit && now - hit.at < CHECK_TTL_MS) return hit.state;
  const [row] = await db
    .select({ employeeId: authSessions.employeeId, lastSeenAt: authSessions.lastSeenAt, mustChange: passwordCredentials.mustChange })
    .from(authSessions)
    .leftJoin(passwordCredentials, eq(passwordCredentials.employeeId, authSessions.employeeId))
    .where(and(eq(authSessions.id, sid), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`)));
  const state = row ? { sid, employeeId: row.employeeId, mustChangePassword: row.mustChange ?? false } : null;
  if (row && now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(authSessions).set({ lastSeenAt: new Date() }).where(eq(authSessions.id, sid));
  }
  if (checked.size >= CACHE_MAX) checked.clear();
  checked.set(sid, { state, at: now });
  return state;
}

const listeners = new Set<(sids: string[]) => void>();
/** Socket.io closes a revoked session's sockets; auth must not import realtime, so it listens. */
export function onSessionsForgotten(listener: (sids: string[]) => void): void {
  listeners.add(listener);
}

/**
 * Forgets the cached answer for these sessions in this process (after a change to them); when
 * they were revoked, their sockets are closed too.
 */
export function forgetSessions(sids: Iterable<string>, opts: { revoked: boolean } = { revoked: true }): void {
  const list = [...sids];
  for (const sid of list) checked.delete(sid);
  if (opts.revoked && list.length) for (const listener of listeners) listener(list);
}

/**
 * Revokes one session, or all of a person's sessions (optionally but one). Returns the ids
 * revoked. Pass the transaction of the change that causes it; call forgetSessions after commit
 * (revokeNow does both when there is no surrounding transaction).
 */
export async function revokeSessions(
  db: DbOrTx,
  which: { sid: string } | { employeeId: string; except?: string | null },
  reason: RevokeReason,
): Promise<string[]> {
  const where =
    "sid" in which
      ? eq(authSessions.id, which.sid)
      : and(eq(authSessions.employeeId, which.employeeId), which.except ? ne(authSessions.id, which.except) : undefined);
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(where, isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.map((r) => r.id);
}

export async function revokeNow(db: DbOrTx, which: Parameters<typeof revokeSessions>[1], reason: RevokeReason) {
  const ids = await revokeSessions(db, which, reason);
  forgetSessions(ids);
  return ids;
}

/** Sessions revoked by the database itself (the deactivation trigger) are forgotten here too. */
export async function forgetSessionsOf(db: DbOrTx, employeeIds: string[]): Promise<void> {
  if (employeeIds.length === 0) return;
  const rows = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(inArray(authSessions.employeeId, employeeIds), isNotNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`)));
  forgetSessions(rows.map((r) => r.id));
}

/** A person's live sessions, newest first, for "My sessions" and the administrator. */
export async function liveSessionsOf(db: DbOrTx, employeeId: string) {
  return db
    .select({
      id: authSessions.id,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      ip: authSessions.ip,
      userAgent: authSessions.userAgent,
      method: authSessions.method,
    })
    .from(authSessions)
    .where(and(eq(authSessions.employeeId, employeeId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`)))
    .orderBy(sql`${authSessions.createdAt} DESC`);
}

/** Whether the person has signed in from this address before (a day centre's usual network). */
export async function knownNetwork(db: DbOrTx, employeeId: string, ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(authSessions)
    .where(
      and(eq(authSessions.employeeId, employeeId), eq(authSessions.ip, ip), gt(authSessions.createdAt, sql`now() - interval '90 days'`)),
    )
    .limit(1);
  return Boolean(row);
}
