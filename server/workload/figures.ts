import { sql } from "drizzle-orm";
import { possibleHoursOverrides, sessions, sessionSpecialists, timeEntries, timesheetLocks, type SessionStatus } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { textArray, uuidArray } from "@/server/db/sql-helpers";
import { monthRange, monthStart, nextMonthStart, possibleHours } from "./possible-hours";

/**
 * The figures every workload view is made of, for a set of people and a month, in one query
 * each. Session hours are elapsed time (ends - starts), so a night across a DST switch counts
 * as it was; a session belongs to the month of its Tallinn start. Each specialist of a session
 * gets its whole length.
 */

export const OPEN_STATUSES: SessionStatus[] = ["planned", "agreed"];
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Hours of one session, numeric. */
export const SESSION_HOURS = sql`extract(epoch from (${sessions.endsAt} - ${sessions.startsAt})) / 3600`;

/**
 * Hours of a group of sessions: their lengths summed as intervals and turned into hours once.
 * Per row, the numeric arithmetic cost more than reading the rows (a month of 300 people is
 * 25,000 of them).
 */
export const SUMMED_SESSION_HOURS = sql`(extract(epoch from sum(${sessions.endsAt} - ${sessions.startsAt})) / 3600)`;

export type SessionHours = { employeeId: string; serviceId: string; status: SessionStatus; hours: number; sessions: number };

export async function sessionHours(db: DbOrTx, employeeIds: string[], month: string, statuses: SessionStatus[]): Promise<SessionHours[]> {
  if (employeeIds.length === 0) return [];
  const { from, to } = monthRange(month);
  const rows = await db.execute<{ employee_id: string; service_id: string; status: SessionStatus; hours: string; n: number }>(sql`
    SELECT ${sessionSpecialists.employeeId} AS employee_id, ${sessions.serviceId} AS service_id, ${sessions.status} AS status,
           round(${SUMMED_SESSION_HOURS}, 2) AS hours, count(*)::int AS n
      FROM ${sessionSpecialists} JOIN ${sessions} ON ${sessions.id} = ${sessionSpecialists.sessionId}
     WHERE ${sessionSpecialists.employeeId} = ANY(${uuidArray(employeeIds)})
       AND ${sessionSpecialists.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${to.toISOString()}::timestamptz
       -- The same bounds on the session (the join row's times are its copies): the planner then
       -- reads one month of sessions by their start instead of every session there is.
       AND ${sessions.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessions.startsAt} < ${to.toISOString()}::timestamptz
       AND ${sessions.status} = ANY(${textArray(statuses)})
     GROUP BY 1, 2, 3`);
  return [...rows].map((r) => ({
    employeeId: r.employee_id,
    serviceId: r.service_id,
    status: r.status,
    hours: Number(r.hours),
    sessions: r.n,
  }));
}

export type StatusHours = { employeeId: string; status: SessionStatus; hours: number };

/**
 * A specialist's hours of the month by status, without the service: read from the join rows'
 * copies of the session's time and status alone, which the index on (employee, start) carries,
 * so the month of a whole institution never touches the sessions table.
 */
export async function hoursByStatus(db: DbOrTx, employeeIds: string[], month: string, statuses: SessionStatus[]): Promise<StatusHours[]> {
  if (employeeIds.length === 0) return [];
  const { from, to } = monthRange(month);
  const rows = await db.execute<{ employee_id: string; status: SessionStatus; hours: string }>(sql`
    SELECT ${sessionSpecialists.employeeId} AS employee_id, ${sessionSpecialists.status} AS status,
           round(extract(epoch from sum(${sessionSpecialists.endsAt} - ${sessionSpecialists.startsAt})) / 3600, 2) AS hours
      FROM ${sessionSpecialists}
     WHERE ${sessionSpecialists.employeeId} = ANY(${uuidArray(employeeIds)})
       AND ${sessionSpecialists.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${to.toISOString()}::timestamptz
       AND ${sessionSpecialists.status} = ANY(${textArray(statuses)})
     GROUP BY 1, 2`);
  return [...rows].map((r) => ({ employeeId: r.employee_id, status: r.status, hours: Number(r.hours) }));
}

export type GeneralHours = { employeeId: string; workTypeId: string; hours: number };

export async function generalHours(db: DbOrTx, employeeIds: string[], month: string): Promise<GeneralHours[]> {
  if (employeeIds.length === 0) return [];
  const rows = await db.execute<{ employee_id: string; work_type_id: string; hours: string }>(sql`
    SELECT ${timeEntries.employeeId} AS employee_id, ${timeEntries.workTypeId} AS work_type_id, sum(${timeEntries.hours}) AS hours
      FROM ${timeEntries}
     WHERE ${timeEntries.employeeId} = ANY(${uuidArray(employeeIds)})
       AND ${timeEntries.workDate} >= ${monthStart(month)}::date AND ${timeEntries.workDate} < ${nextMonthStart(month)}::date
     GROUP BY 1, 2`);
  return [...rows].map((r) => ({ employeeId: r.employee_id, workTypeId: r.work_type_id, hours: Number(r.hours) }));
}

/** Hand-set possible hours of the month, by person. */
export async function overrides(db: DbOrTx, employeeIds: string[], month: string): Promise<Map<string, { hours: number; note: string }>> {
  if (employeeIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(possibleHoursOverrides)
    .where(
      sql`${possibleHoursOverrides.month} = ${monthStart(month)}::date AND ${possibleHoursOverrides.employeeId} = ANY(${uuidArray(employeeIds)})`,
    );
  return new Map(rows.map((r) => [r.employeeId, { hours: Number(r.hours), note: r.note }]));
}

/** The people whose month is approved (locked). */
export async function lockedPeople(db: DbOrTx, employeeIds: string[], month: string): Promise<Set<string>> {
  if (employeeIds.length === 0) return new Set();
  const rows = await db
    .select({ id: timesheetLocks.employeeId })
    .from(timesheetLocks)
    .where(sql`${timesheetLocks.month} = ${monthStart(month)}::date AND ${timesheetLocks.employeeId} = ANY(${uuidArray(employeeIds)})`);
  return new Set(rows.map((r) => r.id));
}

/** Possible hours: the hand-set figure when there is one, else computed from the weekly hours. */
export function effectivePossible(month: string, weeklyHours: number, override: { hours: number } | undefined): number {
  return override ? override.hours : possibleHours(month, weeklyHours).hours;
}
