import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { clients, fundingDecisions, services, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import { recordAudit } from "@/server/audit/audit";
import { priceOn } from "@/server/catalogue/prices";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import { amountCents } from "@/server/funding/amount";
import { assertWithinLimits, usageFor } from "@/server/funding/limits";
import type { Actor } from "@/server/policy/actor";
import { publishSessionChange } from "@/server/realtime/publish";
import { bookSessionFn } from "@/server/db/sql-functions";
import {
  assertDecisionsValidOn,
  assertFree,
  assertMayBook,
  assertOpen,
  assertPlausibleTimes,
  assertRoomFits,
  assertTransition,
  bookerArgs,
  clashError,
  lockResources,
  mayEnterLate,
  refusalError,
  sorted,
  validateTimes,
} from "./guards";
import { unitsForDuration } from "./units";
import type { DomainContext } from "@/server/domain-context";

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

export type BookedSession = {
  id: string;
  roomId: string | null;
  specialistIds: string[];
  clientIds: string[];
  startsAt: Date;
  endsAt: Date;
};
/** A hard limit the session would break once done: booking is allowed, the person is warned. */
export type LimitWarning = { client: string; messageKey: string; params: Record<string, string | number> };

/**
 * Would marking this session done break a participant's hard limit? The same check as the
 * entry it would become, run now so the person booking hears about it in time.
 */
async function limitWarnings(tx: DbOrTx, input: BookInput, decisions: Map<string, string | null>): Promise<LimitWarning[]> {
  // Most bookings are of clients without a decision that day: nothing to warn about, nothing to read.
  if (![...decisions.values()].some(Boolean)) return [];
  const day = tallinnDate(input.startsAt);
  const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId));
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
      assertWithinLimits(decision, await usageFor(tx, decision, { serviceId: service.id, date: day }), {
        cents: amountCents(units, price.unitPriceCents),
        units,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const [client] = await tx
        .select({ name: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` })
        .from(clients)
        .where(eq(clients.id, p.clientId));
      warnings.push({ client: client?.name ?? "", messageKey: err.messageKey, params: err.params });
    }
  }
  return warnings;
}

/** A client listed twice is one participant (the first entry's decision). */
function normalise(bookInput: BookInput): BookInput {
  return {
    ...bookInput,
    participants: bookInput.participants.filter((p, i, all) => all.findIndex((q) => q.clientId === p.clientId) === i),
  };
}

/** What can be refused without the database: the times, and someone to book. */
export function checkBookingInput(bookInput: BookInput): BookInput {
  const input = normalise(bookInput);
  validateTimes(input.startsAt, input.endsAt);
  if (input.specialistIds.length === 0) throw invalid("specialistIds", "errors.specialistRequired", "Choose at least one specialist");
  if (input.participants.length === 0) throw invalid("participants", "errors.clientRequired", "Choose at least one client");
  return input;
}

type Placed = BookedSession & { decisions: Map<string, string | null>; dashboardUnits: string[] };

/**
 * One statement (db/functions/book_session.sql) does the whole booking: the service, the room,
 * who may book whom, the fixed-order locks, the clash probe, each participant's decision (the
 * chosen one must be valid that day; else the earliest valid one), then the session, its people
 * and the audit rows. A refusal comes back with nothing written. On its own (not in a
 * transaction) it commits at once, so the audit chain's lock is held for no round trip at all.
 */
async function writeBooking(tx: DbOrTx, actor: Actor, input: BookInput, ip: string | null, seriesId: string | null): Promise<Placed> {
  const id = randomUUID();
  const specialistIds = sorted(input.specialistIds);
  // Sorted by client (the order of the checks, locks and audit rows), each with its decision.
  const participants = [...input.participants].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  const clientIds = participants.map((p) => p.clientId);
  const details = { start: input.startsAt.toISOString(), end: input.endsAt.toISOString(), roomId: input.roomId, seriesId };
  const result = await bookSessionFn(tx, {
    ...bookerArgs(actor),
    id,
    series: seriesId,
    service: input.serviceId,
    room: input.roomId,
    start: input.startsAt,
    end: input.endsAt,
    specialists: specialistIds,
    clients: clientIds,
    decisions: participants.map((p) => p.decisionId),
    notes: input.notes,
    ip,
    details,
    lateEntry: mayEnterLate(actor),
  });
  if ("refusal" in result) throw refusalError(result.refusal);
  if ("clash" in result) throw clashError(result.clash);
  return {
    id,
    roomId: input.roomId,
    specialistIds,
    clientIds,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    decisions: new Map(result.decisions.map((d) => [d.clientId, d.decisionId])),
    dashboardUnits: result.dashboardUnits,
  };
}

/** A booking inside the caller's transaction (an occurrence of a series), with its limit warnings. */
export async function placeBooking(
  { db: tx, actor, ip }: DomainContext<Tx>,
  { seriesId, ...input }: { seriesId: string | null } & BookInput,
): Promise<BookedSession & { warnings: LimitWarning[] }> {
  const { decisions, dashboardUnits: _units, ...booked } = await writeBooking(tx, actor, input, ip, seriesId);
  return { ...booked, warnings: await limitWarnings(tx, input, decisions) };
}

/** Books one session; refuses with what clashes. Returns what changed, published after commit. */
export async function bookSession(
  { db, actor, ip }: DomainContext<Db>,
  bookInput: BookInput,
): Promise<BookedSession & { warnings: LimitWarning[] }> {
  const input = checkBookingInput(bookInput);
  const { decisions, dashboardUnits, ...booked } = await writeBooking(db, actor, input, ip, null);
  // Advisory, so read after the commit.
  const warnings = await limitWarnings(db, input, decisions);
  publishSessionChange("book", { ...booked, dashboardUnits });
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
export async function moveSession(
  { db, actor, ip }: DomainContext<Db>,
  { id, ...change }: { id: string } & { startsAt: Date; endsAt: Date; roomId: string | null },
): Promise<BookedSession & { before: BookedSession }> {
  validateTimes(change.startsAt, change.endsAt);
  const moved = await db.transaction(async (tx) => {
    const { session, specialistIds, participants } = await loadSession(tx, id);
    const clientIds = participants.map((p) => p.clientId).sort();
    await assertMayBook({ db: tx, actor, ip }, { specialistIds, clientIds });
    assertOpen(session.status);
    await assertPlausibleTimes({ db: tx, actor, ip }, { sessionId: id, startsAt: change.startsAt, endsAt: change.endsAt });
    await assertDecisionsValidOn(tx, id, change.startsAt);
    if (change.roomId) await assertRoomFits(tx, change.roomId, clientIds.length);
    await lockResources(tx, [change.roomId], specialistIds, clientIds);
    await assertFree(
      { db: tx, actor, ip },
      { roomId: change.roomId, startsAt: change.startsAt, endsAt: change.endsAt, specialistIds, clientIds, except: [id] },
    );
    await tx
      .update(sessions)
      .set({ startsAt: change.startsAt, endsAt: change.endsAt, roomId: change.roomId, updatedAt: new Date() })
      .where(eq(sessions.id, id));
    for (const clientId of clientIds) {
      await recordAudit(tx, {
        actorEmployeeId: actor.employeeId,
        action: "session.move",
        clientId,
        targetType: "session",
        targetId: id,
        ip,
        details: { from: session.startsAt.toISOString(), to: change.startsAt.toISOString(), roomId: change.roomId },
      });
    }
    const before = { id, roomId: session.roomId, specialistIds, clientIds, startsAt: session.startsAt, endsAt: session.endsAt };
    return { id, roomId: change.roomId, specialistIds, clientIds, startsAt: change.startsAt, endsAt: change.endsAt, before };
  });
  publishSessionChange("move", moved, moved.before);
  return moved;
}

/** planned -> agreed, or cancelled / no-show, or reinstated (see assertTransition); "done" goes through completeSession. */
export async function setSessionStatus(
  { db, actor, ip }: DomainContext<Db>,
  { id, status }: { id: string; status: "planned" | "agreed" | "cancelled" | "no_show" },
): Promise<BookedSession> {
  const changed = await db.transaction(async (tx) => {
    const { session, specialistIds, participants } = await loadSession(tx, id);
    const clientIds = participants.map((p) => p.clientId).sort();
    await assertMayBook({ db: tx, actor, ip }, { specialistIds, clientIds, opts: { activeSpecialists: status !== "cancelled" } });
    assertTransition(session.status, status);
    if (session.status === "cancelled") {
      // Reinstating a cancelled session takes its time back: check it is still free.
      await lockResources(tx, [session.roomId], specialistIds, clientIds);
      await assertFree(
        { db: tx, actor, ip },
        { roomId: session.roomId, startsAt: session.startsAt, endsAt: session.endsAt, specialistIds, clientIds, except: [id] },
      );
    }
    await tx.update(sessions).set({ status, updatedAt: new Date() }).where(eq(sessions.id, id));
    for (const clientId of clientIds) {
      await recordAudit(tx, {
        actorEmployeeId: actor.employeeId,
        action: `session.${status}`,
        clientId,
        targetType: "session",
        targetId: id,
        ip,
      });
    }
    return { id, roomId: session.roomId, specialistIds, clientIds, startsAt: session.startsAt, endsAt: session.endsAt };
  });
  publishSessionChange(status, changed);
  return changed;
}
