import { count, eq, sql } from "drizzle-orm";
import { clientUnits, employees, employeeUnits, units } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { invalidateActors } from "@/server/auth/actor-cache";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { subtreeOf, type Actor } from "@/server/policy/actor";
import { canOnUnit } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

/** `nameEn`: the name in the English UI; omitted or empty, the English UI shows `name`. */
export type UnitInput = { name: string; nameEn?: string; parentId: string | null; headEmployeeId: string | null };

export async function listUnits({ db, actor }: DomainContext) {
  const rows = await db
    .select({
      id: units.id,
      name: units.name,
      nameEn: units.nameEn,
      parentId: units.parentId,
      headEmployeeId: units.headEmployeeId,
      headName: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
      memberCount: sql<number>`(SELECT count(*)::int FROM ${employeeUnits} WHERE ${employeeUnits.unitId} = ${units.id})`,
    })
    .from(units)
    .leftJoin(employees, eq(employees.id, units.headEmployeeId))
    .orderBy(units.name);
  return rows.filter((u) => canOnUnit(actor, "read", u.id)).map((u) => ({ ...u, canManage: canOnUnit(actor, "manage", u.id) }));
}

async function assertParentAllowed(db: DbOrTx, actor: Actor, unitId: string | null, parentId: string | null) {
  if (!canOnUnit(actor, "manage", parentId)) throw forbidden();
  if (parentId === null) return;
  const [parent] = await db.select({ id: units.id }).from(units).where(eq(units.id, parentId));
  if (!parent) throw invalid("parentId", "errors.unitParentMissing", "The parent unit does not exist");
  if (unitId) {
    const tree = await db.select({ id: units.id, parentId: units.parentId }).from(units);
    if (subtreeOf([unitId], tree).has(parentId)) {
      throw invalid("parentId", "errors.unitCycle", "A unit cannot be moved under itself or its own sub-unit");
    }
  }
}

async function assertHeadExists(db: DbOrTx, headEmployeeId: string | null) {
  if (!headEmployeeId) return;
  const [head] = await db.select({ active: employees.active }).from(employees).where(eq(employees.id, headEmployeeId));
  if (!head) throw invalid("headEmployeeId", "errors.employeeMissing", "The employee does not exist");
  if (!head.active) throw invalid("headEmployeeId", "errors.employeeInactive", "The employee is not active");
}

export async function createUnit({ db, actor, ip }: DomainContext<Db>, input: UnitInput) {
  const id = await db.transaction(async (tx) => {
    await assertParentAllowed(tx, actor, null, input.parentId);
    await assertHeadExists(tx, input.headEmployeeId);
    const [row] = await tx
      .insert(units)
      .values({ ...input, name: input.name.trim(), nameEn: (input.nameEn ?? "").trim() })
      .returning({ id: units.id });
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "unit.create",
      targetType: "unit",
      targetId: row!.id,
      ip,
      details: { ...input },
    });
    return row!.id;
  });
  invalidateActors();
  return { id };
}

export async function updateUnit({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string } & UnitInput) {
  await db.transaction(async (tx) => {
    // The same lock the cycle trigger takes, taken first: two crossing moves then queue up and
    // the second one gets the cycle message instead of a deadlock.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('units_tree'))`);
    const [current] = await tx.select().from(units).where(eq(units.id, id)).for("update");
    if (!current || !canOnUnit(actor, "read", id)) throw notFound("unit");
    if (!canOnUnit(actor, "manage", id)) throw forbidden();
    if (input.parentId !== current.parentId) await assertParentAllowed(tx, actor, id, input.parentId);
    await assertHeadExists(tx, input.headEmployeeId);
    await tx
      .update(units)
      .set({ ...input, name: input.name.trim(), nameEn: (input.nameEn ?? "").trim() })
      .where(eq(units.id, id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "unit.update",
      targetType: "unit",
      targetId: id,
      ip,
      details: {
        before: { name: current.name, nameEn: current.nameEn, parentId: current.parentId, headEmployeeId: current.headEmployeeId },
        after: { ...input },
      },
    });
  });
  invalidateActors();
}

export async function deleteUnit({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(units).where(eq(units.id, id)).for("update");
    if (!current || !canOnUnit(actor, "read", id)) throw notFound("unit");
    if (!canOnUnit(actor, "manage", id)) throw forbidden();
    const [[children], [members], [clientsIn]] = await Promise.all([
      tx.select({ n: count() }).from(units).where(eq(units.parentId, id)),
      tx.select({ n: count() }).from(employeeUnits).where(eq(employeeUnits.unitId, id)),
      tx.select({ n: count() }).from(clientUnits).where(eq(clientUnits.unitId, id)),
    ]);
    if (children!.n > 0) {
      throw new AppError("CONFLICT", "errors.unitHasChildrenCount", `The unit still has ${children!.n} sub-units`, {
        params: { count: children!.n },
      });
    }
    if (members!.n + clientsIn!.n > 0) {
      throw new AppError(
        "CONFLICT",
        "errors.unitHasMembersCount",
        `The unit still has ${members!.n} employees and ${clientsIn!.n} clients`,
        {
          params: { employees: members!.n, clients: clientsIn!.n },
        },
      );
    }
    await tx.delete(units).where(eq(units.id, id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "unit.delete",
      targetType: "unit",
      targetId: id,
      ip,
      details: { name: current.name },
    });
  });
  invalidateActors();
}
