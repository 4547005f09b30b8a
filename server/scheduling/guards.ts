import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { clients, employees, fundingDecisions, rooms, sessionParticipants, sessions, sessionSpecialists, type SessionStatus } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
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
  const people = sorted(specialistIds);
  const clientList = sorted(clientIds);
  if (!roomList.length && !people.length && !clientList.length) return;
  // One statement; the select list is evaluated left to right, so rooms, then people, then clients.
  await tx.execute(sql`WITH r AS (SELECT 1 FROM ${rooms} WHERE ${rooms.id} = ANY(${uuidArray(roomList)}) ORDER BY ${rooms.id} FOR NO KEY UPDATE),
    e AS (SELECT 1 FROM ${employees} WHERE ${employees.id} = ANY(${uuidArray(people)}) ORDER BY ${employees.id} FOR NO KEY UPDATE),
    c AS (SELECT 1 FROM ${clients} WHERE ${clients.id} = ANY(${uuidArray(clientList)}) ORDER BY ${clients.id} FOR NO KEY UPDATE)
    SELECT (SELECT count(*) FROM r) AS rooms, (SELECT count(*) FROM e) AS people, (SELECT count(*) FROM c) AS clients`);
}

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

type Clash = { id: string; startsAt: string; endsAt: string; name: string };

/**
 * The first thing that is already taken at that time, worded for the person booking; the
 * session only if they may see it. `except`: the sessions being moved, whose old times do not
 * count. Room, people and clients are asked in one statement: it runs on every booking.
 */
export async function assertFree(tx: DbOrTx, actor: Actor, input: Slot, except: string[] = []) {
  const span = sql`tstzrange(${input.startsAt.toISOString()}::timestamptz, ${input.endsAt.toISOString()}::timestamptz, '[)')`;
  const others = uuidArray(except);
  // Each condition is the one of its exclusion constraint (migration 0006), so each subquery is
  // an index probe on that constraint's GiST index, however many sessions are stored.
  const clash = (name: SQL) => sql`json_build_object('id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'name', ${name})`;
  const rows = await tx.execute<{ room: string | null; specialist: string | null; client: string | null }>(sql`SELECT
    (SELECT ${clash(sql`r.name`)} FROM ${sessions} s JOIN ${rooms} r ON r.id = s.room_id
      WHERE s.room_id = ${input.roomId}::uuid AND s.room_id IS NOT NULL AND s.status <> 'cancelled'
        AND tstzrange(s.starts_at, s.ends_at, '[)') && ${span} AND NOT (s.id = ANY(${others})) LIMIT 1)::text AS room,
    (SELECT ${clash(sql`e.first_name || ' ' || e.last_name`)} FROM ${sessionSpecialists} x JOIN ${sessions} s ON s.id = x.session_id JOIN ${employees} e ON e.id = x.employee_id
      WHERE x.employee_id = ANY(${uuidArray(input.specialistIds)}) AND x.active
        AND tstzrange(x.starts_at, x.ends_at, '[)') && ${span} AND NOT (x.session_id = ANY(${others})) LIMIT 1)::text AS specialist,
    (SELECT ${clash(sql`c.first_name || ' ' || c.last_name`)} FROM ${sessionParticipants} x JOIN ${sessions} s ON s.id = x.session_id JOIN ${clients} c ON c.id = x.client_id
      WHERE x.client_id = ANY(${uuidArray(input.clientIds)}) AND x.active
        AND tstzrange(x.starts_at, x.ends_at, '[)') && ${span} AND NOT (x.session_id = ANY(${others})) LIMIT 1)::text AS client`);
  const found = rows[0]!;
  const when = async (c: Clash) => ({
    start: new Date(c.startsAt).toISOString(), end: new Date(c.endsAt).toISOString(), ...((await visibleTo(tx, actor, c.id)) ? { sessionId: c.id } : {}),
  });
  if (found.room) {
    const c = JSON.parse(found.room) as Clash;
    throw new AppError("CONFLICT", "errors.roomTaken", `Room ${c.name} is already booked then`, { field: "roomId", params: { room: c.name, ...(await when(c)) } });
  }
  if (found.specialist) {
    const c = JSON.parse(found.specialist) as Clash;
    throw new AppError("CONFLICT", "errors.specialistBusy", `${c.name} is busy then`, { field: "specialistIds", params: { name: c.name, ...(await when(c)) } });
  }
  if (found.client) {
    const c = JSON.parse(found.client) as Clash;
    // The field of the booking form (and of the race constraint's message): participants.
    throw new AppError("CONFLICT", "errors.clientBusy", `${c.name} has another session then`, { field: "participants", params: { name: c.name, ...(await when(c)) } });
  }
}

/**
 * A session moved to another day is still charged to its participants' decisions: each must be
 * valid on the new day, or the move is refused now rather than the completion later.
 */
export async function assertDecisionsValidOn(tx: DbOrTx, sessionId: string, startsAt: Date) {
  const day = tallinnDate(startsAt);
  const [bad] = await tx.execute<{ number: string; start: string; end: string }>(sql`
    SELECT d.decision_number AS number, d.start_date::text AS start, d.end_date::text AS end
      FROM ${sessionParticipants} p JOIN ${fundingDecisions} d ON d.id = p.decision_id
     WHERE p.session_id = ${sessionId} AND NOT (${day}::date BETWEEN d.start_date AND d.end_date)
     LIMIT 1`);
  if (bad) {
    throw invalid("startsAt", "errors.decisionNotValidOn", `Decision ${bad.number} is valid ${bad.start}–${bad.end}, not on ${day}`, { number: bad.number, start: bad.start, end: bad.end, date: day });
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
  // Sent together; the clients' refusal (as if they did not exist) still comes first.
  const [seen, people] = await Promise.all([
    Promise.allSettled(clientIds.map((clientId) => requireClient(tx, actor, clientId, "read"))),
    tx.select({ id: employees.id, active: employees.active }).from(employees).where(inArray(employees.id, specialistIds)),
  ]);
  for (const result of seen) if (result.status === "rejected") throw result.reason;
  if (people.length !== new Set(specialistIds).size || (opts.activeSpecialists && people.some((p) => !p.active))) {
    throw invalid("specialistIds", "errors.specialistInactive", "Every specialist must be an active employee");
  }
  if (!(await coversSpecialists(tx, actor, scope, specialistIds))) throw forbidden();
}
