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

/** The employee id in a valid, unexpired session cookie; null otherwise. */
export async function employeeIdFromCookies(cookieHeader: string | undefined): Promise<string | null> {
  const name = sessionCookieName();
  const token = readCookie(cookieHeader, name);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().AUTH_SECRET, salt: name });
    const id = payload?.employeeId;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}
