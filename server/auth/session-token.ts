import { decode } from "next-auth/jwt";
import { env } from "@/server/env";
import { sessionState, type SessionState } from "./auth-sessions";

/**
 * The session lives in Auth.js's encrypted JWT cookie. tRPC (served outside Next for speed) and
 * Socket.io read it here with the same secret and cookie name as Auth.js itself.
 */
export function sessionCookieName(): string {
  const url = env().AUTH_URL;
  return url?.startsWith("https:") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Decrypting the cookie (a key derivation and an AES-GCM open) costs more than the rest of a
 * small request; the same cookie arrives with every request of a person, so its result is kept
 * for a minute, never past the token's own expiry. Whether the session still counts is asked of
 * auth-sessions.ts on every request (its own short cache, cleared at once on revocation).
 */
const decoded = new Map<string, { employeeId: string; sid: string; until: number }>();
const DECODED_MAX = 5_000;
const DECODED_TTL_MS = 60_000;

async function decodeCookie(token: string, name: string): Promise<{ employeeId: string; sid: string } | null> {
  const now = Date.now();
  const known = decoded.get(token);
  if (known && known.until > now) return known;
  let until = now + DECODED_TTL_MS;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
    // A cookie without a session id predates server-side sessions and cannot be revoked: refused.
    if (typeof payload?.employeeId !== "string" || typeof payload.sid !== "string") return null;
    if (typeof payload.exp === "number") until = Math.min(until, payload.exp * 1000);
    const entry = { employeeId: payload.employeeId, sid: payload.sid, until };
    if (decoded.size >= DECODED_MAX) decoded.clear();
    decoded.set(token, entry);
    return entry;
  } catch {
    return null;
  }
}

/** The live session of a valid, unexpired, unrevoked session cookie; null otherwise. */
export async function sessionFromCookies(cookieHeader: string | undefined): Promise<SessionState | null> {
  const name = sessionCookieName();
  const token = readCookie(cookieHeader, name);
  if (!token) return null;
  const claims = await decodeCookie(token, name);
  if (!claims) return null;
  const state = await sessionState(claims.sid);
  return state && state.employeeId === claims.employeeId ? state : null;
}
