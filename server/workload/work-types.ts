import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { units, workTypes } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { uuidArray } from "@/server/db/sql-helpers";
import { forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { scopeOf } from "@/server/policy/policy";
import { requirePerson } from "./access";
import type { DomainContext } from "@/server/domain-context";

/**
 * General work types (üldtöö liigid): managers define them for their units, or institution-wide
 * with an institution-wide scope. A unit's type is for the people of that unit and the units
 * below it. Types are retired, never deleted: past entries keep their names.
 */

/** `nameEn`: the name in the English UI; omitted or empty, the English UI shows `name`. */
export type WorkTypeInput = { name: string; nameEn?: string; unitId: string | null; active: boolean };

/** May the actor define types for this unit (null: for the whole institution)? */
function mayManageTypesOf(actor: Actor, unitId: string | null): boolean {
  const scope = scopeOf(actor, "workload", "manage");
  if (scope === "all") return true;
  if (scope !== "unit" || unitId === null) return false;
  return actor.unitSubtree.has(unitId);
}

/** Units a person's types come from: their own units and every unit above them. */
export async function unitsUpFrom(db: DbOrTx, employeeId: string): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE up AS (
      SELECT u.id, u.parent_id FROM units u JOIN employee_units eu ON eu.unit_id = u.id WHERE eu.employee_id = ${employeeId}
      UNION SELECT p.id, p.parent_id FROM units p JOIN up ON p.id = up.parent_id)
    SELECT id FROM up`);
  return [...rows].map((r) => r.id);
}

/** The active types a person may log time under. */
export async function typesFor(db: DbOrTx, employeeId: string) {
  const reach = await unitsUpFrom(db, employeeId);
  return db
    .select({ id: workTypes.id, name: workTypes.name, nameEn: workTypes.nameEn, unitId: workTypes.unitId, unitName: units.name })
    .from(workTypes)
    .leftJoin(units, eq(units.id, workTypes.unitId))
    .where(and(eq(workTypes.active, true), or(isNull(workTypes.unitId), sql`${workTypes.unitId} = ANY(${uuidArray(reach)})`)))
    .orderBy(asc(workTypes.name));
}

/** The types a person may log under, for someone who may see that person's workload. */
export async function typesForPerson({ db, actor }: DomainContext, { employeeId }: { employeeId: string }) {
  await requirePerson({ db, actor, ip: null }, { employeeId, action: "read" });
  return typesFor(db, employeeId);
}

/** Types for the managers' list: the institution's and those of the units in the actor's reach. */
export async function listWorkTypes({ db, actor }: DomainContext) {
  const rows = await db
    .select({
      id: workTypes.id,
      name: workTypes.name,
      nameEn: workTypes.nameEn,
      unitId: workTypes.unitId,
      unitName: units.name,
      unitNameEn: units.nameEn,
      active: workTypes.active,
    })
    .from(workTypes)
    .leftJoin(units, eq(units.id, workTypes.unitId))
    .orderBy(sql`${units.name} NULLS FIRST`, asc(workTypes.name));
  const scope = scopeOf(actor, "workload", "read");
  const types = rows
    .filter((r) => scope === "all" || r.unitId === null || actor.unitSubtree.has(r.unitId))
    .map((r) => ({ ...r, canManage: mayManageTypesOf(actor, r.unitId) }));
  return { types, ...newTypeChoices(actor) };
}

/**
 * Where the actor may define a new type, by the check saveWorkType runs: the whole institution
 * and/or these units (null: every unit). `mayAdd` is false when there is nowhere, so the page
 * offers no "Lisa liik" that could only be refused.
 */
export function newTypeChoices(actor: Actor): { mayAdd: boolean; forInstitution: boolean; unitIds: string[] | null } {
  const scope = scopeOf(actor, "workload", "manage");
  if (scope === "all") return { mayAdd: true, forInstitution: true, unitIds: null };
  const unitIds = scope === "unit" ? [...actor.unitSubtree].filter((id) => mayManageTypesOf(actor, id)) : [];
  return { mayAdd: unitIds.length > 0, forInstitution: false, unitIds };
}

export async function saveWorkType({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & WorkTypeInput) {
  const name = input.name.trim();
  const nameEn = (input.nameEn ?? "").trim();
  if (!name) throw invalid("name", "errors.required", "The work type needs a name");
  if (name.length > 100) throw invalid("name", "errors.workTypeNameTooLong", "At most 100 characters");
  if (nameEn.length > 100) throw invalid("nameEn", "errors.workTypeNameTooLong", "At most 100 characters");
  if (!scopeOf(actor, "workload", "manage")) throw forbidden();
  if (!mayManageTypesOf(actor, input.unitId)) {
    if (input.unitId === null)
      throw invalid("unitId", "errors.workTypeInstitutionScope", "Only an institution-wide manager defines types for everyone");
    throw forbidden();
  }
  return db.transaction(async (tx) => {
    if (input.unitId) {
      const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
      if (!unit) throw invalid("unitId", "errors.workTypeUnitMissing", "The unit does not exist");
    }
    let typeId = id;
    if (id) {
      const [current] = await tx.select().from(workTypes).where(eq(workTypes.id, id)).for("update");
      if (!current) throw notFound("work type");
      if (!mayManageTypesOf(actor, current.unitId)) throw forbidden();
      await tx.update(workTypes).set({ name, nameEn, unitId: input.unitId, active: input.active }).where(eq(workTypes.id, id));
    } else {
      const [row] = await tx
        .insert(workTypes)
        .values({ name, nameEn, unitId: input.unitId, active: input.active, createdBy: actor.employeeId })
        .returning({ id: workTypes.id });
      typeId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "work_type.update" : "work_type.create",
      targetType: "work_type",
      targetId: typeId,
      ip,
      details: { name, nameEn, unitId: input.unitId, active: input.active },
    });
    return { id: typeId! };
  });
}
