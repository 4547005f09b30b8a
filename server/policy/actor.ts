import { and, eq, inArray } from "drizzle-orm";
import { employeeRoles, employees, employeeUnits, rolePermissions, units } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { permissionKey, widerScope, type Scope } from "./permissions";

/** Everything the policy needs to know about the person acting. */
export type Actor = {
  employeeId: string;
  personalCode: string;
  firstName: string;
  lastName: string;
  /** resource:action -> widest scope granted by any of the person's roles */
  permissions: ReadonlyMap<string, Scope>;
  memberUnitIds: ReadonlySet<string>;
  headedUnitIds: ReadonlySet<string>;
  /** The subtrees of the units the person belongs to or heads (scope `unit`). */
  unitSubtree: ReadonlySet<string>;
  /** The subtrees of the units the person heads (a head sees the clients below). */
  headedSubtree: ReadonlySet<string>;
};

export type UnitEdge = { id: string; parentId: string | null };

/** All units below (and including) the roots. */
export function subtreeOf(roots: Iterable<string>, tree: UnitEdge[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of tree) {
    if (!u.parentId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u.id);
    children.set(u.parentId, list);
  }
  const result = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

/** Loads an ACTIVE employee as an actor; null for unknown or inactive people. */
export async function loadActor(db: DbOrTx, employeeId: string): Promise<Actor | null> {
  const [person] = await db
    .select()
    .from(employees)
    .where(and(eq(employees.id, employeeId), eq(employees.active, true)));
  if (!person) return null;
  const [perms, memberships, tree] = await Promise.all([
    db
      .select({ resource: rolePermissions.resource, action: rolePermissions.action, scope: rolePermissions.scope })
      .from(employeeRoles)
      .innerJoin(rolePermissions, eq(rolePermissions.roleId, employeeRoles.roleId))
      .where(eq(employeeRoles.employeeId, employeeId)),
    db.select({ unitId: employeeUnits.unitId }).from(employeeUnits).where(eq(employeeUnits.employeeId, employeeId)),
    db.select({ id: units.id, parentId: units.parentId, headEmployeeId: units.headEmployeeId }).from(units),
  ]);
  const permissions = new Map<string, Scope>();
  for (const p of perms) {
    const key = permissionKey(p.resource, p.action);
    permissions.set(key, widerScope(permissions.get(key), p.scope as Scope));
  }
  const memberUnitIds = new Set(memberships.map((m) => m.unitId));
  const headedUnitIds = new Set(tree.filter((u) => u.headEmployeeId === employeeId).map((u) => u.id));
  return {
    employeeId,
    personalCode: person.personalCode,
    firstName: person.firstName,
    lastName: person.lastName,
    permissions,
    memberUnitIds,
    headedUnitIds,
    unitSubtree: subtreeOf([...memberUnitIds, ...headedUnitIds], tree),
    headedSubtree: subtreeOf(headedUnitIds, tree),
  };
}

export async function findActiveEmployeeByCode(db: DbOrTx, personalCode: string) {
  const [row] = await db
    .select({ id: employees.id, active: employees.active })
    .from(employees)
    .where(eq(employees.personalCode, personalCode));
  return row;
}

export async function employeeUnitIds(db: DbOrTx, ids: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  const rows = await db.select().from(employeeUnits).where(inArray(employeeUnits.employeeId, ids));
  for (const r of rows) result.set(r.employeeId, [...(result.get(r.employeeId) ?? []), r.unitId]);
  return result;
}
