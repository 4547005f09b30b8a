import { TRPCError } from "@trpc/server";
import { cachedActor } from "@/server/auth/actor-cache";
import { employeeIdFromCookies } from "@/server/auth/session-token";
import { databaseDown } from "@/server/db/availability";
import { db, type Db } from "@/server/db/client";
import { unavailable } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";

export type Context = { db: Db; actor: Actor | null; ip: string | null };

/** Builds the request context from the session cookie: one cached actor lookup, no Next involved. */
export async function createContext(opts: { cookie?: string; ip: string | null }): Promise<Context> {
  // While the database restarts every call is answered 503 at once, not after a connect timeout.
  if (databaseDown()) {
    const cause = unavailable();
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: cause.message, cause });
  }
  const employeeId = await employeeIdFromCookies(opts.cookie);
  const actor = employeeId ? await cachedActor(employeeId) : null;
  return { db: db(), actor, ip: opts.ip };
}
