import { cookies } from "next/headers";
import { cachedActor } from "./actor-cache";
import { employeeIdFromCookies, sessionCookieName } from "./session-token";
import type { Actor } from "@/server/policy/actor";

/** The signed-in, active employee of the current page request, or null. */
export async function currentActor(): Promise<Actor | null> {
  const store = await cookies();
  const name = sessionCookieName();
  const value = store.get(name)?.value;
  if (!value) return null;
  const employeeId = await employeeIdFromCookies(`${name}=${encodeURIComponent(value)}`);
  return employeeId ? cachedActor(employeeId) : null;
}
