import { cachedActor } from "@/server/auth/actor-cache";
import { employeeIdFromCookies } from "@/server/auth/session-token";
import { db, type Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";

/** `requestId`: the X-Request-Id the server answered, for log lines about this request. */
export type Context = { db: Db; actor: Actor | null; ip: string | null; requestId?: string | null };

/** Builds the request context from the session cookie: one cached actor lookup, no Next involved. */
export async function createContext(opts: { cookie?: string; ip: string | null; requestId?: string | null }): Promise<Context> {
  const employeeId = await employeeIdFromCookies(opts.cookie);
  const actor = employeeId ? await cachedActor(employeeId) : null;
  return { db: db(), actor, ip: opts.ip, requestId: opts.requestId ?? null };
}
