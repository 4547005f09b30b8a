import { inArray, sql } from "drizzle-orm";
import { signInThrottle } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { textArray } from "@/server/db/sql-helpers";

/**
 * Slows down password guessing without letting anyone lock others out. Every attempt is counted
 * BEFORE the password is checked, under keys that depend on where it comes from:
 *  - from a known device (signed cookie, this person signed in on it before): that device and
 *    code only, so attacks from anywhere else never slow the person's own computer;
 *  - otherwise: the code from this address (5 free), the code from anywhere (10 free) and, unless
 *    the person has signed in from this address before, the address across codes (20 free).
 * Past its free attempts a key makes each further attempt wait, doubling from 30 s up to
 * 15 minutes (sign_in_delay in the database); there is no hard lock. A success clears the keys
 * of that person and gives the address its attempt back. Counts older than a day are forgotten.
 */
export const FREE = { device: 5, codeAtAddress: 5, code: 10, address: 20 } as const;

export type ThrottleRule = { key: string; free: number };

export function rulesFor(input: { code: string; ip: string | null; knownDevice: string | null; knownNetwork: boolean }): ThrottleRule[] {
  if (input.knownDevice) return [{ key: `device:${input.knownDevice}:${input.code}`, free: FREE.device }];
  const rules: ThrottleRule[] = [
    { key: `code-ip:${input.code}@${input.ip ?? "-"}`, free: FREE.codeAtAddress },
    { key: `code:${input.code}`, free: FREE.code },
  ];
  if (input.ip && !input.knownNetwork) rules.push({ key: `ip:${input.ip}`, free: FREE.address });
  return rules;
}

export type Reservation = { ok: true } | { ok: false; retryAfter: number };

/**
 * Reserves one attempt under every rule, or refuses, in ONE statement: the upsert counts only
 * rows that are not waiting, and a row's lock orders concurrent attempts, so 30 parallel guesses
 * for one code get exactly as many password checks as the rules allow. When any key is waiting,
 * nothing is counted.
 */
export async function reserveAttempt(db: DbOrTx, rules: ThrottleRule[], now = new Date()): Promise<Reservation> {
  // ISO strings: postgres.js under Drizzle does not serialise a Date inside raw sql``.
  const at = now.toISOString();
  const frees = `{${rules.map((r) => r.free).join(",")}}`;
  const [row] = await db.execute<{ waiting_until: string | null; reserved: number }>(sql`
    WITH wanted AS (
      SELECT * FROM unnest(${textArray(rules.map((r) => r.key))}, ${frees}::int[]) AS w(key, free)
    ), waiting AS (
      SELECT max(t.blocked_until) AS until FROM sign_in_throttle t JOIN wanted USING (key)
       WHERE t.blocked_until > ${at}::timestamptz
    ), reserved AS (
      INSERT INTO sign_in_throttle AS t (key, failures, last_failure_at, blocked_until)
      SELECT key, 1, ${at}::timestamptz, ${at}::timestamptz + sign_in_delay(1, free) FROM wanted
       WHERE (SELECT until FROM waiting) IS NULL
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.last_failure_at < ${at}::timestamptz - interval '1 day' THEN 1 ELSE t.failures + 1 END,
        last_failure_at = ${at}::timestamptz,
        blocked_until = ${at}::timestamptz + sign_in_delay(
          CASE WHEN t.last_failure_at < ${at}::timestamptz - interval '1 day' THEN 1 ELSE t.failures + 1 END,
          (SELECT free FROM wanted WHERE wanted.key = t.key))
      WHERE t.blocked_until IS NULL OR t.blocked_until <= ${at}::timestamptz
      RETURNING t.key
    )
    SELECT (SELECT until FROM waiting)::text AS waiting_until, (SELECT count(*) FROM reserved)::int AS reserved`);
  if (row && row.reserved === rules.length) return { ok: true };
  return { ok: false, retryAfter: await secondsBlocked(db, rules, now) };
}

/** Seconds until every key lets an attempt through again (at least 1 when refused in a race). */
export async function secondsBlocked(db: DbOrTx, rules: ThrottleRule[], now = new Date()): Promise<number> {
  const rows = await db
    .select({ until: signInThrottle.blockedUntil })
    .from(signInThrottle)
    .where(
      inArray(
        signInThrottle.key,
        rules.map((r) => r.key),
      ),
    );
  let until = 0;
  for (const r of rows) if (r.until) until = Math.max(until, r.until.getTime());
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

/**
 * After a correct password: the person's keys start over, and the address gets back the attempt
 * counted for this sign-in (colleagues signing in behind one address do not add up).
 */
export async function releaseAfterSuccess(db: DbOrTx, rules: ThrottleRule[]): Promise<void> {
  const personal = rules.filter((r) => !r.key.startsWith("ip:")).map((r) => r.key);
  if (personal.length) await db.delete(signInThrottle).where(inArray(signInThrottle.key, personal));
  for (const r of rules.filter((x) => x.key.startsWith("ip:"))) {
    await db.execute(sql`
      UPDATE sign_in_throttle SET failures = greatest(failures - 1, 0),
             blocked_until = CASE WHEN failures - 1 < ${r.free} THEN NULL ELSE blocked_until END
       WHERE key = ${r.key}`);
  }
}
