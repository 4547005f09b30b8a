import { and, eq, gte, inArray, TransactionRollbackError } from "drizzle-orm";
import { sessions, sessionSeries } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { tallinnParts, tallinnTime } from "@/lib/tallinn-time";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import { publishSessionChange } from "@/server/realtime/publish";
import { checkBookingInput, placeBooking, setSessionStatus, type BookedSession, type BookInput, type LimitWarning } from "./sessions";
import type { DomainContext } from "@/server/domain-context";

export type Recurrence = { intervalWeeks: number; until: string | null; count: number | null };
export type Occurrence = { startsAt: Date; endsAt: Date };
export type Clash = Occurrence & { messageKey: string; params: Record<string, string | number>; message: string };

const MAX_OCCURRENCES = 104;

/**
 * The occurrences of a weekly series: the same Tallinn wall-clock time every n weeks, until a
 * date (inclusive) or for n times, at most two years' worth.
 */
export function occurrences(first: Occurrence, r: Recurrence): Occurrence[] {
  if (!Number.isInteger(r.intervalWeeks) || r.intervalWeeks < 1 || r.intervalWeeks > 8) {
    throw invalid("intervalWeeks", "errors.seriesInterval", "Repeat every 1 to 8 weeks");
  }
  if (r.until === null && r.count === null) throw invalid("until", "errors.seriesUnbounded", "Give an end date or a number of times");
  if (r.count !== null && (!Number.isInteger(r.count) || r.count < 1 || r.count > MAX_OCCURRENCES)) {
    throw invalid("count", "errors.seriesCount", `From 1 to ${MAX_OCCURRENCES} times`, { max: MAX_OCCURRENCES });
  }
  const start = tallinnParts(first.startsAt);
  const end = tallinnParts(first.endsAt);
  if (r.until !== null && r.until < start.date)
    throw invalid("until", "errors.seriesEndsBeforeStart", "The series ends before its first session");
  const spanDays = Math.round((Date.parse(`${end.date}T00:00:00Z`) - Date.parse(`${start.date}T00:00:00Z`)) / 86_400_000);
  const result: Occurrence[] = [];
  for (let i = 0; result.length < (r.count ?? MAX_OCCURRENCES); i++) {
    const date = addDays(start.date, i * 7 * r.intervalWeeks);
    if (r.until !== null && date > r.until) break;
    result.push({ startsAt: tallinnTime(date, start.time), endsAt: tallinnTime(addDays(date, spanDays), end.time) });
    if (i > MAX_OCCURRENCES * 8) break;
  }
  if (r.until !== null && r.count === null && result.length >= MAX_OCCURRENCES) {
    throw invalid("until", "errors.seriesCount", `At most ${MAX_OCCURRENCES} times`, { max: MAX_OCCURRENCES });
  }
  return result;
}

/**
 * Books a weekly series. mode "all": every occurrence or none — when some clash, nothing is
 * written and the refusal lists them, so the person can decide. mode "free": the occurrences
 * that are free are booked and the clashing ones are returned. Never partly written by accident.
 */
export async function bookSeries(
  { db, actor, ip }: DomainContext<Db>,
  { recurrence, mode, ...input }: { recurrence: Recurrence; mode: "all" | "free" } & BookInput,
) {
  const prepared = checkBookingInput(input);
  const dates = occurrences({ startsAt: input.startsAt, endsAt: input.endsAt }, recurrence);
  const result = await db.transaction(async (tx) => {
    const [series] = await tx
      .insert(sessionSeries)
      .values({
        intervalWeeks: recurrence.intervalWeeks,
        untilDate: recurrence.until,
        occurrences: recurrence.count,
        createdBy: actor.employeeId,
      })
      .returning({ id: sessionSeries.id });
    const booked: (BookedSession & { warnings: LimitWarning[] })[] = [];
    const clashes: Clash[] = [];
    for (const o of dates) {
      // Only a clash is collected: any other refusal (the service, the room, who may book whom,
      // a decision) stops the whole series, and the transaction takes the series row back.
      try {
        // A savepoint per occurrence: a clash undoes only that one.
        booked.push(await tx.transaction((sp) => placeBooking({ db: sp, actor, ip }, { ...prepared, ...o, seriesId: series!.id })));
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "CONFLICT") throw err;
        clashes.push({ ...o, messageKey: err.messageKey, params: err.params, message: err.message });
      }
    }
    if (booked.length === 0 || (mode === "all" && clashes.length > 0)) {
      throw new AppError("CONFLICT", "errors.seriesClashes", `${clashes.length} of ${dates.length} sessions clash`, {
        params: { clashes: clashes.length, total: dates.length, first: clashes[0]?.startsAt.toISOString() ?? "" },
      });
    }
    return { seriesId: series!.id, booked, clashes, total: dates.length };
  });
  publishSessionChange("book", ...result.booked);
  return result;
}

/** Which occurrences of a planned series would clash, before anything is written. */
export async function previewSeries({ db, actor }: DomainContext<Db>, { recurrence, ...input }: { recurrence: Recurrence } & BookInput) {
  const prepared = checkBookingInput(input);
  const dates = occurrences({ startsAt: input.startsAt, endsAt: input.endsAt }, recurrence);
  const clashes: Clash[] = [];
  await db
    .transaction(async (tx) => {
      for (const o of dates) {
        try {
          await tx.transaction((sp) => placeBooking({ db: sp, actor, ip: null }, { ...prepared, ...o, seriesId: null }));
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== "CONFLICT") throw err;
          clashes.push({ ...o, messageKey: err.messageKey, params: err.params, message: err.message });
        }
      }
      // Only looking: roll everything back (Drizzle's rollback throws its own error class).
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
  return { total: dates.length, occurrences: dates, clashes };
}

/** Cancels this session, this and the following ones, or all open ones of its series. */
export async function cancelInSeries(
  { db, actor, ip }: DomainContext<Db>,
  { sessionId, scope }: { sessionId: string; scope: "this" | "following" | "all" },
) {
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  if (!session) throw notFound("session");
  if (scope === "this" || !session.seriesId)
    return { cancelled: [(await setSessionStatus({ db, actor, ip }, { id: sessionId, status: "cancelled" })).id] };
  const targets = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.seriesId, session.seriesId),
        inArray(sessions.status, ["planned", "agreed"]),
        scope === "following" ? gte(sessions.startsAt, session.startsAt) : undefined,
      ),
    )
    .orderBy(sessions.startsAt);
  const cancelled: string[] = [];
  // One at a time through the same rule as a single cancellation; each is its own change.
  for (const t of targets) cancelled.push((await setSessionStatus({ db, actor, ip }, { id: t.id, status: "cancelled" })).id);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "session.series_cancel",
    targetType: "series",
    targetId: session.seriesId,
    ip,
    details: { scope, cancelled: cancelled.length },
  });
  return { cancelled };
}
