import { and, asc, eq, gte, inArray } from "drizzle-orm";
import { sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { fromTallinn, tallinnDate, tallinnParts } from "@/lib/tallinn-time";
import { recordAudit } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import { publishSessionChange } from "@/server/realtime/publish";
import {
  assertDecisionsValidOn,
  assertFree,
  assertMayBook,
  assertOpen,
  assertPlausibleTimes,
  assertRoomFits,
  lockResources,
  OPEN_STATUSES,
  validateTimes,
} from "./guards";
import { moveSession, type BookedSession } from "./sessions";
import type { DomainContext } from "@/server/domain-context";
import type { SeriesScope } from "./schemas";

export type MoveChange = { startsAt: Date; endsAt: Date; roomId: string | null };
export type { SeriesScope };

/**
 * Minutes on a Tallinn wall clock: the same number for 10:00 in winter and 10:00 in summer, so
 * "an hour later" or "a day later" keeps every occurrence at the local time people booked.
 */
function wallMinutes(instant: Date): number {
  const { date, time } = tallinnParts(instant);
  return Date.parse(`${date}T${time}:00Z`) / 60_000;
}
function fromWall(minutes: number): Date {
  const iso = new Date(minutes * 60_000).toISOString();
  // A wall time that does not exist (the hour skipped in spring) falls on the next valid one.
  return fromTallinn(iso.slice(0, 10), iso.slice(11, 16))!;
}

type Occurrence = BookedSession & { status: (typeof sessions.$inferSelect)["status"] };

/** The open occurrences to move, locked, with their people, in start order. */
async function loadTargets(tx: Tx, seriesId: string, from: Date | null): Promise<Occurrence[]> {
  const rows = await tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.seriesId, seriesId), inArray(sessions.status, OPEN_STATUSES), from ? gte(sessions.startsAt, from) : undefined))
    .orderBy(asc(sessions.id))
    .for("update");
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const [specialists, participants] = await Promise.all([
    tx.select().from(sessionSpecialists).where(inArray(sessionSpecialists.sessionId, ids)),
    tx.select().from(sessionParticipants).where(inArray(sessionParticipants.sessionId, ids)),
  ]);
  return rows
    .map((r) => ({
      id: r.id,
      roomId: r.roomId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      specialistIds: specialists
        .filter((s) => s.sessionId === r.id)
        .map((s) => s.employeeId)
        .sort(),
      clientIds: participants
        .filter((p) => p.sessionId === r.id)
        .map((p) => p.clientId)
        .sort(),
    }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Says which occurrence a refusal is about: in a series, a clash is on one of many dates. */
function onOccurrence(err: unknown, o: Occurrence): unknown {
  if (!(err instanceof AppError)) return err;
  const date = tallinnDate(o.startsAt);
  return new AppError(err.code, err.messageKey, `${date}: ${err.message}`, {
    params: { ...err.params, occurrence: date },
    field: err.field,
    cause: err,
  });
}

/**
 * Moves the session, and with "following" or "all" the other open occurrences of its series
 * (from it on, or all of them), by the same change on the Tallinn wall clock: the start and the
 * end each shift as the dragged one's did, and a new room applies to all. Done, cancelled and
 * no-show occurrences stay. One transaction: a clash on any date refuses the whole move, naming
 * that date and what is in the way.
 */
export async function moveInSeries(
  { db, actor, ip }: DomainContext<Db>,
  { sessionId, scope, ...change }: { sessionId: string; scope: SeriesScope } & MoveChange,
) {
  validateTimes(change.startsAt, change.endsAt);
  const [chosen] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!chosen) throw notFound("session");
  if (scope === "this" || !chosen.seriesId) {
    const one = await moveSession({ db, actor, ip }, { ...change, id: sessionId });
    return { moved: [one] };
  }
  const seriesId = chosen.seriesId;
  const result = await db.transaction(async (tx) => {
    const targets = await loadTargets(tx, seriesId, scope === "following" ? chosen.startsAt : null);
    const dragged = targets.find((o) => o.id === sessionId);
    if (!dragged) {
      const [now] = await tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, sessionId));
      assertOpen(now!.status);
      throw notFound("session");
    }
    const startShift = wallMinutes(change.startsAt) - wallMinutes(dragged.startsAt);
    const endShift = wallMinutes(change.endsAt) - wallMinutes(dragged.endsAt);
    const roomChanged = change.roomId !== dragged.roomId;
    const plan = targets.map((o) => ({
      before: o,
      after: {
        ...o,
        startsAt: fromWall(wallMinutes(o.startsAt) + startShift),
        endsAt: fromWall(wallMinutes(o.endsAt) + endShift),
        roomId: roomChanged ? change.roomId : o.roomId,
      },
    }));
    const checked = new Set<string>();
    for (const { before, after } of plan) {
      try {
        validateTimes(after.startsAt, after.endsAt);
        // The people are the same on most dates: check each set once.
        const key = `${before.specialistIds.join()}|${before.clientIds.join()}`;
        if (!checked.has(key))
          await assertMayBook({ db: tx, actor, ip }, { specialistIds: before.specialistIds, clientIds: before.clientIds });
        checked.add(key);
        await assertPlausibleTimes({ db: tx, actor, ip }, { sessionId: after.id, startsAt: after.startsAt, endsAt: after.endsAt });
        if (after.roomId) await assertRoomFits(tx, after.roomId, before.clientIds.length);
        await assertDecisionsValidOn(tx, after.id, after.startsAt);
      } catch (err) {
        throw onOccurrence(err, before);
      }
    }
    await lockResources(
      tx,
      plan.map((p) => p.after.roomId),
      plan.flatMap((p) => p.before.specialistIds),
      plan.flatMap((p) => p.before.clientIds),
    );
    const ids = targets.map((o) => o.id);
    for (const { before, after } of plan)
      await assertFree({ db: tx, actor, ip }, { ...after, except: ids }).catch((err: unknown) => {
        throw onOccurrence(err, before);
      });
    // Each row is checked by the exclusion constraints as it is written: moving later, the last
    // goes first, so no occurrence lands on a sibling's old time that is still there.
    const order = startShift > 0 ? [...plan].reverse() : plan;
    for (const { after } of order) {
      await tx
        .update(sessions)
        .set({ startsAt: after.startsAt, endsAt: after.endsAt, roomId: after.roomId, updatedAt: new Date() })
        .where(eq(sessions.id, after.id));
    }
    // Audit rows last: the audit chain's lock is held until commit.
    for (const { before, after } of plan) {
      for (const clientId of before.clientIds) {
        await recordAudit(tx, {
          actorEmployeeId: actor.employeeId,
          action: "session.move",
          clientId,
          targetType: "session",
          targetId: after.id,
          ip,
          details: { from: before.startsAt.toISOString(), to: after.startsAt.toISOString(), roomId: after.roomId, seriesId },
        });
      }
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "session.series_move",
      targetType: "series",
      targetId: seriesId,
      ip,
      details: { scope, moved: plan.length, startShiftMinutes: startShift, endShiftMinutes: endShift },
    });
    return plan;
  });
  const strip = ({ status: _status, ...rest }: Occurrence): BookedSession => rest;
  publishSessionChange("move", ...result.map((p) => strip(p.after)), ...result.map((p) => strip(p.before)));
  return { moved: result.map((p) => strip(p.after)) };
}
