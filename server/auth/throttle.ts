import { eq, inArray, sql } from "drizzle-orm";
import { signInThrottle } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";

/**
 * Slows down password guessing: after `free` failures for a personal code (or an IP address),
 * each further attempt must wait, doubling from 30 seconds up to 15 minutes. Kept in the
 * database so that every app instance sees the same counts.
 */
const RULES = { code: { free: 5 }, ip: { free: 20 } } as const;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

export type ThrottleKeys = { code: string; ip: string | null };

const keysOf = (k: ThrottleKeys) => [`code:${k.code}`, ...(k.ip ? [`ip:${k.ip}`] : [])];

export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - free), MAX_DELAY_MS);
}

/** Seconds the caller must still wait, or 0. */
export async function secondsBlocked(db: DbOrTx, k: ThrottleKeys, now = new Date()): Promise<number> {
  const rows = await db.select().from(signInThrottle).where(inArray(signInThrottle.key, keysOf(k)));
  let until = 0;
  for (const r of rows) if (r.blockedUntil) until = Math.max(until, r.blockedUntil.getTime());
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export async function recordFailure(db: DbOrTx, k: ThrottleKeys, now = new Date()): Promise<void> {
  for (const key of keysOf(k)) {
    const free = key.startsWith("code:") ? RULES.code.free : RULES.ip.free;
    const [row] = await db
      .insert(signInThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInThrottle.key,
        // Failures older than a day are forgotten.
        set: {
          // An ISO string: postgres.js under Drizzle does not serialise a Date inside raw sql``.
          failures: sql`CASE WHEN ${signInThrottle.lastFailureAt} < ${now.toISOString()}::timestamptz - interval '1 day' THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
          lastFailureAt: now,
        },
      })
      .returning({ failures: signInThrottle.failures });
    const delay = delayAfter(row?.failures ?? 1, free);
    if (delay > 0) {
      await db
        .update(signInThrottle)
        .set({ blockedUntil: new Date(now.getTime() + delay) })
        .where(eq(signInThrottle.key, key));
    }
  }
}

export async function recordSuccess(db: DbOrTx, k: ThrottleKeys): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, `code:${k.code}`));
}
