import { cookies } from "next/headers";
import { cachedActor } from "./actor-cache";
import type { SessionState } from "./auth-sessions";
import { sessionCookieName, sessionFromCookies } from "./session-token";
import type { Actor } from "@/server/policy/actor";

/** The live session of the current page request and its active employee, or null. */
export async function currentSession(): Promise<{ actor: Actor; session: SessionState } | null> {
  const store = await cookies();
  const name = sessionCookieName();
  const value = store.get(name)?.value;
  if (!value) return null;
  const session = await sessionFromCookies(`${name}=${encodeURIComponent(value)}`);
  const actor = session ? await cachedActor(session.employeeId) : null;
  return actor && session ? { actor, session } : null;
}

/** The signed-in, active employee of the current page request, or null. */
export async function currentActor(): Promise<Actor | null> {
  return (await currentSession())?.actor ?? null;
}
