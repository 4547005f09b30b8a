import { and, eq, inArray, sql } from "drizzle-orm";
import {
  clients,
  possibleHoursOverrides,
  services,
  sessionParticipants,
  sessions,
  sessionSpecialists,
  units,
  employeeUnits,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import { mayBookFor } from "@/server/scheduling/guards";
import { canOnWorkload, mayLogTimeFor, requirePerson } from "./access";
import { generalHours, lockedPeople, OPEN_STATUSES, overrides, round2, SUMMED_SESSION_HOURS, sessionHours } from "./figures";
import { assertMonthOpen } from "./locks";
import { assertMonth, monthRange, monthStart, possibleHours } from "./possible-hours";
import type { DomainContext } from "@/server/domain-context";
import { decimalText } from "@/lib/format";

/**
 * The workload plan ("Töö sisestamine") of one person and month: possible hours against the
 * hours agreed (planned or agreed sessions), done, and logged as general work, by service and by
 * client. Client names appear only for clients the viewer may see; the rest are one line.
 */
export async function getWorkloadPlan({ db, actor }: DomainContext, { employeeId, month }: { employeeId: string; month: string }) {
  assertMonth(month);
  const person = await requirePerson({ db, actor, ip: null }, { employeeId, action: "read" });
  const ids = [employeeId];
  const [hours, general, override, locked, unitRows, byClient] = await Promise.all([
    sessionHours(db, ids, month, [...OPEN_STATUSES, "done"]),
    generalHours(db, ids, month),
    overrides(db, ids, month),
    lockedPeople(db, ids, month),
    db
      .select({ name: units.name })
      .from(employeeUnits)
      .innerJoin(units, eq(units.id, employeeUnits.unitId))
      .where(eq(employeeUnits.employeeId, employeeId)),
    hoursByClient(db, actor, employeeId, month),
  ]);
  const serviceRows = hours.length
    ? await db
        .select({ id: services.id, code: services.code, nameEt: services.nameEt, nameEn: services.nameEn })
        .from(services)
        .where(inArray(services.id, [...new Set(hours.map((h) => h.serviceId))]))
    : [];
  const byService = serviceRows
    .map((s) => {
      const mine = hours.filter((h) => h.serviceId === s.id);
      const agreed = mine.filter((h) => h.status !== "done");
      const done = mine.filter((h) => h.status === "done");
      return {
        ...s,
        agreedHours: round2(agreed.reduce((a, h) => a + h.hours, 0)),
        doneHours: round2(done.reduce((a, h) => a + h.hours, 0)),
        sessions: mine.reduce((a, h) => a + h.sessions, 0),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const computed = possibleHours(month, person.weeklyHours);
  const own = override.get(employeeId);
  const possible = own ? own.hours : computed.hours;
  const agreedHours = round2(byService.reduce((a, s) => a + s.agreedHours, 0));
  const doneHours = round2(byService.reduce((a, s) => a + s.doneHours, 0));
  const generalTotal = round2(general.reduce((a, g) => a + g.hours, 0));
  return {
    month,
    employee: {
      id: person.id,
      name: `${person.firstName} ${person.lastName}`,
      weeklyHours: person.weeklyHours,
      units: unitRows.map((u) => u.name).sort(),
    },
    possible: {
      hours: possible,
      computed: computed.hours,
      override: own ?? null,
      workingDays: computed.workingDays,
      holidays: computed.holidays,
      shortenedDays: computed.shortenedDays,
    },
    agreedHours,
    doneHours,
    generalHours: generalTotal,
    freeHours: round2(possible - agreedHours - doneHours - generalTotal),
    byService,
    ...byClient,
    locked: locked.has(employeeId),
    canManage: canOnWorkload(actor, "manage", person),
    canLog: mayLogTimeFor(actor, person),
    // The plan's "book" (with this specialist): what the booking itself checks first.
    mayBook: await mayBookFor({ db, actor, ip: null }, { specialistIds: [person.id] }),
  };
}

/** Hours with each client; a group session counts for each of its clients. Hidden clients come back as one line without names. */
async function hoursByClient(db: DbOrTx, actor: Actor, employeeId: string, month: string) {
  const { from, to } = monthRange(month);
  const visible = clientVisibility(actor, "read");
  const rows = await db
    .select({
      clientId: sql<string | null>`CASE WHEN ${visible} THEN ${clients.id} END`,
      name: sql<string | null>`CASE WHEN ${visible} THEN ${clients.firstName} || ' ' || ${clients.lastName} END`,
      realId: clients.id,
      status: sessions.status,
      hours: sql<string>`round(${SUMMED_SESSION_HOURS}, 2)`,
      sessions: sql<number>`count(*)::int`,
    })
    .from(sessionSpecialists)
    .innerJoin(sessions, eq(sessions.id, sessionSpecialists.sessionId))
    .innerJoin(sessionParticipants, eq(sessionParticipants.sessionId, sessions.id))
    .innerJoin(clients, eq(clients.id, sessionParticipants.clientId))
    .where(
      and(
        eq(sessionSpecialists.employeeId, employeeId),
        sql`${sessionSpecialists.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${to.toISOString()}::timestamptz`,
        inArray(sessions.status, [...OPEN_STATUSES, "done"]),
      ),
    )
    .groupBy(clients.id, sessions.status);
  type Line = { clientId: string | null; name: string | null; agreedHours: number; doneHours: number; sessions: number };
  const lines = new Map<string, Line>();
  const hidden = new Set<string>();
  for (const r of rows) {
    const key = r.clientId ?? "hidden";
    if (!r.clientId) hidden.add(r.realId);
    const line = lines.get(key) ?? { clientId: r.clientId, name: r.name, agreedHours: 0, doneHours: 0, sessions: 0 };
    if (r.status === "done") line.doneHours = round2(line.doneHours + Number(r.hours));
    else line.agreedHours = round2(line.agreedHours + Number(r.hours));
    line.sessions += r.sessions;
    lines.set(key, line);
  }
  const named = [...lines.values()].filter((l) => l.clientId).sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", "et"));
  const other = lines.get("hidden");
  return { byClient: other ? [...named, other] : named, hiddenClients: hidden.size };
}

/** Sets a month's possible hours by hand, or with null goes back to the computed figure. */
export async function setPossibleHours(
  { db, actor, ip }: DomainContext<Db>,
  input: { employeeId: string; month: string; hours: number | null; note: string },
) {
  assertMonth(input.month);
  if (input.hours !== null) {
    if (!Number.isFinite(input.hours)) throw invalid("possibleHours", "errors.possibleHoursInvalid", "Enter the hours as a number");
    if (input.hours < 0) throw invalid("possibleHours", "errors.possibleHoursNegative", "Possible hours cannot be below zero");
    if (input.hours > 744) throw invalid("possibleHours", "errors.possibleHoursTooMany", "A month has at most 744 hours");
  }
  if (input.note.length > 500) throw invalid("note", "errors.workNoteTooLong", "The note is too long");
  await db.transaction(async (tx) => {
    await requirePerson({ db: tx, actor, ip }, { employeeId: input.employeeId, action: "manage" });
    await assertMonthOpen(tx, input.employeeId, input.month, "possibleHours");
    const key = and(eq(possibleHoursOverrides.employeeId, input.employeeId), eq(possibleHoursOverrides.month, monthStart(input.month)));
    if (input.hours === null) {
      await tx.delete(possibleHoursOverrides).where(key);
    } else {
      const values = { hours: decimalText(input.hours), note: input.note.trim(), setBy: actor.employeeId, updatedAt: new Date() };
      await tx
        .insert(possibleHoursOverrides)
        .values({ employeeId: input.employeeId, month: monthStart(input.month), ...values })
        .onConflictDoUpdate({ target: [possibleHoursOverrides.employeeId, possibleHoursOverrides.month], set: values });
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: input.hours === null ? "possible_hours.clear" : "possible_hours.set",
      targetType: "employee",
      targetId: input.employeeId,
      ip,
      details: { month: input.month, hours: input.hours, note: input.note.trim() },
    });
  });
}
