import { TRPCError } from "@trpc/server";
import { cachedActor } from "@/server/auth/actor-cache";
import { sessionFromCookies } from "@/server/auth/session-token";
import { databaseDown } from "@/server/db/availability";
import { db, type Db } from "@/server/db/client";
import { isConnectionLost, unavailable } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";

export type Context = {
  db: Db;
  actor: Actor | null;
  ip: string | null;
  /** The X-Request-Id the server answered, for log lines about this request. */
  requestId?: string | null;
  /** The caller's server-side session (absent in tests that call procedures directly). */
  sid?: string | null;
  /** After an administrator's reset, only changing the password is allowed. */
  mustChangePassword?: boolean;
  userAgent?: string | null;
};

/** The 503 of a database that is down or restarting, before any procedure ran. */
function serviceUnavailable(err?: unknown) {
  const cause = unavailable(err);
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: cause.message, cause });
}

/** Builds the request context from the session cookie: one cached actor lookup, no Next involved. */
export async function createContext(opts: {
  cookie?: string;
  ip: string | null;
  requestId?: string | null;
  userAgent?: string | null;
}): Promise<Context> {
  // While the database restarts every call is answered 503 at once, not after a connect timeout.
  if (databaseDown()) throw serviceUnavailable();
  let session: Awaited<ReturnType<typeof sessionFromCookies>>;
  let actor: Actor | null;
  try {
    session = await sessionFromCookies(opts.cookie);
    actor = session ? await cachedActor(session.employeeId) : null;
  } catch (err) {
    // A connection the restart cut, found before the probe or the supervisor did: the same
    // 503 as above (the request was not carried out), not a 500.
    if (!isConnectionLost(err)) throw err;
    throw serviceUnavailable(err);
  }
  return {
    db: db(),
    actor,
    ip: opts.ip,
    requestId: opts.requestId ?? null,
    sid: session?.sid ?? null,
    mustChangePassword: session?.mustChangePassword ?? false,
    userAgent: opts.userAgent ?? null,
  };
}
