import { and, eq, isNull, sql } from "drizzle-orm";
import { employees, timesheetApprovals, timesheetLocks, units } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { publishWorkChange } from "@/server/realtime/publish";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { workloadLockEmployeeFn } from "@/server/db/sql-functions";
import { uuidArray } from "@/server/db/sql-helpers";
import { AppError, invalid } from "@/server/errors";
import { requireSheetUnit } from "./access";
import { assertMonth, monthOf, monthStart } from "./possible-hours";
import { sheetPeople } from "./sheet-people";
import type { DomainContext } from "@/server/domain-context";

/**
 * Approving a month's time sheet locks that month for every person it covers; the triggers of
 * db/functions/time_entries_guard.sql then refuse any write there. Both sides take the person's advisory lock
 * (workload_lock_employee), so an entry saved while the sheet is being approved either lands
 * before the approval or is refused after it, never silently after.
 */

/** Takes the people's workload locks in id order, so two approvals never wait on each other crosswise. */
async function lockPeople(tx: Tx, ids: string[]) {
  if (ids.length === 0) return;
  for (const employee of [...new Set(ids)].sort()) await workloadLockEmployeeFn(tx, { employee });
}

/** The friendly refusal before a write into an approved month (the trigger is the guarantee). */
export async function assertMonthOpen(tx: Tx, employeeId: string, month: string, field: string) {
  await lockPeople(tx, [employeeId]);
  const [row] = await tx
    .select({ id: timesheetLocks.employeeId })
    .from(timesheetLocks)
    .where(and(eq(timesheetLocks.employeeId, employeeId), eq(timesheetLocks.month, monthStart(month))));
  if (row)
    throw new AppError("MONTH_LOCKED", "errors.monthApproved", `The time sheet of ${month} is approved`, { field, params: { month } });
}

/** The open approval of a unit's month, with who approved it. */
export async function openApproval(db: DbOrTx, unitId: string, month: string) {
  const [row] = await db
    .select({
      id: timesheetApprovals.id,
      approvedAt: timesheetApprovals.approvedAt,
      approvedBy: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
    })
    .from(timesheetApprovals)
    .leftJoin(employees, eq(employees.id, timesheetApprovals.approvedBy))
    .where(
      and(eq(timesheetApprovals.unitId, unitId), eq(timesheetApprovals.month, monthStart(month)), isNull(timesheetApprovals.reopenedAt)),
    );
  return row ?? null;
}

/** Approves the month for the unit subtree: locks it for each of its people not locked yet. */
export async function approveSheet({ db, actor, ip }: DomainContext<Db>, input: { unitId: string; month: string }) {
  assertMonth(input.month);
  if (input.month > monthOf()) throw invalid("month", "errors.sheetFutureMonth", "A month can be approved once it has begun");
  const approved = await db.transaction(async (tx) => {
    const { unit, subtree } = await requireSheetUnit({ db: tx, actor, ip }, { unitId: input.unitId, action: "manage" });
    const people = (await sheetPeople(tx, subtree, input.month)).sort();
    await lockPeople(tx, people);
    const already = new Set(
      (
        await tx
          .select({ id: timesheetLocks.employeeId })
          .from(timesheetLocks)
          .where(
            sql`${timesheetLocks.month} = ${monthStart(input.month)}::date AND ${timesheetLocks.employeeId} = ANY(${uuidArray(people)})`,
          )
      ).map((r) => r.id),
    );
    const toLock = people.filter((id) => !already.has(id));
    if (toLock.length === 0) {
      throw new AppError("CONFLICT", "errors.sheetAlreadyApproved", "This month is already approved for everyone in the unit", {
        field: "month",
        params: { month: input.month },
      });
    }
    const [approval] = await tx
      .insert(timesheetApprovals)
      .values({ unitId: unit.id, month: monthStart(input.month), approvedBy: actor.employeeId })
      .returning({ id: timesheetApprovals.id });
    await tx
      .insert(timesheetLocks)
      .values(toLock.map((employeeId) => ({ employeeId, month: monthStart(input.month), approvalId: approval!.id })));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "timesheet.approve",
      targetType: "unit",
      targetId: unit.id,
      ip,
      details: { unit: unit.name, month: input.month, people: toLock.length },
    });
    return { approvalId: approval!.id, locked: toLock };
  });
  publishWorkChange("timesheet.approve", approved.locked);
  return { approvalId: approved.approvalId, locked: approved.locked.length };
}

/** Re-opens the unit's approved month: an audited exception, allowed to whoever may approve it. */
export async function reopenSheet({ db, actor, ip }: DomainContext<Db>, input: { unitId: string; month: string }) {
  assertMonth(input.month);
  const released = await db.transaction(async (tx) => {
    const { unit, subtree } = await requireSheetUnit({ db: tx, actor, ip }, { unitId: input.unitId, action: "manage" });
    const approval = await openApproval(tx, unit.id, input.month);
    if (!approval) {
      // Locked from a unit above? Then that is where it is re-opened.
      const people = await sheetPeople(tx, subtree, input.month);
      const [above] = people.length
        ? await tx
            .select({ name: units.name })
            .from(timesheetLocks)
            .innerJoin(timesheetApprovals, eq(timesheetApprovals.id, timesheetLocks.approvalId))
            .innerJoin(units, eq(units.id, timesheetApprovals.unitId))
            .where(
              sql`${timesheetLocks.month} = ${monthStart(input.month)}::date AND ${timesheetLocks.employeeId} = ANY(${uuidArray(people)})`,
            )
            .limit(1)
        : [];
      if (above)
        throw new AppError("CONFLICT", "errors.sheetApprovedAbove", `The month was approved for ${above.name}`, {
          field: "month",
          params: { unit: above.name },
        });
      throw new AppError("CONFLICT", "errors.sheetNotApproved", "This month is not approved", {
        field: "month",
        params: { month: input.month },
      });
    }
    const [row] = await tx
      .update(timesheetApprovals)
      .set({ reopenedAt: new Date(), reopenedBy: actor.employeeId })
      .where(and(eq(timesheetApprovals.id, approval.id), isNull(timesheetApprovals.reopenedAt)))
      .returning({ id: timesheetApprovals.id });
    if (!row) throw new AppError("CONFLICT", "errors.retry", "Someone re-opened it at the same time");
    const released = await tx
      .delete(timesheetLocks)
      .where(eq(timesheetLocks.approvalId, approval.id))
      .returning({ id: timesheetLocks.employeeId });
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "timesheet.reopen",
      targetType: "unit",
      targetId: unit.id,
      ip,
      details: { unit: unit.name, month: input.month, people: released.length, approvedAt: approval.approvedAt.toISOString() },
    });
    return released.map((r) => r.id);
  });
  publishWorkChange("timesheet.reopen", released);
  return { released: released.length };
}
