import { db } from "@/server/db/client";
import { dashboardUnitsFn } from "@/server/db/sql-functions";
import { errorFields, log } from "@/server/log";
import { publish, realtimeAttached } from "./io";
import { rooms } from "./rooms";

/** `dashboardUnits`: when the change's own statement already named them (book_session does). */
export type SessionChange = {
  id: string;
  roomId: string | null;
  specialistIds: string[];
  clientIds: string[];
  startsAt: Date;
  endsAt: Date;
  dashboardUnits?: string[];
};

/**
 * The units whose managers' dashboards show these changes (db/functions/dashboard_units.sql):
 * the units of the specialists and of the room, and every unit above them.
 */
async function dashboardUnits(changes: SessionChange[]): Promise<string[]> {
  if (changes.every((c) => c.dashboardUnits)) return [...new Set(changes.flatMap((c) => c.dashboardUnits!))];
  const people = [...new Set(changes.flatMap((c) => c.specialistIds))];
  const roomIds = [...new Set(changes.flatMap((c) => (c.roomId ? [c.roomId] : [])))];
  return unitsAbove(people, roomIds);
}

async function unitsAbove(people: string[], roomIds: string[]): Promise<string[]> {
  return dashboardUnitsFn(db(), { people, rooms: roomIds });
}

/** Sends once the dashboards' units are known; if looking them up fails, the rest still hears. */
function publishWithDashboards(
  targets: Set<string>,
  units: Promise<string[]>,
  event: "session.changed" | "work.changed",
  payload: Record<string, unknown>,
) {
  void units
    .then((unitIds) => unitIds.forEach((id) => targets.add(rooms.dashboard(id))))
    .catch((err: unknown) => log.error({ area: "realtime", err: errorFields(err) }, "looking up dashboard units failed"))
    .finally(() => publish([...targets], event, payload));
}

/**
 * After a booking, move, status change or cancellation has COMMITTED: one small event to every
 * room, specialist and client calendar that shows it, and to the dashboards of the units
 * involved. Clients refetch; no data travels here, not even the session's id.
 */
export function publishSessionChange(kind: string, ...changes: SessionChange[]): void {
  if (changes.length === 0 || !realtimeAttached()) return;
  const targets = new Set<string>();
  for (const c of changes) {
    if (c.roomId) targets.add(rooms.room(c.roomId));
    for (const id of c.specialistIds) targets.add(rooms.specialist(id));
    for (const id of c.clientIds) targets.add(rooms.client(id));
  }
  // Only what happened and when: the session's id would tell a room's or dashboard's watcher
  // about a session whose details they may not read. The views refetch through their checks.
  publishWithDashboards(targets, dashboardUnits(changes), "session.changed", { kind, at: Date.now() });
}

/**
 * After general work was logged, corrected or deleted, or a time sheet approved or re-opened,
 * has COMMITTED: to the people's own rooms (their workload plans), the dashboards of their units
 * and every unit above (the managers' time sheets), and the institution-wide work room.
 */
export function publishWorkChange(kind: string, employeeIds: string[]): void {
  if (employeeIds.length === 0 || !realtimeAttached()) return;
  const targets = new Set([rooms.work, ...employeeIds.map(rooms.specialist)]);
  publishWithDashboards(targets, unitsAbove([...new Set(employeeIds)], []), "work.changed", { kind, at: Date.now() });
}
