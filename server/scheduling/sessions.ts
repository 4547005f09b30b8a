import { randomUUID } from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { clients, fundingDecisions, fundingSources, services, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import { recordAudit } from "@/server/audit/audit";
import { priceOn } from "@/server/catalogue/prices";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import { assertWithinLimits, usageFor } from "@/server/funding/limits";
import type { Actor } from "@/server/policy/actor";
import { publishSessionChange } from "@/server/realtime/publish";
import { assertDecisionsValidOn, assertFree, assertMayBook, assertOpen, assertRoomFits, assertTransition, lockResources, sorted, validateTimes } from "./guards";
import { unitsForDuration } from "./units";

export type Participant = { clientId: string; decisionId: string | null };
export type BookInput = {
  serviceId: string;
  /** Set by prepareBooking: the service row, so placing the booking need not read it again. */
  service?: typeof services.$inferSelect;
  roomId: string | null;
  startsAt: Date;
  endsAt: Date;
  specialistIds: string[];
  participants: Participant[];
  notes: string;
};

/** The decision a participant's session is charged to: the given one, else the one valid that day. */
async function decisionFor(tx: DbOrTx, p: Participant, day: string): Promise<string | SQL> {
  if (p.decisionId) {
    const [d] = await tx.select({ decision: fundingDecisions, funder: fundingSources.name, funderActive: fundingSources.active }).from(fundingDecisions)
      .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
      .where(and(eq(fundingDecisions.id, p.decisionId), eq(fundingDecisions.clientId, p.clientId)));
    if (!d) throw invalid("participants", "errors.decisionMissing", "Choose one of the client's decisions");
    const { decisionNumber: number, startDate: start, endDate: end } = d.decision;
    if (day < start || day > end) {
      throw invalid("participants", "errors.decisionNotValidOn", `Decision ${number} is valid ${start}–${end}, not on ${day}`, { number, start, end, date: day });
    }
    if (!d.funderActive) throw invalid("participants", "errors.fundingSourceInactive", `The funder ${d.funder} is no longer in use`, { funder: d.funder });
    return d.decision.id;
  }
  return implicitDecision(p.clientId, day);
}

/** Left to the system: the client's earliest decision valid that day, never of a funder no longer in use. */
const implicitDecision = (clientId: string, day: string) => sql`(SELECT d.id FROM ${fundingDecisions} d
  JOIN ${fundingSources} f ON f.id = d.funding_source_id
  WHERE d.client_id = ${clientId} AND f.active AND ${day}::date BETWEEN d.start_date AND d.end_date
  ORDER BY d.start_date LIMIT 1)`;

async function assertShape(tx: DbOrTx, input: BookInput) {
  if (input.specialistIds.length === 0) throw invalid("specialistIds", "errors.specialistRequired", "Choose at least one specialist");
  if (input.participants.length === 0) throw invalid("participants", "errors.clientRequired", "Choose at least one client");
  const count = new Set(input.participants.map((p) => p.clientId)).size;
  // The room is read alongside the service; its refusal still comes after the service's.
  const [[service], room] = await Promise.all([
    tx.select().from(services).where(eq(services.id, input.serviceId)),
    input.roomId ? assertRoomFits(tx, input.roomId, count).then(() => null, (err: unknown) => err) : Promise.resolve(null),
  ]);
  if (!service) throw invalid("serviceId", "errors.serviceMissing", "Choose a service");
  if (!service.active) {
    throw invalid("serviceId", "errors.serviceInactive", `The service ${service.nameEt} is no longer offered`, { service: service.nameEt, code: service.code });
  }
  if (!service.isGroup && count > 1) throw invalid("participants", "errors.individualService", "An individual service has one client");
  if (service.maxGroupSize && count > service.maxGroupSize) {
    throw invalid("participants", "errors.groupTooLarge", `At most ${service.maxGroupSize} clients`, { max: service.maxGroupSize });
  }
  if (room) throw room;
  return service;
}

export type BookedSession = { id: string; roomId: string | null; specialistIds: string[]; clientIds: string[]; startsAt: Date; endsAt: Date };
/** A hard limit the session would break once done: booking is allowed, the person is warned. */
export type LimitWarning = { client: string; messageKey: string; params: Record<string, string | number> };

/**
 * Would marking this session done break a participant's hard limit? The same check as the
 * entry it would become, run now so the person booking hears about it in time.
 */
async function limitWarnings(tx: DbOrTx, input: BookInput, day: string, decisions: Map<string, string | null>): Promise<LimitWarning[]> {
  // Most bookings are of clients without a decision that day: nothing to warn about, nothing to read.
  if (![...decisions.values()].some(Boolean)) return [];
  const service = input.service ?? (await tx.select().from(services).where(eq(services.id, input.serviceId)))[0];
  if (!service) return [];
  const units = unitsForDuration(service.billingUnit, (input.endsAt.getTime() - input.startsAt.getTime()) / 60_000);
  const warnings: LimitWarning[] = [];
  for (const p of input.participants) {
    const decisionId = decisions.get(p.clientId);
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

/**
 * The checks that hold for every occurrence of a booking: shape and who may book whom. Their
 * queries go to the database together (pipelined on the transaction's connection); a refusal
 * is still reported in the order of the checks.
 */
export async function prepareBooking(tx: DbOrTx, actor: Actor, bookInput: BookInput): Promise<BookInput> {
  const input = normalise(bookInput);
  validateTimes(input.startsAt, input.endsAt);
  const [shape, access] = await Promise.allSettled([
    assertShape(tx, input),
    assertMayBook(tx, actor, sorted(input.specialistIds), sorted(input.participants.map((p) => p.clientId))),
  ]);
  if (shape.status === "rejected") throw shape.reason;
  if (access.status === "rejected") throw access.reason;
  return { ...input, service: shape.value };
}

type Placed = BookedSession & { decisions: Promise<Map<string, string | null>> };

/**
 * Takes the time: locks, checks for clashes, then sends the writes (session, people, audit)
 * together. `decisions` settles when they are done: the decision each participant is charged to.
 */
async function writeBooking(tx: Tx, actor: Actor, input: BookInput, ip: string | null, seriesId: string | null): Promise<Placed> {
  const clientIds = sorted(input.participants.map((p) => p.clientId));
  const specialistIds = sorted(input.specialistIds);
  // Sent together: the clash check runs once the locks are held.
  await Promise.all([
    lockResources(tx, [input.roomId], specialistIds, clientIds),
    assertFree(tx, actor, { roomId: input.roomId, startsAt: input.startsAt, endsAt: input.endsAt, specialistIds, clientIds }),
  ]);
  const id = randomUUID();
  const day = tallinnDate(input.startsAt);
  // An explicitly chosen decision is checked first; one left to the system is picked inside the insert.
  const decisionOf = await Promise.all(input.participants.map((p) => decisionFor(tx, p, day)));
  const details = { start: input.startsAt.toISOString(), end: input.endsAt.toISOString(), roomId: input.roomId, seriesId };
  const written = Promise.all([
    tx.insert(sessions).values({
      id, seriesId, serviceId: input.serviceId, roomId: input.roomId, startsAt: input.startsAt, endsAt: input.endsAt, notes: input.notes, createdBy: actor.employeeId,
    }),
    // The join rows' times are filled in by trigger from the session.
    tx.insert(sessionSpecialists).values(specialistIds.map((employeeId) => ({ sessionId: id, employeeId, startsAt: input.startsAt, endsAt: input.endsAt }))),
    ...input.participants.map((p, i) => tx.insert(sessionParticipants)
      .values({ sessionId: id, clientId: p.clientId, decisionId: decisionOf[i]!, startsAt: input.startsAt, endsAt: input.endsAt })
      .returning({ clientId: sessionParticipants.clientId, decisionId: sessionParticipants.decisionId })),
    ...clientIds.map((clientId) => recordAudit(tx, { actorEmployeeId: actor.employeeId, action: "session.book", clientId, targetType: "session", targetId: id, ip, details })),
  ]);
  const decisions = written.then((rows) => new Map((rows.slice(2, 2 + input.participants.length) as { clientId: string; decisionId: string | null }[][])
    .map((r) => [r[0]!.clientId, r[0]!.decisionId] as const)));
  return { id, roomId: input.roomId, specialistIds, clientIds, startsAt: input.startsAt, endsAt: input.endsAt, decisions };
}

/** A booking inside the caller's transaction (an occurrence of a series), with its limit warnings. */
export async function placeBooking(tx: Tx, actor: Actor, input: BookInput, ip: string | null, seriesId: string | null): Promise<BookedSession & { warnings: LimitWarning[] }> {
  const { decisions, ...booked } = await writeBooking(tx, actor, input, ip, seriesId);
  const warnings = await limitWarnings(tx, input, tallinnDate(input.startsAt), await decisions);
  return { ...booked, warnings };
}

/** Books one session; refuses with what clashes. Returns what changed, published after commit. */
export async function bookSession(db: Db, actor: Actor, bookInput: BookInput, ip: string | null): Promise<BookedSession & { warnings: LimitWarning[] }> {
  let input: BookInput | undefined;
  const { decisions, ...booked } = await db.transaction(async (tx) => {
    input = await prepareBooking(tx, actor, bookInput);
    const placed = await writeBooking(tx, actor, input, ip, null);
    // Not awaited here: COMMIT follows the writes on the wire, so the audit chain's lock (taken
    // by the audit row) is held as long as PostgreSQL needs, not for a round trip through a busy
    // server. A failed write leaves the transaction aborted, and that COMMIT rolls it back.
    placed.decisions.catch(() => {});
    return placed;
  });
  // Rethrows a failed write, now rolled back (a booking that lost the race: the constraint's message).
  const charged = await decisions;
  // Advisory, so read after the commit.
  const warnings = await limitWarnings(db, input!, tallinnDate(booked.startsAt), charged);
  publishSessionChange("book", booked);
  return { ...booked, warnings };
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
    assertOpen(session.status);
    await assertDecisionsValidOn(tx, id, change.startsAt);
    if (change.roomId) await assertRoomFits(tx, change.roomId, clientIds.length);
    await lockResources(tx, [change.roomId], specialistIds, clientIds);
    await assertFree(tx, actor, { roomId: change.roomId, startsAt: change.startsAt, endsAt: change.endsAt, specialistIds, clientIds }, [id]);
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

/** planned -> agreed, or cancelled / no-show, or reinstated (see assertTransition); "done" goes through completeSession. */
export async function setSessionStatus(db: Db, actor: Actor, id: string, status: "planned" | "agreed" | "cancelled" | "no_show", ip: string | null): Promise<BookedSession> {
  const changed = await db.transaction(async (tx) => {
    const { session, specialistIds, participants } = await loadSession(tx, id);
    const clientIds = participants.map((p) => p.clientId).sort();
    await assertMayBook(tx, actor, specialistIds, clientIds, { activeSpecialists: status !== "cancelled" });
    assertTransition(session.status, status);
    if (session.status === "cancelled") {
      // Reinstating a cancelled session takes its time back: check it is still free.
      await lockResources(tx, [session.roomId], specialistIds, clientIds);
      await assertFree(tx, actor, { roomId: session.roomId, startsAt: session.startsAt, endsAt: session.endsAt, specialistIds, clientIds }, [id]);
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
