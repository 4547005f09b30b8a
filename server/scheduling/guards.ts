import { and, eq, inArray, ne, notInArray, or, sql } from "drizzle-orm";
import { clients, employees, rooms, sessionParticipants, sessions, sessionSpecialists, type SessionStatus } from "@/db/schema";
import { uuidArray } from "@/server/db/sql-helpers";
import { requireClient } from "@/server/clients/facts";
import type { DbOrTx, Tx } from "@/server/db/client";
import { AppError, forbidden, invalid } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import type { Scope } from "@/server/policy/permissions";
import { scopeOf } from "@/server/policy/policy";

/** The checks every booking, move, status change and completion shares. */

const MAX_MINUTES = 12 * 60;
export const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function validateTimes(startsAt: Date, endsAt: Date) {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) throw invalid("startsAt", "errors.dateInvalid", "The time is not valid");
  if (endsAt <= startsAt) throw invalid("endsAt", "errors.sessionEndsBeforeStart", "The session must end after it starts");
  if (endsAt.getTime() - startsAt.getTime() > MAX_MINUTES * 60_000) {
    throw invalid("endsAt", "errors.sessionTooLong", "A session lasts at most 12 hours", { hours: MAX_MINUTES / 60 });
  }
}

/** Planned and agreed sessions are open; done, cancelled and no-show are final (see nextStatuses). */
export const OPEN_STATUSES: SessionStatus[] = ["planned", "agreed"];

/** A done, cancelled or no-show session cannot be moved, done or have its attendance changed. */
export function assertOpen(status: SessionStatus) {
  if (!OPEN_STATUSES.includes(status)) {
    throw new AppError("CONFLICT", "errors.sessionClosed", `A ${status} session can no longer be changed`, { params: { status } });
  }
}

/**
 * planned -> agreed -> done (through completeSession); planned or agreed -> cancelled or no-show.
 * Done is final; cancelled and no-show only come back through "reinstate", which makes them
 * planned again (the session dialog offers it).
 */
const NEXT: Record<SessionStatus, SessionStatus[]> = {
  planned: ["agreed", "cancelled", "no_show"],
  agreed: ["cancelled", "no_show"],
  cancelled: ["planned"],
  no_show: ["planned"],
  done: [],
};

export function assertTransition(from: SessionStatus, to: SessionStatus) {
  if (NEXT[from].includes(to)) return;
  assertOpen(from);
  throw new AppError("CONFLICT", "errors.statusChange", `A ${from} session cannot become ${to}`, { params: { status: from, to } });
}

/**
 * Takes the rows of everything the sessions occupy in one fixed order (rooms, specialists,
 * clients, each by id): concurrent bookings of the same resources then queue instead of
 * deadlocking, and the clash check sees every committed booking. The exclusion constraints stay
 * the guarantee.
 */
export async function lockResources(tx: Tx, roomIds: (string | null)[], specialistIds: string[], clientIds: string[]) {
  const roomList = sorted(roomIds.filter((id): id is string => id !== null));
  if (roomList.length) await tx.execute(sql`SELECT 1 FROM ${rooms} WHERE ${rooms.id} IN ${roomList} ORDER BY ${rooms.id} FOR NO KEY UPDATE`);
  if (specialistIds.length) await tx.execute(sql`SELECT 1 FROM ${employees} WHERE ${employees.id} IN ${sorted(specialistIds)} ORDER BY ${employees.id} FOR NO KEY UPDATE`);
  if (clientIds.length) await tx.execute(sql`SELECT 1 FROM ${clients} WHERE ${clients.id} IN ${sorted(clientIds)} ORDER BY ${clients.id} FOR NO KEY UPDATE`);
}

const overlaps = (startsAt: Date, endsAt: Date) =>
  sql`tstzrange(${sessions.startsAt}, ${sessions.endsAt}, '[)') && tstzrange(${startsAt.toISOString()}::timestamptz, ${endsAt.toISOString()}::timestamptz, '[)')`;

/** May the actor see this session in the calendar (as in listSessions: theirs, or one of its clients)? */
async function visibleTo(tx: DbOrTx, actor: Actor, sessionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), or(
    sql`EXISTS (SELECT 1 FROM ${sessionSpecialists} WHERE ${sessionSpecialists.sessionId} = ${sessions.id} AND ${sessionSpecialists.employeeId} = ${actor.employeeId})`,
    sql`EXISTS (SELECT 1 FROM ${sessionParticipants} INNER JOIN ${clients} ON ${clients.id} = ${sessionParticipants.clientId}
          WHERE ${sessionParticipants.sessionId} = ${sessions.id} AND ${clientVisibility(actor, "read")})`,
  )));
  return Boolean(row);
}

export type Slot = { roomId: string | null; startsAt: Date; endsAt: Date; specialistIds: string[]; clientIds: string[] };

/**
 * The first thing that is already taken at that time, worded for the person booking; the
 * session only if they may see it. `except`: the sessions being moved, whose old times do not count.
 */
export async function assertFree(tx: DbOrTx, actor: Actor, input: Slot, except: string[] = []) {
  const active = and(ne(sessions.status, "cancelled"), overlaps(input.startsAt, input.endsAt), except.length ? notInArray(sessions.id, except) : undefined);
  const when = async (s: { id: string; startsAt: Date; endsAt: Date }) => ({
    start: s.startsAt.toISOString(), end: s.endsAt.toISOString(), ...((await visibleTo(tx, actor, s.id)) ? { sessionId: s.id } : {}),
  });
  if (input.roomId) {
    const [clash] = await tx.select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, room: rooms.name })
      .from(sessions).innerJoin(rooms, eq(rooms.id, sessions.roomId)).where(and(eq(sessions.roomId, input.roomId), active)).limit(1);
    if (clash) throw new AppError("CONFLICT", "errors.roomTaken", `Room ${clash.room} is already booked then`, { field: "roomId", params: { room: clash.room, ...(await when(clash)) } });
  }
  if (input.specialistIds.length) {
    const [clash] = await tx.select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, name: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}` })
      .from(sessionSpecialists).innerJoin(sessions, eq(sessions.id, sessionSpecialists.sessionId)).innerJoin(employees, eq(employees.id, sessionSpecialists.employeeId))
      .where(and(inArray(sessionSpecialists.employeeId, input.specialistIds), active)).limit(1);
    if (clash) throw new AppError("CONFLICT", "errors.specialistBusy", `${clash.name} is busy then`, { field: "specialistIds", params: { name: clash.name, ...(await when(clash)) } });
  }
  if (input.clientIds.length) {
    const [clash] = await tx.select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, name: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` })
      .from(sessionParticipants).innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId)).innerJoin(clients, eq(clients.id, sessionParticipants.clientId))
      .where(and(inArray(sessionParticipants.clientId, input.clientIds), active)).limit(1);
    // The field of the booking form (and of the race constraint's message): participants.
    if (clash) throw new AppError("CONFLICT", "errors.clientBusy", `${clash.name} has another session then`, { field: "participants", params: { name: clash.name, ...(await when(clash)) } });
  }
}

/** An active room that holds `count` clients. */
export async function assertRoomFits(tx: DbOrTx, roomId: string, count: number) {
  const [room] = await tx.select().from(rooms).where(eq(rooms.id, roomId));
  if (!room?.active) throw invalid("roomId", "errors.roomMissing", "Choose an active room");
  if (count > room.capacity) throw invalid("participants", "errors.roomCapacity", `Room ${room.name} holds ${room.capacity}`, { room: room.name, capacity: room.capacity });
}

/**
 * Whether a booker with `scope` acts for these specialists: `own` only with oneself among them,
 * `unit` only for people of the unit subtree (oneself always), `all` for anyone.
 */
export async function coversSpecialists(tx: DbOrTx, actor: Actor, scope: Scope, specialistIds: string[]): Promise<boolean> {
  if (scope === "all") return true;
  if (scope === "own") return specialistIds.includes(actor.employeeId);
  const others = sorted(specialistIds.filter((id) => id !== actor.employeeId));
  if (!others.length) return true;
  if (!actor.unitSubtree.size) return false;
  const inScope = await tx.execute<{ id: string }>(sql`SELECT DISTINCT employee_id AS id FROM employee_units WHERE employee_id IN ${others} AND unit_id = ANY(${uuidArray(actor.unitSubtree)})`);
  return [...inScope].length === others.length;
}

/**
 * Who may be booked by whom (see coversSpecialists), for clients the booker may read.
 * Cancelling does not need the specialists to be active: the sessions of someone who has left
 * must still be cancellable.
 */
export async function assertMayBook(tx: DbOrTx, actor: Actor, specialistIds: string[], clientIds: string[], opts: { activeSpecialists: boolean } = { activeSpecialists: true }) {
  const scope = scopeOf(actor, "sessions", "book");
  if (!scope) throw forbidden();
  for (const clientId of clientIds) await requireClient(tx, actor, clientId, "read");
  const people = await tx.select({ id: employees.id, active: employees.active }).from(employees).where(inArray(employees.id, specialistIds));
  if (people.length !== new Set(specialistIds).size || (opts.activeSpecialists && people.some((p) => !p.active))) {
    throw invalid("specialistIds", "errors.specialistInactive", "Every specialist must be an active employee");
  }
  if (!(await coversSpecialists(tx, actor, scope, specialistIds))) throw forbidden();
}
