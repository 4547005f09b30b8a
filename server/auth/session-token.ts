import { decode } from "@auth/core/jwt";
import { env } from "@/server/env";

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
 * for a minute, never past the token's own expiry. Changes to the person themself (left, roles)
 * are the actor cache's business, as before.
 */
const decoded = new Map<string, { employeeId: string | null; until: number }>();
const DECODED_MAX = 5_000;
const DECODED_TTL_MS = 60_000;

/** The employee id in a valid, unexpired session cookie; null otherwise. */
export async function employeeIdFromCookies(cookieHeader: string | undefined): Promise<string | null> {
  const name = sessionCookieName();
  const token = readCookie(cookieHeader, name);
  if (!token) return null;
  const now = Date.now();
  const known = decoded.get(token);
  if (known && known.until > now) return known.employeeId;
  let employeeId: string | null = null;
  let until = now + DECODED_TTL_MS;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
    employeeId = typeof payload?.employeeId === "string" ? payload.employeeId : null;
    if (typeof payload?.exp === "number") until = Math.min(until, payload.exp * 1000);
  } catch {
    employeeId = null;
  }
  if (decoded.size >= DECODED_MAX) decoded.clear();
  if (employeeId) decoded.set(token, { employeeId, until });
  return employeeId;
}
