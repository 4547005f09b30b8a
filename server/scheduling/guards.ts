import { eq, sql } from "drizzle-orm";
import { fundingDecisions, services, sessionParticipants, sessions, type SessionStatus } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import type { DbOrTx, Tx } from "@/server/db/client";
import {
  bookingAccessRefusalFn,
  coversSpecialistsFn,
  lockSessionResourcesFn,
  roomRefusalFn,
  sessionClashFn,
  sessionTimeRefusalFn,
  type Clash,
  type Refusal,
} from "@/server/db/sql-functions";
import { AppError, invalid } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { clientReach } from "@/server/policy/client-scope";
import type { Scope } from "@/server/policy/permissions";
import { scopeOf } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

/** The checks every booking, move, status change and completion shares. */

const MAX_MINUTES = 12 * 60;
export const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function validateTimes(startsAt: Date, endsAt: Date) {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()))
    throw invalid("startsAt", "errors.dateInvalid", "The time is not valid");
  if (endsAt <= startsAt) throw invalid("endsAt", "errors.sessionEndsBeforeStart", "The session must end after it starts");
  if (endsAt.getTime() - startsAt.getTime() > MAX_MINUTES * 60_000) {
    throw invalid("endsAt", "errors.sessionTooLong", "A session lasts at most 12 hours", { hours: MAX_MINUTES / 60 });
  }
}

/** Whether the person may book or move sessions more than a year back (sessions:late_entry, any scope). */
export const mayEnterLate = (actor: Actor) => actor.permissions.has("sessions:late_entry");

/**
 * The time rules of book_session for a session being moved (session_time_refusal, migration
 * 0020): long enough for its service's billing unit, at most two years ahead, and more than a
 * year back only with late entry.
 */
export async function assertPlausibleTimes(
  { db: tx, actor }: DomainContext,
  { sessionId, startsAt, endsAt }: { sessionId: string; startsAt: Date; endsAt: Date },
) {
  const [service] = await tx
    .select({ unit: services.billingUnit })
    .from(services)
    .innerJoin(sessions, eq(sessions.serviceId, services.id))
    .where(eq(sessions.id, sessionId));
  refuseIf(await sessionTimeRefusalFn(tx, { unit: service?.unit ?? null, start: startsAt, end: endsAt, lateEntry: mayEnterLate(actor) }));
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

/** Where a session of this status may go by setSessionStatus (done only through completion). */
export const nextStatuses = (from: SessionStatus): readonly SessionStatus[] => NEXT[from];

export function assertTransition(from: SessionStatus, to: SessionStatus) {
  if (NEXT[from].includes(to)) return;
  assertOpen(from);
  throw new AppError("CONFLICT", "errors.statusChange", `A ${from} session cannot become ${to}`, { params: { status: from, to } });
}

/** A refusal or clash as the SQL rules in db/functions/ return it. */
export type { Clash, Refusal };

export const refusalError = (r: Refusal) => new AppError(r.code, r.key, r.message, { field: r.field ?? undefined, params: r.params });

/** The clash worded for the person booking; the session only if they may see it. */
export function clashError(c: Clash): AppError {
  const when = {
    start: new Date(c.startsAt).toISOString(),
    end: new Date(c.endsAt).toISOString(),
    ...(c.visible ? { sessionId: c.id } : {}),
  };
  if (c.kind === "room")
    return new AppError("CONFLICT", "errors.roomTaken", `Room ${c.name} is already booked then`, {
      field: "roomId",
      params: { room: c.name, ...when },
    });
  if (c.kind === "specialist")
    return new AppError("CONFLICT", "errors.specialistBusy", `${c.name} is busy then`, {
      field: "specialistIds",
      params: { name: c.name, ...when },
    });
  // The field of the booking form (and of the race constraint's message): participants.
  return new AppError("CONFLICT", "errors.clientBusy", `${c.name} has another session then`, {
    field: "participants",
    params: { name: c.name, ...when },
  });
}

/** The actor's facts the booking rules in db/functions/ take: booking scope and unit subtree, then who they are and whose clients they read. */
export function bookerArgs(actor: Actor) {
  const reach = clientReach(actor);
  return {
    bookScope: scopeOf(actor, "sessions", "book"),
    unitSubtree: [...actor.unitSubtree],
    actor: actor.employeeId,
    clientScope: reach.scope,
    clientUnits: reach.units,
  };
}

function refuseIf(found: { refusal: Refusal } | null) {
  if (found) throw refusalError(found.refusal);
}

/**
 * Takes the rows of everything the sessions occupy in one fixed order (lock_session_resources:
 * rooms, specialists, clients, each by id): concurrent bookings of the same resources then queue
 * instead of deadlocking, and the clash check sees every committed booking. The exclusion
 * constraints stay the guarantee.
 */
export async function lockResources(tx: Tx, roomIds: (string | null)[], specialistIds: string[], clientIds: string[]) {
  const roomList = sorted(roomIds.filter((id): id is string => id !== null));
  if (!roomList.length && !specialistIds.length && !clientIds.length) return;
  await lockSessionResourcesFn(tx, { rooms: roomList, people: sorted(specialistIds), clients: sorted(clientIds) });
}

export type Slot = { roomId: string | null; startsAt: Date; endsAt: Date; specialistIds: string[]; clientIds: string[] };

/**
 * The first thing that is already taken at that time (session_clash: room, then people, then
 * clients), worded for the person booking. `except`: the sessions being moved, whose old times
 * do not count.
 */
export async function assertFree({ db: tx, actor }: DomainContext, { except = [], ...input }: { except?: string[] } & Slot) {
  const reach = clientReach(actor);
  const clash = await sessionClashFn(tx, {
    room: input.roomId,
    specialists: input.specialistIds,
    clients: input.clientIds,
    start: input.startsAt,
    end: input.endsAt,
    except,
    actor: actor.employeeId,
    clientScope: reach.scope,
    clientUnits: reach.units,
  });
  if (clash) throw clashError(clash);
}

/**
 * A session moved to another day is still charged to its participants' decisions: each must be
 * valid on the new day, or the move is refused now rather than the completion later.
 *
 * Home of "a decision is valid on a session's day" (the Tallinn date of its start, inside the
 * decision's dates, both ends included): book_session. This is the twin for moves, which do not
 * go through it; decision-day-parity.test.ts runs both on generated days around midnight and DST.
 */
export async function assertDecisionsValidOn(tx: DbOrTx, sessionId: string, startsAt: Date) {
  const day = tallinnDate(startsAt);
  const [bad] = await tx.execute<{ number: string; start: string; end: string }>(sql`
    SELECT d.decision_number AS number, d.start_date::text AS start, d.end_date::text AS end
      FROM ${sessionParticipants} p JOIN ${fundingDecisions} d ON d.id = p.decision_id
     WHERE p.session_id = ${sessionId} AND NOT (${day}::date BETWEEN d.start_date AND d.end_date)
     LIMIT 1`);
  if (bad) {
    throw invalid("startsAt", "errors.decisionNotValidOn", `Decision ${bad.number} is valid ${bad.start}–${bad.end}, not on ${day}`, {
      number: bad.number,
      start: bad.start,
      end: bad.end,
      date: day,
    });
  }
}

/** An active room that holds `count` clients (room_refusal). */
export async function assertRoomFits(tx: DbOrTx, roomId: string, count: number) {
  refuseIf(await roomRefusalFn(tx, { room: roomId, count }));
}

/** Whether someone with `scope` acts for these specialists (db/functions/covers_specialists.sql). */
export async function coversSpecialists(
  { db: tx, actor }: DomainContext,
  { scope, specialistIds }: { scope: Scope; specialistIds: string[] },
): Promise<boolean> {
  return coversSpecialistsFn(tx, { scope, unitSubtree: [...actor.unitSubtree], actor: actor.employeeId, specialists: specialistIds });
}

/**
 * Whether the actor may book these specialists at all (for any client they may read): the
 * question assertMayBook asks, before any client is chosen. The workload plan's "book" uses it.
 */
export async function mayBookFor({ db: tx, actor }: DomainContext, { specialistIds }: { specialistIds: string[] }): Promise<boolean> {
  if (!bookerArgs(actor).bookScope) return false;
  const refusal = await bookingAccessRefusalFn(tx, {
    ...bookerArgs(actor),
    specialists: sorted(specialistIds),
    clients: [],
    requireActive: true,
  });
  return refusal === null;
}

/**
 * Who may be booked by whom (booking_access_refusal, through covers_specialists), for
 * clients the booker may read. Cancelling does not need the specialists to be active: the
 * sessions of someone who has left must still be cancellable.
 */
export async function assertMayBook(
  { db: tx, actor }: DomainContext,
  {
    specialistIds,
    clientIds,
    opts = { activeSpecialists: true },
  }: { specialistIds: string[]; clientIds: string[]; opts?: { activeSpecialists: boolean } },
) {
  refuseIf(
    await bookingAccessRefusalFn(tx, {
      ...bookerArgs(actor),
      specialists: sorted(specialistIds),
      clients: sorted(clientIds),
      requireActive: opts.activeSpecialists,
    }),
  );
}
