import { and, asc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { clients, employees, services, sessionParticipants, sessions, sessionSpecialists, timeEntries, workTypes } from "@/db/schema";
import { rolesHolding } from "@/server/org/roles";
import { clientVisibility } from "@/server/policy/client-scope";
import { scopeOf } from "@/server/policy/policy";
import { rooms as liveRoom } from "@/server/realtime/rooms";
import { requirePerson, requireSheetUnit, workloadEmployees } from "./access";
import { liveRoomsOf } from "./dashboard";
import { effectivePossible, generalHours, lockedPeople, overrides, round2, SESSION_HOURS, sessionHours } from "./figures";
import { openApproval } from "./locks";
import { assertMonth, monthOf, monthRange, monthStart, nextMonthStart } from "./possible-hours";
import { peopleNotCounted, sheetPeople } from "./sheet-people";
import type { DomainContext } from "@/server/domain-context";

/**
 * Time accounting (tööaja arvestus) of a month: for each person, the hours of DONE client
 * sessions by service and of general work by type, their total, the possible hours and the
 * difference. Taken for a unit subtree, or without one for everyone the viewer may see (a
 * specialist: only themself).
 */

export type SheetRow = {
  employeeId: string;
  name: string;
  services: Record<string, number>;
  types: Record<string, number>;
  sessionHours: number;
  generalHours: number;
  total: number;
  possible: number;
  difference: number;
  locked: boolean;
  /** Counted in time accounting; a person left out still shows while they have hours in the month. */
  counted: boolean;
};
export type SheetTotals = Omit<SheetRow, "employeeId" | "name" | "locked" | "counted">;
export type Sheet = Awaited<ReturnType<typeof timeSheet>>;

export async function timeSheet({ db, actor }: DomainContext, input: { unitId: string | null; month: string }) {
  assertMonth(input.month);
  const scoped = input.unitId ? await requireSheetUnit({ db, actor, ip: null }, { unitId: input.unitId, action: "read" }) : null;
  const who = scoped ? scoped.subtree : workloadEmployees(actor, "read");
  const ids = await sheetPeople(db, who, input.month);
  const [people, done, general, override, locked, approval, notCounted] = await Promise.all([
    ids.length
      ? db
          .select({
            id: employees.id,
            firstName: employees.firstName,
            lastName: employees.lastName,
            weeklyHours: employees.weeklyHours,
            counted: employees.timeAccounted,
          })
          .from(employees)
          .where(inArray(employees.id, ids))
          .orderBy(asc(employees.lastName), asc(employees.firstName))
      : [],
    sessionHours(db, ids, input.month, ["done"]),
    generalHours(db, ids, input.month),
    overrides(db, ids, input.month),
    lockedPeople(db, ids, input.month),
    scoped ? openApproval(db, scoped.unit.id, input.month) : null,
    peopleNotCounted(db, who, ids),
  ]);
  const serviceIds = [...new Set(done.map((d) => d.serviceId))];
  const typeIds = [...new Set(general.map((g) => g.workTypeId))];
  const [serviceRows, typeRows] = await Promise.all([
    serviceIds.length
      ? db
          .select({ id: services.id, code: services.code, nameEt: services.nameEt, nameEn: services.nameEn })
          .from(services)
          .where(inArray(services.id, serviceIds))
          .orderBy(asc(services.code))
      : [],
    typeIds.length
      ? db
          .select({ id: workTypes.id, name: workTypes.name, nameEn: workTypes.nameEn })
          .from(workTypes)
          .where(inArray(workTypes.id, typeIds))
          .orderBy(asc(workTypes.name))
      : [],
  ]);
  const rows: SheetRow[] = people.map((p) => {
    const byService: Record<string, number> = {};
    for (const d of done.filter((x) => x.employeeId === p.id)) byService[d.serviceId] = round2((byService[d.serviceId] ?? 0) + d.hours);
    const byType: Record<string, number> = {};
    for (const g of general.filter((x) => x.employeeId === p.id)) byType[g.workTypeId] = round2((byType[g.workTypeId] ?? 0) + g.hours);
    const sessionTotal = round2(Object.values(byService).reduce((a, h) => a + h, 0));
    const generalTotal = round2(Object.values(byType).reduce((a, h) => a + h, 0));
    const possible = effectivePossible(input.month, Number(p.weeklyHours), override.get(p.id));
    const total = round2(sessionTotal + generalTotal);
    return {
      employeeId: p.id,
      name: `${p.lastName}, ${p.firstName}`,
      services: byService,
      types: byType,
      sessionHours: sessionTotal,
      generalHours: generalTotal,
      total,
      possible,
      difference: round2(total - possible),
      locked: locked.has(p.id),
      counted: p.counted,
    };
  });
  const sum = (pick: (r: SheetRow) => number) => round2(rows.reduce((a, r) => a + pick(r), 0));
  const totals: SheetTotals = {
    services: Object.fromEntries(serviceIds.map((id) => [id, sum((r) => r.services[id] ?? 0)])),
    types: Object.fromEntries(typeIds.map((id) => [id, sum((r) => r.types[id] ?? 0)])),
    sessionHours: sum((r) => r.sessionHours),
    generalHours: sum((r) => r.generalHours),
    total: sum((r) => r.total),
    possible: sum((r) => r.possible),
    difference: sum((r) => r.difference),
  };
  const manage = scopeOf(actor, "workload", "manage");
  const mayManageUnit = Boolean(scoped && (manage === "all" || (manage === "unit" && actor.unitSubtree.has(scoped.unit.id))));
  const allLocked = rows.length > 0 && rows.every((r) => r.locked);
  return {
    month: input.month,
    unit: scoped?.unit ?? null,
    services: serviceRows,
    types: typeRows,
    rows,
    totals,
    approval: { approved: allLocked, lockedCount: rows.filter((r) => r.locked).length, own: approval },
    canApprove: mayManageUnit && !allLocked && rows.length > 0 && input.month <= monthOf(),
    canReopen: mayManageUnit && approval !== null,
    // Instead of the buttons, for a unit's sheet the viewer may read but not approve: who may.
    whoApproves: scoped && !mayManageUnit && rows.length > 0 ? await rolesHolding(db, "workload", "manage") : null,
    // Active people of the unit left out of time accounting (without hours this month), and whether
    // the viewer may change who is counted: whoever manages the workload of everyone on the sheet.
    notCounted,
    canChangeCounted: scoped ? mayManageUnit : manage === "all" || (manage === "unit" && scopeOf(actor, "workload", "read") === "unit"),
    // A unit's room hears of every session and every piece of work of the people under it.
    liveRooms: scoped
      ? [liveRoom.dashboard(scoped.unit.id)]
      : await liveRoomsOf({ db, actor, ip: null }, { scope: scopeOf(actor, "workload", "read") ?? "own", work: true }),
  };
}

/** What one person's line of the sheet is made of: the done sessions and the general work. */
export async function sheetDetails({ db, actor }: DomainContext, input: { employeeId: string; month: string }) {
  assertMonth(input.month);
  const person = await requirePerson({ db, actor, ip: null }, { employeeId: input.employeeId, action: "read" });
  const { from, to } = monthRange(input.month);
  const visible = clientVisibility(actor, "read");
  const [sessionRows, entries] = await Promise.all([
    db
      .select({
        id: sessions.id,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
        hours: sql<string>`round(${SESSION_HOURS}, 2)`,
        serviceCode: services.code,
        serviceEt: services.nameEt,
        serviceEn: services.nameEn,
        clients: sql<string[]>`coalesce((SELECT array_agg(${clients.firstName} || ' ' || ${clients.lastName} ORDER BY ${clients.lastName})
        FROM ${sessionParticipants} JOIN ${clients} ON ${clients.id} = ${sessionParticipants.clientId}
        WHERE ${sessionParticipants.sessionId} = ${sessions.id} AND ${visible}), '{}')`,
        hiddenClients: sql<number>`(SELECT count(*)::int FROM ${sessionParticipants} JOIN ${clients} ON ${clients.id} = ${sessionParticipants.clientId}
        WHERE ${sessionParticipants.sessionId} = ${sessions.id} AND (${visible}) IS NOT TRUE)`,
      })
      .from(sessionSpecialists)
      .innerJoin(sessions, eq(sessions.id, sessionSpecialists.sessionId))
      .innerJoin(services, eq(services.id, sessions.serviceId))
      .where(
        and(
          eq(sessionSpecialists.employeeId, person.id),
          eq(sessions.status, "done"),
          gte(sessionSpecialists.startsAt, from),
          lt(sessionSpecialists.startsAt, to),
        ),
      )
      .orderBy(asc(sessions.startsAt)),
    db
      .select({
        id: timeEntries.id,
        workDate: timeEntries.workDate,
        hours: timeEntries.hours,
        note: timeEntries.note,
        type: workTypes.name,
        typeEn: workTypes.nameEn,
      })
      .from(timeEntries)
      .innerJoin(workTypes, eq(workTypes.id, timeEntries.workTypeId))
      .where(
        and(
          eq(timeEntries.employeeId, person.id),
          gte(timeEntries.workDate, monthStart(input.month)),
          lt(timeEntries.workDate, nextMonthStart(input.month)),
        ),
      )
      .orderBy(asc(timeEntries.workDate), asc(timeEntries.createdAt)),
  ]);
  return {
    employee: { id: person.id, name: `${person.firstName} ${person.lastName}` },
    sessions: sessionRows.map((s) => ({ ...s, hours: Number(s.hours) })),
    entries: entries.map((e) => ({ ...e, hours: Number(e.hours) })),
  };
}
