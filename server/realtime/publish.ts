import { sql } from "drizzle-orm";
import { db } from "@/server/db/client";
import { uuidArray } from "@/server/db/sql-helpers";
import { publish, realtimeAttached } from "./io";
import { rooms } from "./rooms";

export type SessionChange = { id: string; roomId: string | null; specialistIds: string[]; clientIds: string[]; startsAt: Date; endsAt: Date };

/**
 * The units whose managers' dashboards show these changes: the units of the specialists and of
 * the room, and every unit above them (a region's head watches all of its teams).
 */
async function dashboardUnits(changes: SessionChange[]): Promise<string[]> {
  const people = [...new Set(changes.flatMap((c) => c.specialistIds))];
  const roomIds = [...new Set(changes.flatMap((c) => (c.roomId ? [c.roomId] : [])))];
  const rows = await db().execute<{ id: string }>(sql`
    WITH RECURSIVE up AS (
      SELECT u.id, u.parent_id FROM units u
       WHERE u.id IN (SELECT unit_id FROM employee_units WHERE employee_id = ANY(${uuidArray(people)})
                      UNION SELECT unit_id FROM rooms WHERE id = ANY(${uuidArray(roomIds)}))
      UNION SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id)
    SELECT id FROM up`);
  return [...rows].map((r) => r.id);
}

/**
 * After a booking, move, status change or cancellation has COMMITTED: one small event to every
 * room, specialist and client calendar that shows it, and to the dashboards of the units
 * involved. Clients refetch; no data travels here.
 */
export function publishSessionChange(kind: string, ...changes: SessionChange[]): void {
  const first = changes[0];
  if (!first || !realtimeAttached()) return;
  const targets = new Set<string>();
  for (const c of changes) {
    if (c.roomId) targets.add(rooms.room(c.roomId));
    for (const id of c.specialistIds) targets.add(rooms.specialist(id));
    for (const id of c.clientIds) targets.add(rooms.client(id));
    targets.add(rooms.sessions);
  }
  const payload = { kind, sessionId: first.id, at: Date.now() };
  // The unit lookup is one small query; if it fails, the calendars still hear of the change.
  void dashboardUnits(changes)
    .then((unitIds) => unitIds.forEach((id) => targets.add(rooms.dashboard(id))))
    .catch((err: unknown) => console.error("[realtime] dashboard units:", err instanceof Error ? err.message : err))
    .finally(() => publish([...targets], "session.changed", payload));
}
