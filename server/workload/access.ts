import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { employees, employeeUnits, units } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { AppError, forbidden, notFound } from "@/server/errors";
import { subtreeOf, type Actor } from "@/server/policy/actor";
import { scopeOf } from "@/server/policy/policy";
import { uuidArray } from "@/server/db/sql-helpers";
import type { DomainContext } from "@/server/domain-context";

/**
 * Who sees and manages whose workload: `own` is oneself, `unit` the people of the actor's unit
 * subtree (a head of a region reaches every team below), `all` everyone. Client data shown in
 * these views is filtered separately, by clientVisibility.
 */

export type WorkloadAction = "read" | "manage";
export type EmployeeTarget = { id: string; unitIds: string[] };

export function canOnWorkload(actor: Actor, action: WorkloadAction, target: EmployeeTarget): boolean {
  const scope = scopeOf(actor, "workload", action);
  if (!scope) return false;
  if (scope === "all" || target.id === actor.employeeId) return true;
  return scope === "unit" && target.unitIds.some((id) => actor.unitSubtree.has(id));
}

/** Logging general work: one's own with any workload permission, someone else's with manage. */
export function mayLogTimeFor(actor: Actor, target: EmployeeTarget): boolean {
  if (target.id === actor.employeeId) return scopeOf(actor, "workload", "read") !== null || scopeOf(actor, "workload", "manage") !== null;
  return canOnWorkload(actor, "manage", target);
}

/** The SQL twin of canOnWorkload, a condition on `employees`. */
export function workloadEmployees(actor: Actor, action: WorkloadAction): SQL {
  const scope = scopeOf(actor, "workload", action);
  if (!scope) return sql`false`;
  if (scope === "all") return sql`true`;
  const self = sql`${employees.id} = ${actor.employeeId}`;
  if (scope === "own" || actor.unitSubtree.size === 0) return self;
  return sql`(${self} OR EXISTS (SELECT 1 FROM ${employeeUnits} WHERE ${employeeUnits.employeeId} = ${employees.id} AND ${employeeUnits.unitId} = ANY(${uuidArray(actor.unitSubtree)})))`;
}

export type WorkloadPerson = { id: string; firstName: string; lastName: string; weeklyHours: number; active: boolean; unitIds: string[] };

export async function loadPerson(db: DbOrTx, employeeId: string): Promise<WorkloadPerson | null> {
  const [row] = await db.select().from(employees).where(eq(employees.id, employeeId));
  if (!row) return null;
  const memberships = await db.select({ unitId: employeeUnits.unitId }).from(employeeUnits).where(eq(employeeUnits.employeeId, employeeId));
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    weeklyHours: Number(row.weeklyHours),
    active: row.active,
    unitIds: memberships.map((m) => m.unitId),
  };
}

/** The person, when the actor may `action` their workload; someone out of reach reads as not found. */
export async function requirePerson(
  { db, actor }: DomainContext,
  { employeeId, action }: { employeeId: string; action: WorkloadAction },
): Promise<WorkloadPerson> {
  const person = await loadPerson(db, employeeId);
  if (!person || !canOnWorkload(actor, "read", person)) throw notFound("employee");
  if (action === "manage" && !canOnWorkload(actor, "manage", person)) throw forbidden();
  return person;
}

/** The people whose workload the actor may read, for pickers: active ones, by name. */
export async function workloadPeople({ db, actor }: DomainContext) {
  const rows = await db
    .select({ id: employees.id, firstName: employees.firstName, lastName: employees.lastName })
    .from(employees)
    .where(and(eq(employees.active, true), workloadEmployees(actor, "read")))
    .orderBy(asc(employees.lastName), asc(employees.firstName));
  return rows;
}

/** Units whose time sheet the actor may take: all of them, or the subtree of their own units. */
export async function sheetUnits({ db, actor }: DomainContext, { action = "read" }: { action?: WorkloadAction } = {}) {
  const scope = scopeOf(actor, "workload", action);
  if (scope !== "all" && scope !== "unit") return [];
  const rows = await db
    .select({ id: units.id, name: units.name, nameEn: units.nameEn, parentId: units.parentId })
    .from(units)
    .orderBy(asc(units.name));
  return scope === "all" ? rows : rows.filter((u) => actor.unitSubtree.has(u.id));
}

/** The unit and its subtree, when the actor's scope covers the unit. */
export async function requireSheetUnit({ db, actor }: DomainContext, { unitId, action }: { unitId: string; action: WorkloadAction }) {
  const scope = scopeOf(actor, "workload", action);
  const tree = await db.select({ id: units.id, parentId: units.parentId, name: units.name, nameEn: units.nameEn }).from(units);
  const unit = tree.find((u) => u.id === unitId);
  if (!unit) throw notFound("unit");
  if (scope !== "all" && !(scope === "unit" && actor.unitSubtree.has(unitId))) {
    throw new AppError("FORBIDDEN", "errors.forbidden", "Your scope does not reach this unit");
  }
  return { unit: { id: unit.id, name: unit.name, nameEn: unit.nameEn }, subtree: subtreeOf([unitId], tree) };
}
