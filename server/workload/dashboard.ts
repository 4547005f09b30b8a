import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { employees, employeeSpecialties, rooms, services, sessionParticipants, sessions, sessionSpecialists, units } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { calendarFacts, weekday } from "@/lib/holidays";
import { tallinnDate, tallinnTime } from "@/lib/tallinn-time";
import type { DbOrTx } from "@/server/db/client";
import { uuidArray } from "@/server/db/sql-helpers";
import { forbidden } from "@/server/errors";
import { scopeOf } from "@/server/policy/policy";
import { rooms as liveRoom } from "@/server/realtime/rooms";
import { workloadEmployees } from "./access";
import { effectivePossible, hoursByStatus, OPEN_STATUSES, overrides, round2, SUMMED_SESSION_HOURS } from "./figures";
import { monthOf, monthRange } from "./possible-hours";
import type { DomainContext } from "@/server/domain-context";

/**
 * The manager's live dashboard: this month's possible, agreed and done hours per specialist of
 * the manager's units, today's room occupancy and the sessions coming up. Figures only: no
 * client's name or any other client data travels through it.
 */

/** The calendars' business hours (08:00–17:00): what a room's day is measured against. */
const ROOM_DAY_HOURS = 9;
const UPCOMING = 12;

export async function workloadDashboard({ db, actor }: DomainContext, { now = new Date() }: { now?: Date } = {}) {
  const scope = scopeOf(actor, "workload", "read");
  if (!scope) throw forbidden();
  const month = monthOf(now);
  const today = tallinnDate(now);
  const { from, to } = monthRange(month);
  // Specialists: active people in reach with a specialty, or with sessions this month.
  const people = await db
    .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName, weeklyHours: employees.weeklyHours })
    .from(employees)
    .where(
      and(
        eq(employees.active, true),
        workloadEmployees(actor, "read"),
        sql`(EXISTS (SELECT 1 FROM ${employeeSpecialties} WHERE ${employeeSpecialties.employeeId} = ${employees.id})
      OR EXISTS (SELECT 1 FROM ${sessionSpecialists} WHERE ${sessionSpecialists.employeeId} = ${employees.id}
                   AND ${sessionSpecialists.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${to.toISOString()}::timestamptz))`,
      ),
    )
    .orderBy(asc(employees.lastName), asc(employees.firstName));
  const ids = people.map((p) => p.id);
  const roomRows =
    scope === "own"
      ? []
      : await db
          .select({ id: rooms.id, name: rooms.name, unitName: units.name })
          .from(rooms)
          .innerJoin(units, eq(units.id, rooms.unitId))
          .where(and(eq(rooms.active, true), scope === "all" ? undefined : sql`${rooms.unitId} = ANY(${uuidArray(actor.unitSubtree)})`))
          .orderBy(asc(rooms.name));
  const roomIds = roomRows.map((r) => r.id);
  const [hours, override, roomDay, upcoming] = await Promise.all([
    hoursByStatus(db, ids, month, [...OPEN_STATUSES, "done"]),
    overrides(db, ids, month),
    roomsToday(db, roomIds, today, now),
    upcomingSessions(db, ids, roomIds, now),
  ]);
  const specialists = people.map((p) => {
    const mine = hours.filter((h) => h.employeeId === p.id);
    return {
      id: p.id,
      name: `${p.firstName} ${p.lastName}`,
      possibleHours: effectivePossible(month, Number(p.weeklyHours), override.get(p.id)),
      agreedHours: round2(mine.filter((h) => h.status !== "done").reduce((a, h) => a + h.hours, 0)),
      doneHours: round2(mine.filter((h) => h.status === "done").reduce((a, h) => a + h.hours, 0)),
    };
  });
  const facts = calendarFacts(today, addDays(today, 1));
  const workday = weekday(today) !== 0 && weekday(today) !== 6 && facts.holidays.length === 0;
  const dayHours = workday ? ROOM_DAY_HOURS - (facts.shortened.length ? 3 : 0) : 0;
  return {
    month,
    today,
    specialists,
    totals: {
      possibleHours: round2(specialists.reduce((a, s) => a + s.possibleHours, 0)),
      agreedHours: round2(specialists.reduce((a, s) => a + s.agreedHours, 0)),
      doneHours: round2(specialists.reduce((a, s) => a + s.doneHours, 0)),
    },
    rooms: roomRows.map((r) => {
      const day = roomDay.get(r.id);
      const booked = day?.hours ?? 0;
      return {
        ...r,
        sessions: day?.sessions ?? 0,
        bookedHours: booked,
        busyUntil: day?.busyUntil ?? null,
        nextStart: day?.nextStart ?? null,
        occupancyPct: dayHours > 0 ? Math.round((booked / dayHours) * 100) : null,
      };
    }),
    upcoming,
    liveRooms: await liveRoomsOf({ db, actor, ip: null }, { scope }),
  };
}

/**
 * Socket.io rooms that carry the changes of the workload in the person's reach, each joined
 * after the same scope check: sessions, and with `work` also general work and approvals. A
 * session reaches the dashboards of its units and every unit above, so for the whole
 * institution the top units' dashboards hear them all.
 */
export async function liveRoomsOf(
  { db, actor }: DomainContext,
  { scope, work = false }: { scope: "own" | "unit" | "all"; work?: boolean },
): Promise<string[]> {
  if (scope === "all") {
    const roots = (await db.select({ id: units.id }).from(units).where(isNull(units.parentId))).map((u) => liveRoom.dashboard(u.id));
    return work ? [...roots, liveRoom.work] : roots;
  }
  if (scope === "unit") return [...new Set([...actor.memberUnitIds, ...actor.headedUnitIds])].map(liveRoom.dashboard);
  return [liveRoom.specialist(actor.employeeId)];
}

async function roomsToday(db: DbOrTx, roomIds: string[], today: string, now: Date) {
  const out = new Map<string, { sessions: number; hours: number; busyUntil: Date | null; nextStart: Date | null }>();
  if (roomIds.length === 0) return out;
  const dayStart = tallinnTime(today, "00:00");
  const dayEnd = tallinnTime(addDays(today, 1), "00:00");
  const rows = await db.execute<{ room_id: string; n: number; hours: string; busy_until: Date | null; next_start: Date | null }>(sql`
    SELECT ${sessions.roomId} AS room_id, count(*)::int AS n, round(${SUMMED_SESSION_HOURS}, 2) AS hours,
           max(${sessions.endsAt}) FILTER (WHERE ${sessions.startsAt} <= ${now.toISOString()}::timestamptz AND ${sessions.endsAt} > ${now.toISOString()}::timestamptz) AS busy_until,
           min(${sessions.startsAt}) FILTER (WHERE ${sessions.startsAt} > ${now.toISOString()}::timestamptz) AS next_start
      FROM ${sessions}
     WHERE ${sessions.roomId} = ANY(${uuidArray(roomIds)}) AND ${sessions.status} <> 'cancelled'
       AND ${sessions.startsAt} >= ${dayStart.toISOString()}::timestamptz AND ${sessions.startsAt} < ${dayEnd.toISOString()}::timestamptz
     GROUP BY 1`);
  for (const r of rows) {
    out.set(r.room_id, {
      sessions: r.n,
      hours: Number(r.hours),
      busyUntil: r.busy_until ? new Date(r.busy_until) : null,
      nextStart: r.next_start ? new Date(r.next_start) : null,
    });
  }
  return out;
}

/** The next open sessions of the specialists or rooms in reach, as figures: no client names. */
async function upcomingSessions(db: DbOrTx, ids: string[], roomIds: string[], now: Date) {
  if (ids.length === 0 && roomIds.length === 0) return [];
  const since = new Date(now.getTime() - 12 * 3_600_000);
  const until = new Date(now.getTime() + 7 * 86_400_000);
  const rows = await db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      roomName: rooms.name,
      serviceCode: services.code,
      serviceEt: services.nameEt,
      serviceEn: services.nameEn,
      clients: sql<number>`(SELECT count(*)::int FROM ${sessionParticipants} WHERE ${sessionParticipants.sessionId} = ${sessions.id})`,
    })
    .from(sessions)
    .innerJoin(services, eq(services.id, sessions.serviceId))
    .leftJoin(rooms, eq(rooms.id, sessions.roomId))
    .where(
      and(
        inArray(sessions.status, OPEN_STATUSES),
        // Sessions last at most 12 hours: the start bound lets the index on starts_at do the work.
        sql`${sessions.startsAt} > ${since.toISOString()}::timestamptz`,
        sql`${sessions.startsAt} < ${until.toISOString()}::timestamptz`,
        sql`${sessions.endsAt} > ${now.toISOString()}::timestamptz`,
        // The join row's copied start bounds the subquery too, so it reads a week, not a year.
        sql`(EXISTS (SELECT 1 FROM ${sessionSpecialists} WHERE ${sessionSpecialists.sessionId} = ${sessions.id} AND ${sessionSpecialists.employeeId} = ANY(${uuidArray(ids)})
             AND ${sessionSpecialists.startsAt} > ${since.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${until.toISOString()}::timestamptz)
           OR ${sessions.roomId} = ANY(${uuidArray(roomIds)}))`,
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .limit(UPCOMING);
  if (rows.length === 0) return [];
  const team = await db
    .select({ sessionId: sessionSpecialists.sessionId, name: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}` })
    .from(sessionSpecialists)
    .innerJoin(employees, eq(employees.id, sessionSpecialists.employeeId))
    .where(
      inArray(
        sessionSpecialists.sessionId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    ...r,
    specialists: team
      .filter((t) => t.sessionId === r.id)
      .map((t) => t.name)
      .sort(),
  }));
}
