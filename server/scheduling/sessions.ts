import { and, asc, eq, inArray, ne, or, sql } from "drizzle-orm";
import {
  clients, employees, fundingDecisions, rooms, services, sessionParticipants, sessions, sessionSpecialists,
} from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import { uuidArray } from "@/server/db/sql-helpers";
import { recordAudit } from "@/server/audit/audit";
import { priceOn } from "@/server/catalogue/prices";
import { requireClient } from "@/server/clients/facts";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { assertWithinLimits, usageFor } from "@/server/funding/limits";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import { scopeOf } from "@/server/policy/policy";
import { publishSessionChange } from "@/server/realtime/publish";
import { unitsForDuration } from "./units";

export type Participant = { clientId: string; decisionId: string | null };
export type BookInput = {
  serviceId: string;
  roomId: string | null;
  startsAt: Date;
  endsAt: Date;
  specialistIds: string[];
  participants: Participant[];
  notes: string;
};

const MAX_MINUTES = 12 * 60;
const sorted = (ids: string[]) => [...new Set(ids)].sort();

function validateTimes(startsAt: Date, endsAt: Date) {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) throw invalid("startsAt", "errors.dateInvalid", "The time is not valid");
  if (endsAt <= startsAt) throw invalid("endsAt", "errors.sessionEndsBeforeStart", "The session must end after it starts");
  if (endsAt.getTime() - startsAt.getTime() > MAX_MINUTES * 60_000) {
    throw invalid("endsAt", "errors.sessionTooLong", "A session lasts at most 12 hours", { hours: MAX_MINUTES / 60 });
  }
}

/**
 * Takes the rows of everything the session occupies in one fixed order (room, specialists,
 * clients): concurrent bookings of the same resources then queue instead of deadlocking, and the
 * clash check below sees every committed booking. The exclusion constraints stay the guarantee.
 */
async function lockResources(tx: Tx, roomId: string | null, specialistIds: string[], clientIds: string[]) {
  if (roomId) await tx.execute(sql`SELECT 1 FROM ${rooms} WHERE ${rooms.id} = ${roomId} FOR NO KEY UPDATE`);
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

/** The first thing that is already taken at that time, worded for the person booking; the session only if they may see it. */
async function assertFree(tx: DbOrTx, actor: Actor, input: { roomId: string | null; startsAt: Date; endsAt: Date; specialistIds: string[]; clientIds: string[] }, exceptSessionId?: string) {
  const active = and(ne(sessions.status, "cancelled"), overlaps(input.startsAt, input.endsAt), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined);
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

/** The decision a participant's session is charged to: the given one, else the one valid that day. */
async function decisionFor(tx: DbOrTx, p: Participant, day: string) {
  if (p.decisionId) {
    const [d] = await tx.select({ id: fundingDecisions.id }).from(fundingDecisions).where(and(eq(fundingDecisions.id, p.decisionId), eq(fundingDecisions.clientId, p.clientId)));
    if (!d) throw invalid("participants", "errors.decisionMissing", "Choose one of the client's decisions");
    return d.id;
  }
  const [d] = await tx.select({ id: fundingDecisions.id }).from(fundingDecisions)
    .where(and(eq(fundingDecisions.clientId, p.clientId), sql`${day}::date BETWEEN ${fundingDecisions.startDate} AND ${fundingDecisions.endDate}`))
    .orderBy(asc(fundingDecisions.startDate)).limit(1);
  return d?.id ?? null;
}


/**
 * Who may be booked by whom: own scope books oneself, unit scope the unit subtree, all anyone.
 * Cancelling does not need the specialists to be active: the sessions of someone who has left
 * must still be cancellable.
 */
async function assertMayBook(tx: DbOrTx, actor: Actor, specialistIds: string[], clientIds: string[], opts: { activeSpecialists: boolean } = { activeSpecialists: true }) {
  const scope = scopeOf(actor, "sessions", "book");
  if (!scope) throw forbidden();
  for (const clientId of clientIds) await requireClient(tx, actor, clientId, "read");
  const people = await tx.select({ id: employees.id, active: employees.active }).from(employees).where(inArray(employees.id, specialistIds));
  if (people.length !== new Set(specialistIds).size || (opts.activeSpecialists && people.some((p) => !p.active))) {
    throw invalid("specialistIds", "errors.specialistInactive", "Every specialist must be an active employee");
  }
  if (scope === "all") return;
  if (scope === "own" && !specialistIds.includes(actor.employeeId)) throw forbidden();
  if (scope === "unit") {
    const others = specialistIds.filter((id) => id !== actor.employeeId);
    if (others.length) {
      const inScope = await tx.execute<{ id: string }>(sql`SELECT DISTINCT employee_id AS id FROM employee_units WHERE employee_id IN ${others} AND unit_id = ANY(${uuidArray(actor.unitSubtree)})`);
      if ([...inScope].length !== others.length) throw forbidden();
    }
  }
}

async function assertShape(tx: DbOrTx, input: BookInput) {
  if (input.specialistIds.length === 0) throw invalid("specialistIds", "errors.specialistRequired", "Choose at least one specialist");
  if (input.participants.length === 0) throw invalid("participants", "errors.clientRequired", "Choose at least one client");
  const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId));
  if (!service || !service.active) throw invalid("serviceId", "errors.serviceMissing", "Choose a service");
  const count = new Set(input.participants.map((p) => p.clientId)).size;
  if (!service.isGroup && count > 1) throw invalid("participants", "errors.individualService", "An individual service has one client");
  if (service.maxGroupSize && count > service.maxGroupSize) {
    throw invalid("participants", "errors.groupTooLarge", `At most ${service.maxGroupSize} clients`, { max: service.maxGroupSize });
  }
  if (input.roomId) {
    const [room] = await tx.select().from(rooms).where(eq(rooms.id, input.roomId));
    if (!room || !room.active) throw invalid("roomId", "errors.roomMissing", "Choose an active room");
    if (count > room.capacity) throw invalid("participants", "errors.roomCapacity", `The room holds ${room.capacity}`, { room: room.name, capacity: room.capacity });
  }
  return service;
}

export type BookedSession = { id: string; roomId: string | null; specialistIds: string[]; clientIds: string[]; startsAt: Date; endsAt: Date };
/** A hard limit the session would break once done: booking is allowed, the person is warned. */
export type LimitWarning = { client: string; messageKey: string; params: Record<string, string | number> };

/**
 * Would marking this session done break a participant's hard limit? The same check as the
 * entry it would become, run now so the person booking hears about it in time.
 */
async function limitWarnings(tx: Tx, input: BookInput, day: string): Promise<LimitWarning[]> {
  const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId));
  if (!service) return [];
  const units = unitsForDuration(service.billingUnit, (input.endsAt.getTime() - input.startsAt.getTime()) / 60_000);
  const warnings: LimitWarning[] = [];
  for (const p of input.participants) {
    const decisionId = await decisionFor(tx, p, day);
    if (!decisionId) continue;
    const [decision] = await tx.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
    const price = decision ? await priceOn(tx, { fundingSourceId: decision.fundingSourceId, serviceId: service.id, date: day }) : null;
    if (!decision || !price) continue;
    try {
      assertWithinLimits(decision, await usageFor(tx, decision, { serviceId: service.id, date: day }), { cents: Math.round((Math.round(units * 100) * price.unitPriceCents) / 100), units });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const [client] = await tx.select({ name: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` }).from(clients).where(eq(clients.id, p.clientId));
      warnings.push({ client: client?.name ?? "", messageKey: err.messageKey, params: err.params });
    }
  }
  return warnings;
}

/** Books one session; refuses with what clashes. Returns what changed, to publish after commit. */
/** A client listed twice is one participant (the first entry's decision). */
function normalise(bookInput: BookInput): BookInput {
  return { ...bookInput, participants: bookInput.participants.filter((p, i, all) => all.findIndex((q) => q.clientId === p.clientId) === i) };
}

/** The checks that hold for every occurrence of a booking: shape and who may book whom. */
export async function prepareBooking(tx: DbOrTx, actor: Actor, bookInput: BookInput): Promise<BookInput> {
  const input = normalise(bookInput);
  validateTimes(input.startsAt, input.endsAt);
  await assertShape(tx, input);
  await assertMayBook(tx, actor, sorted(input.specialistIds), sorted(input.participants.map((p) => p.clientId)));
  return input;
}

/** Takes the time: locks, checks for clashes, writes the session and its people, audits. */
export async function placeBooking(tx: Tx, actor: Actor, input: BookInput, ip: string | null, seriesId: string | null): Promise<BookedSession & { warnings: LimitWarning[] }> {
  const clientIds = sorted(input.participants.map((p) => p.clientId));
  const specialistIds = sorted(input.specialistIds);
  await lockResources(tx, input.roomId, specialistIds, clientIds);
  await assertFree(tx, actor, { roomId: input.roomId, startsAt: input.startsAt, endsAt: input.endsAt, specialistIds, clientIds });
  const [row] = await tx.insert(sessions).values({
    seriesId, serviceId: input.serviceId, roomId: input.roomId, startsAt: input.startsAt, endsAt: input.endsAt, notes: input.notes, createdBy: actor.employeeId,
  }).returning({ id: sessions.id });
  const id = row!.id;
  // The join rows' times are filled in by trigger from the session.
  await tx.insert(sessionSpecialists).values(specialistIds.map((employeeId) => ({ sessionId: id, employeeId, startsAt: input.startsAt, endsAt: input.endsAt })));
  const day = tallinnDate(input.startsAt);
  for (const p of input.participants) {
    await tx.insert(sessionParticipants).values({ sessionId: id, clientId: p.clientId, decisionId: await decisionFor(tx, p, day), startsAt: input.startsAt, endsAt: input.endsAt });
  }
  const warnings = await limitWarnings(tx, input, day);
  // The audit rows last: appending takes the audit chain's one lock until commit, so the less
  // work after it, the less every other booking waits.
  for (const clientId of clientIds) {
    await recordAudit(tx, { actorEmployeeId: actor.employeeId, action: "session.book", clientId, targetType: "session", targetId: id, ip, details: { start: input.startsAt.toISOString(), end: input.endsAt.toISOString(), roomId: input.roomId, seriesId } });
  }
  return { id, roomId: input.roomId, specialistIds, clientIds, startsAt: input.startsAt, endsAt: input.endsAt, warnings };
}

/** Books one session; refuses with what clashes. Returns what changed, published after commit. */
export async function bookSession(db: Db, actor: Actor, bookInput: BookInput, ip: string | null): Promise<BookedSession & { warnings: LimitWarning[] }> {
  const booked = await db.transaction(async (tx) => placeBooking(tx, actor, await prepareBooking(tx, actor, bookInput), ip, null));
  publishSessionChange("book", booked);
  return booked;
}

async function loadSession(tx: DbOrTx, id: string) {
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, id)).for("update");
  if (!session) throw notFound("session");
  const [specialists, participants] = await Promise.all([
    tx.select({ id: sessionSpecialists.employeeId }).from(sessionSpecialists).where(eq(sessionSpecialists.sessionId, id)),
    tx.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, id)),
  ]);
  return { session, specialistIds: specialists.map((s) => s.id).sort(), participants };
}

/** Moves or resizes a session (drag in the calendar), with the same clash handling as booking. */
export async function moveSession(db: Db, actor: Actor, id: string, change: { startsAt: Date; endsAt: Date; roomId: string | null }, ip: string | null): Promise<BookedSession & { before: BookedSession }> {
  validateTimes(change.startsAt, change.endsAt);
  const moved = await db.transaction(async (tx) => {
    const { session, specialistIds, participants } = await loadSession(tx, id);
    const clientIds = participants.map((p) => p.clientId).sort();
    await assertMayBook(tx, actor, specialistIds, clientIds);
    if (session.status === "done" || session.status === "cancelled") {
      throw new AppError("CONFLICT", "errors.sessionClosed", "A done or cancelled session cannot be moved", { params: { status: session.status } });
    }
    if (change.roomId) {
      const [room] = await tx.select().from(rooms).where(eq(rooms.id, change.roomId));
      if (!room?.active) throw invalid("roomId", "errors.roomMissing", "Choose an active room");
      if (clientIds.length > room.capacity) throw invalid("participants", "errors.roomCapacity", `The room holds ${room.capacity}`, { room: room.name, capacity: room.capacity });
    }
    await lockResources(tx, change.roomId, specialistIds, clientIds);
    await assertFree(tx, actor, { roomId: change.roomId, startsAt: change.startsAt, endsAt: change.endsAt, specialistIds, clientIds }, id);
    await tx.update(sessions).set({ startsAt: change.startsAt, endsAt: change.endsAt, roomId: change.roomId, updatedAt: new Date() }).where(eq(sessions.id, id));
    for (const clientId of clientIds) {
      await recordAudit(tx, { actorEmployeeId: actor.employeeId, action: "session.move", clientId, targetType: "session", targetId: id, ip, details: { from: session.startsAt.toISOString(), to: change.startsAt.toISOString(), roomId: change.roomId } });
    }
    const before = { id, roomId: session.roomId, specialistIds, clientIds, startsAt: session.startsAt, endsAt: session.endsAt };
    return { id, roomId: change.roomId, specialistIds, clientIds, startsAt: change.startsAt, endsAt: change.endsAt, before };
  });
  publishSessionChange("move", moved, moved.before);
  return moved;
}

/** planned -> agreed, or cancelled / no-show; "done" goes through completeSession. */
export async function setSessionStatus(db: Db, actor: Actor, id: string, status: "planned" | "agreed" | "cancelled" | "no_show", ip: string | null): Promise<BookedSession> {
  const changed = await db.transaction(async (tx) => {
    const { session, specialistIds, participants } = await loadSession(tx, id);
    const clientIds = participants.map((p) => p.clientId).sort();
    await assertMayBook(tx, actor, specialistIds, clientIds, { activeSpecialists: status !== "cancelled" });
    if (session.status === "done") throw new AppError("CONFLICT", "errors.sessionClosed", "A done session cannot change its status", { params: { status: session.status } });
    if (session.status === "cancelled" && status !== "cancelled") {
      // Reinstating a cancelled session takes its time back: check it is still free.
      await lockResources(tx, session.roomId, specialistIds, clientIds);
      await assertFree(tx, actor, { roomId: session.roomId, startsAt: session.startsAt, endsAt: session.endsAt, specialistIds, clientIds }, id);
    }
    await tx.update(sessions).set({ status, updatedAt: new Date() }).where(eq(sessions.id, id));
    for (const clientId of clientIds) {
      await recordAudit(tx, { actorEmployeeId: actor.employeeId, action: `session.${status}`, clientId, targetType: "session", targetId: id, ip });
    }
    return { id, roomId: session.roomId, specialistIds, clientIds, startsAt: session.startsAt, endsAt: session.endsAt };
  });
  publishSessionChange(status, changed);
  return changed;
}
