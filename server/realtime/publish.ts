import { publish } from "./io";
import { rooms } from "./rooms";

export type SessionChange = { id: string; roomId: string | null; specialistIds: string[]; clientIds: string[]; startsAt: Date; endsAt: Date };

/**
 * After a booking, move, status change or cancellation has COMMITTED: one small event to every
 * room, specialist and client calendar that shows it. Clients refetch; no data travels here.
 */
export function publishSessionChange(kind: string, ...changes: SessionChange[]): void {
  const targets = new Set<string>();
  for (const c of changes) {
    if (c.roomId) targets.add(rooms.room(c.roomId));
    for (const id of c.specialistIds) targets.add(rooms.specialist(id));
    for (const id of c.clientIds) targets.add(rooms.client(id));
    targets.add(rooms.sessions);
  }
  const first = changes[0];
  if (!first) return;
  publish([...targets], "session.changed", { kind, sessionId: first.id, at: Date.now() });
}
