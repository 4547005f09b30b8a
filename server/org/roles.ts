import { and, asc, count, eq, inArray } from "drizzle-orm";
import { employeeRoles, rolePermissions, roles } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { invalidateActors } from "@/server/auth/actor-cache";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import { isKnownPermission, type Permission } from "@/server/policy/permissions";
import type { DomainContext } from "@/server/domain-context";

export type RoleInput = { name: string; description: string; permissions: Permission[] };

export async function listRoles(db: DbOrTx) {
  const [all, perms, members] = await Promise.all([
    db.select().from(roles).orderBy(asc(roles.name)),
    db.select().from(rolePermissions),
    db.select({ roleId: employeeRoles.roleId, n: count() }).from(employeeRoles).groupBy(employeeRoles.roleId),
  ]);
  return all.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    permissions: perms.filter((p) => p.roleId === r.id).map(({ resource, action, scope }) => ({ resource, action, scope }) as Permission),
    memberCount: members.find((m) => m.roleId === r.id)?.n ?? 0,
  }));
}

/**
 * The names of the roles that grant resource:action in any scope: what a page says instead of a
 * button the viewer may not press ("the month is confirmed by: Raamatupidaja").
 */
export async function rolesHolding(db: DbOrTx, resource: string, action: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: roles.name })
    .from(roles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .where(and(eq(rolePermissions.resource, resource), eq(rolePermissions.action, action)))
    .orderBy(asc(roles.name));
  return rows.map((r) => r.name);
}

function validate(input: RoleInput) {
  if (!input.name.trim()) throw invalid("name", "errors.required", "The role needs a name");
  if (input.permissions.length === 0) {
    throw invalid("permissions", "errors.roleWithoutPermissions", "A role must grant at least one permission");
  }
  const seen = new Set<string>();
  for (const p of input.permissions) {
    if (!isKnownPermission(p)) {
      throw invalid("permissions", "errors.permissionUnknown", `Unknown permission ${p.resource}:${p.action} (${p.scope})`, {
        permission: `${p.resource}:${p.action}`,
      });
    }
    const key = `${p.resource}:${p.action}`;
    if (seen.has(key)) throw invalid("permissions", "errors.permissionTwice", `${key} is listed twice`, { permission: key });
    seen.add(key);
  }
}

export async function saveRole({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & RoleInput) {
  validate(input);
  const result = await db.transaction(async (tx) => {
    let roleId = id;
    if (id) {
      const updated = await tx
        .update(roles)
        .set({ name: input.name.trim(), description: input.description.trim() })
        .where(eq(roles.id, id))
        .returning({ id: roles.id });
      if (updated.length === 0) throw notFound("role");
      await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, id));
    } else {
      const [row] = await tx
        .insert(roles)
        .values({ name: input.name.trim(), description: input.description.trim() })
        .returning({ id: roles.id });
      roleId = row!.id;
    }
    await tx.insert(rolePermissions).values(input.permissions.map((p) => ({ roleId: roleId!, ...p })));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "role.update" : "role.create",
      targetType: "role",
      targetId: roleId,
      ip,
      details: { ...input },
    });
    return { id: roleId! };
  });
  invalidateActors();
  return result;
}

export async function deleteRole({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  await db.transaction(async (tx) => {
    const [role] = await tx.select().from(roles).where(eq(roles.id, id)).for("update");
    if (!role) throw notFound("role");
    const [members] = await tx.select({ n: count() }).from(employeeRoles).where(eq(employeeRoles.roleId, id));
    if (members!.n > 0) {
      throw new AppError("CONFLICT", "errors.roleInUseCount", `The role is still assigned to ${members!.n} employees`, {
        params: { count: members!.n },
      });
    }
    await tx.delete(roles).where(eq(roles.id, id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "role.delete",
      targetType: "role",
      targetId: id,
      ip,
      details: { name: role.name },
    });
  });
  invalidateActors();
}

/** The roles every installation starts with; administrators may change them afterwards. */
export const STANDARD_ROLES: { key: string; name: string; description: string; permissions: Permission[] }[] = [
  {
    key: "administrator",
    name: "Administraator",
    description: "Haldab asutuse seadeid, üksusi, rolle ja töötajaid; näeb logi.",
    permissions: [
      { resource: "employees", action: "read", scope: "all" },
      { resource: "employees", action: "manage", scope: "all" },
      { resource: "units", action: "read", scope: "all" },
      { resource: "units", action: "manage", scope: "all" },
      { resource: "roles", action: "read", scope: "all" },
      { resource: "roles", action: "manage", scope: "all" },
      { resource: "settings", action: "read", scope: "all" },
      { resource: "settings", action: "manage", scope: "all" },
      { resource: "audit", action: "read", scope: "all" },
      { resource: "clients", action: "export", scope: "all" },
      { resource: "clients", action: "delete", scope: "all" },
      { resource: "catalogue", action: "manage", scope: "all" },
      { resource: "sessions", action: "late_entry", scope: "all" },
      { resource: "employees", action: "credentials", scope: "all" },
    ],
  },
  {
    key: "manager",
    name: "Juht",
    description: "Üksuse juht: näeb oma üksuste kliente, töötajaid, koormust ja aruandeid.",
    permissions: [
      { resource: "clients", action: "read", scope: "unit" },
      { resource: "clients", action: "read_clinical", scope: "unit" },
      { resource: "clients", action: "update", scope: "unit" },
      { resource: "sessions", action: "read", scope: "unit" },
      { resource: "sessions", action: "book", scope: "unit" },
      { resource: "employees", action: "read", scope: "unit" },
      { resource: "employees", action: "manage", scope: "unit" },
      { resource: "units", action: "read", scope: "unit" },
      { resource: "workload", action: "read", scope: "unit" },
      { resource: "workload", action: "manage", scope: "unit" },
      { resource: "billing", action: "read", scope: "unit" },
      { resource: "reports", action: "read", scope: "unit" },
    ],
  },
  {
    key: "case_manager",
    name: "Juhtumikorraldaja",
    description: "Avab kliente, sisestab rahastusotsused ja juhtumiplaani, juhib kliendi meeskonda.",
    permissions: [
      { resource: "clients", action: "read", scope: "own" },
      { resource: "clients", action: "read_clinical", scope: "own" },
      { resource: "clients", action: "create", scope: "own" },
      { resource: "clients", action: "update", scope: "own" },
      { resource: "sessions", action: "read", scope: "own" },
      { resource: "sessions", action: "book", scope: "own" },
      { resource: "employees", action: "read", scope: "unit" },
      { resource: "units", action: "read", scope: "unit" },
      { resource: "workload", action: "read", scope: "own" },
    ],
  },
  {
    key: "specialist",
    name: "Spetsialist",
    description: "Broneerib ja teeb seansse oma klientidega, sisestab oma töö.",
    permissions: [
      { resource: "clients", action: "read", scope: "own" },
      { resource: "clients", action: "read_clinical", scope: "own" },
      { resource: "sessions", action: "read", scope: "own" },
      { resource: "sessions", action: "book", scope: "own" },
      { resource: "employees", action: "read", scope: "unit" },
      { resource: "units", action: "read", scope: "own" },
      { resource: "workload", action: "read", scope: "own" },
    ],
  },
  {
    key: "front_desk",
    name: "Klienditeenindaja",
    // Administrative data only (no clients:read_clinical): names, contacts and the calendar.
    description: "Registreerib kliente ja broneerib aegu oma üksuses; kliinilisi andmeid ei näe.",
    permissions: [
      { resource: "clients", action: "read", scope: "unit" },
      { resource: "clients", action: "create", scope: "unit" },
      { resource: "sessions", action: "read", scope: "unit" },
      { resource: "sessions", action: "book", scope: "unit" },
      { resource: "employees", action: "read", scope: "unit" },
      { resource: "units", action: "read", scope: "unit" },
    ],
  },
  {
    key: "accountant",
    name: "Raamatupidaja",
    description: "Kinnitab kuu aruanded, koostab ja saadab arved.",
    permissions: [
      { resource: "billing", action: "read", scope: "all" },
      { resource: "billing", action: "confirm", scope: "all" },
      { resource: "billing", action: "reopen", scope: "all" },
      { resource: "billing", action: "send", scope: "all" },
      { resource: "catalogue", action: "manage", scope: "all" },
      { resource: "settings", action: "read", scope: "all" },
      { resource: "employees", action: "read", scope: "all" },
      { resource: "units", action: "read", scope: "all" },
      { resource: "reports", action: "read", scope: "all" },
    ],
  },
];

/** Creates the standard roles that are missing (by key); returns key -> id. */
export async function ensureStandardRoles(db: DbOrTx): Promise<Map<string, string>> {
  // One transaction (a savepoint inside a caller's): a role and its permissions must commit together.
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: roles.id, key: roles.key })
      .from(roles)
      .where(
        inArray(
          roles.key,
          STANDARD_ROLES.map((r) => r.key),
        ),
      );
    const ids = new Map(existing.map((r) => [r.key!, r.id]));
    for (const role of STANDARD_ROLES) {
      if (ids.has(role.key)) continue;
      const [row] = await tx
        .insert(roles)
        .values({ key: role.key, name: role.name, description: role.description })
        .returning({ id: roles.id });
      await tx.insert(rolePermissions).values(role.permissions.map((p) => ({ roleId: row!.id, ...p })));
      ids.set(role.key, row!.id);
    }
    return ids;
  });
}
