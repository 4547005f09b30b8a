import { db } from "@/server/db/client";
import { loadActor, type Actor } from "@/server/policy/actor";

/**
 * Actors are loaded once per few seconds per person instead of on every request: a booking
 * storm must not pay four queries per call. Administrative changes clear the cache at once in
 * this process; other instances pick them up within TTL_MS.
 */
const TTL_MS = 5_000;
const holder = globalThis as unknown as { __actors?: Map<string, { actor: Actor | null; at: number }> };
const cache = (holder.__actors ??= new Map());

export async function cachedActor(employeeId: string): Promise<Actor | null> {
  const hit = cache.get(employeeId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.actor;
  const actor = await loadActor(db(), employeeId);
  cache.set(employeeId, { actor, at: Date.now() });
  return actor;
}

export function invalidateActors(): void {
  cache.clear();
}
