import { and, asc, eq, gte, lt, ne, sql } from "drizzle-orm";
import { timeEntries, workTypes } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { recordAudit } from "@/server/audit/audit";
import { publishWorkChange } from "@/server/realtime/publish";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { loadPerson, mayLogTimeFor, requirePerson } from "./access";
import { round2 } from "./figures";
import { assertMonthOpen } from "./locks";
import { assertMonth, monthOfDay, monthStart, nextMonthStart } from "./possible-hours";
import { unitsUpFrom } from "./work-types";
import type { DomainContext } from "@/server/domain-context";
import { decimalText } from "@/lib/format";

/**
 * General work logged by the person (date, type, hours, note). People correct their own
 * entries until the month's sheet is approved; managers may correct those of their people.
 * The checks here word the refusal; the trigger of db/functions/time_entries_guard.sql refuses the same whatever writes.
 */

export type TimeEntryInput = { employeeId: string; workTypeId: string; workDate: string; hours: number; note: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (d: string) => DATE.test(d) && addDays(d, 0) === d;

export async function listTimeEntries({ db, actor }: DomainContext, { employeeId, month }: { employeeId: string; month: string }) {
  assertMonth(month);
  await requirePerson({ db, actor, ip: null }, { employeeId, action: "read" });
  const rows = await db
    .select({
      id: timeEntries.id,
      workDate: timeEntries.workDate,
      workTypeId: timeEntries.workTypeId,
      typeName: workTypes.name,
      typeNameEn: workTypes.nameEn,
      hours: timeEntries.hours,
      note: timeEntries.note,
    })
    .from(timeEntries)
    .innerJoin(workTypes, eq(workTypes.id, timeEntries.workTypeId))
    .where(
      and(
        eq(timeEntries.employeeId, employeeId),
        gte(timeEntries.workDate, monthStart(month)),
        lt(timeEntries.workDate, nextMonthStart(month)),
      ),
    )
    .orderBy(asc(timeEntries.workDate), asc(timeEntries.createdAt));
  return rows.map((r) => ({ ...r, hours: Number(r.hours) }));
}

function validate(input: TimeEntryInput) {
  if (!realDate(input.workDate)) throw invalid("workDate", "errors.workDateInvalid", "Enter a valid date");
  if (!Number.isFinite(input.hours)) throw invalid("hours", "errors.workHoursRange", "Hours must be more than 0 and at most 24");
  if (input.hours <= 0 || input.hours > 24) throw invalid("hours", "errors.workHoursRange", "Hours must be more than 0 and at most 24");
  if (Math.round(input.hours * 100) !== input.hours * 100)
    throw invalid("hours", "errors.workHoursPrecision", "Hours to the hundredth at most");
  if (input.note.length > 2000) throw invalid("note", "errors.workNoteTooLong", "The note is too long");
}

/** The person's target, when the actor may log time for them. */
async function requireLogger(tx: DbOrTx, actor: Actor, employeeId: string) {
  const person = await loadPerson(tx, employeeId);
  if (!person) throw notFound("employee");
  if (!mayLogTimeFor(actor, person)) throw forbidden();
  if (!person.active) throw invalid("employeeId", "errors.employeeInactive", "The employee is not active");
  return person;
}

async function assertTypeFor(tx: Tx, employeeId: string, workTypeId: string) {
  const [type] = await tx.select().from(workTypes).where(eq(workTypes.id, workTypeId));
  if (!type || !type.active) throw invalid("workTypeId", "errors.workTypeMissing", "Choose a work type in use");
  if (type.unitId && !(await unitsUpFrom(tx, employeeId)).includes(type.unitId)) {
    throw invalid("workTypeId", "errors.workTypeOtherUnit", "The work type belongs to another unit");
  }
}

async function assertDayRoom(tx: Tx, input: TimeEntryInput, exceptId: string | null) {
  const [row] = await tx
    .select({ used: sql<string>`coalesce(sum(${timeEntries.hours}), 0)` })
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.employeeId, input.employeeId),
        eq(timeEntries.workDate, input.workDate),
        exceptId ? ne(timeEntries.id, exceptId) : undefined,
      ),
    );
  const used = Number(row?.used ?? 0);
  if (used + input.hours > 24) {
    throw invalid("hours", "errors.workDayOver24", `${input.workDate} already has ${used} h; a day holds at most 24`, {
      used,
      asked: input.hours,
      left: round2(Math.max(0, 24 - used)),
      date: input.workDate,
    });
  }
}

/** Adds (id null) or corrects an entry. */
export async function saveTimeEntry({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & TimeEntryInput) {
  validate(input);
  const saved = await db.transaction(async (tx) => {
    let before: typeof timeEntries.$inferSelect | undefined;
    if (id) {
      [before] = await tx.select().from(timeEntries).where(eq(timeEntries.id, id)).for("update");
      if (!before) throw notFound("time entry");
      // Moving an entry to someone else is not a correction: the owner stays.
      if (before.employeeId !== input.employeeId) throw invalid("employeeId", "errors.workEntryOwner", "An entry stays with its person");
      await requireLogger(tx, actor, before.employeeId);
      await assertMonthOpen(tx, before.employeeId, monthOfDay(before.workDate), "workDate");
    } else {
      await requireLogger(tx, actor, input.employeeId);
    }
    await assertMonthOpen(tx, input.employeeId, monthOfDay(input.workDate), "workDate");
    if (!before || before.workTypeId !== input.workTypeId) await assertTypeFor(tx, input.employeeId, input.workTypeId);
    await assertDayRoom(tx, input, id);
    const values = { workTypeId: input.workTypeId, workDate: input.workDate, hours: decimalText(input.hours), note: input.note.trim() };
    let entryId = id;
    if (id) {
      await tx.update(timeEntries).set(values).where(eq(timeEntries.id, id));
    } else {
      const [row] = await tx
        .insert(timeEntries)
        .values({ ...values, employeeId: input.employeeId, createdBy: actor.employeeId })
        .returning({ id: timeEntries.id });
      entryId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "time_entry.update" : "time_entry.create",
      targetType: "employee",
      targetId: input.employeeId,
      ip,
      details: {
        entryId,
        ...values,
        ...(before ? { before: { workTypeId: before.workTypeId, workDate: before.workDate, hours: before.hours } } : {}),
      },
    });
    return { id: entryId! };
  });
  publishWorkChange(id ? "time_entry.update" : "time_entry.create", [input.employeeId]);
  return saved;
}

export async function deleteTimeEntry({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  const employeeId = await db.transaction(async (tx) => {
    const [entry] = await tx.select().from(timeEntries).where(eq(timeEntries.id, id)).for("update");
    if (!entry) throw notFound("time entry");
    const person = await loadPerson(tx, entry.employeeId);
    if (!person || !mayLogTimeFor(actor, person)) throw notFound("time entry");
    await assertMonthOpen(tx, entry.employeeId, monthOfDay(entry.workDate), "workDate");
    await tx.delete(timeEntries).where(eq(timeEntries.id, id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "time_entry.delete",
      targetType: "employee",
      targetId: entry.employeeId,
      ip,
      details: { entryId: id, workTypeId: entry.workTypeId, workDate: entry.workDate, hours: entry.hours },
    });
    return entry.employeeId;
  });
  publishWorkChange("time_entry.delete", [employeeId]);
}
