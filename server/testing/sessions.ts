import { encode } from "next-auth/jwt";
import { startSession } from "@/server/auth/auth-sessions";
import type { DbOrTx } from "@/server/db/client";

export const SESSION_COOKIE = "authjs.session-token";

/**
 * The cookie Auth.js would set for `sid`: employee id and session id, encrypted with `secret`
 * (this process's AUTH_SECRET, or that of a server started apart: app-process, benchmarks).
 */
export async function cookieFor(employeeId: string, sid: string, secret = process.env.AUTH_SECRET!): Promise<string> {
  return `${SESSION_COOKIE}=${await encode({ token: { employeeId, sub: employeeId, sid }, secret, salt: SESSION_COOKIE })}`;
}

/** A new server-side session of the employee and its cookie, as a sign-in would make them. */
export async function signedInCookie(db: DbOrTx, employeeId: string, opts: { ip?: string; userAgent?: string; secret?: string } = {}) {
  const sid = await startSession(db, {
    employeeId,
    ip: opts.ip ?? "192.0.2.10",
    userAgent: opts.userAgent ?? "Vitest",
    method: "password",
    maxAgeSeconds: 3600,
  });
  return { sid, cookie: await cookieFor(employeeId, sid, opts.secret) };
}
