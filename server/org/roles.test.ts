import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rolePermissions, roles } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import type { Permission } from "@/server/policy/permissions";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeEmployee, makeRole } from "@/server/testing/factories";
import { deleteRole, ensureStandardRoles, listRoles, saveRole, STANDARD_ROLES } from "./roles";

const t = await useTestDatabase();
let admin: Actor;

const read: Permission = { resource: "clients", action: "read", scope: "own" };

beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "roles:read": "all", "roles:manage": "all" } });
});

const roleCount = async () => (await t.db.select().from(roles)).length;

describe("saveRole", () => {
  it("refuses a role without permissions, naming the field, and saves nothing", async () => {
    const before = await roleCount();
    const err = await appErrorOf(
      saveRole({ db: t.db, actor: admin, ip: null }, { name: "Empty", description: "", permissions: [], id: null }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "permissions" });
    expect(await roleCount()).toBe(before);
  });

  it.each<[string, Permission]>([
    ["an unknown action", { resource: "clients", action: "fly", scope: "all" }],
    ["an unknown resource", { resource: "spaceships" as Permission["resource"], action: "read", scope: "all" }],
    ["a scope the resource does not know", { resource: "roles", action: "manage", scope: "unit" }],
    ["an unknown scope", { resource: "clients", action: "read", scope: "galaxy" as Permission["scope"] }],
  ])("refuses %s", async (_, permission) => {
    const err = await appErrorOf(
      saveRole({ db: t.db, actor: admin, ip: null }, { name: "Odd", description: "", permissions: [read, permission], id: null }),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "permissions" });
  });

  it("refuses the same permission twice", async () => {
    const err = await appErrorOf(
      saveRole(
        { db: t.db, actor: admin, ip: null },
        { name: "Twice", description: "", permissions: [read, { ...read, scope: "all" }], id: null },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "permissions", params: { permission: "clients:read" } });
  });

  it("creates and then replaces a role's permissions, auditing both", async () => {
    const { id } = await saveRole(
      { db: t.db, actor: admin, ip: null },
      { name: " Therapist ", description: "d", permissions: [read], id: null },
    );
    await saveRole(
      { db: t.db, actor: admin, ip: null },
      { name: "Therapist", description: "d", permissions: [{ resource: "sessions", action: "book", scope: "own" }], id },
    );
    const role = (await listRoles(t.db)).find((r) => r.id === id)!;
    expect(role.name).toBe("Therapist");
    expect(role.permissions).toEqual([{ resource: "sessions", action: "book", scope: "own" }]);
    expect((await auditRows(t.db)).filter((r) => r.targetId === id).map((r) => r.action)).toEqual(["role.create", "role.update"]);
  });
});

describe("the database keeps every role granting something", () => {
  it("refuses a role inserted by SQL without permissions (checked at commit)", async () => {
    const err = await pgErrorFrom(t.sql`INSERT INTO roles (name) VALUES ('Bare')`);
    expect(err).toEqual({ code: "23514", constraint: "roles_have_permissions" });
    expect(await t.db.select().from(roles).where(eq(roles.name, "Bare"))).toHaveLength(0);
  });

  it("accepts a role and its permissions written in one transaction", async () => {
    await t.sql.begin(async (tx) => {
      const [row] = await tx`INSERT INTO roles (name) VALUES ('Written together') RETURNING id`;
      await tx`INSERT INTO role_permissions (role_id, resource, action, scope) VALUES (${row!.id}, 'clients', 'read', 'own')`;
    });
    expect(await t.db.select().from(roles).where(eq(roles.name, "Written together"))).toHaveLength(1);
  });

  it("refuses deleting the last permission of a role, but not one of several", async () => {
    const id = await makeRole(t.db, { "clients:read": "own", "sessions:read": "own" });
    await t.sql`DELETE FROM role_permissions WHERE role_id = ${id} AND resource = 'sessions'`;
    const err = await pgErrorFrom(t.sql`DELETE FROM role_permissions WHERE role_id = ${id}`);
    expect(err).toEqual({ code: "23514", constraint: "roles_have_permissions" });
    expect(await t.db.select().from(rolePermissions).where(eq(rolePermissions.roleId, id))).toHaveLength(1);
  });

  it("refuses moving a role's only permission to another role", async () => {
    const from = await makeRole(t.db, { "clients:read": "own" });
    const to = await makeRole(t.db, { "sessions:read": "own" });
    const err = await pgErrorFrom(t.sql`UPDATE role_permissions SET role_id = ${to} WHERE role_id = ${from}`);
    expect(err.constraint).toBe("roles_have_permissions");
  });
});

describe("deleteRole", () => {
  it("refuses a role still assigned, naming how many hold it", async () => {
    const id = await makeRole(t.db, { "clients:read": "own" });
    await makeEmployee(t.db, { roleIds: [id] });
    await makeEmployee(t.db, { roleIds: [id] });
    const err = await appErrorOf(deleteRole({ db: t.db, actor: admin, ip: null }, { id }));
    expect(err).toMatchObject({ code: "CONFLICT", params: { count: 2 } });
    expect(await t.db.select().from(roles).where(eq(roles.id, id))).toHaveLength(1);
  });

  it("deletes an unassigned role with its permissions and audits it", async () => {
    const id = await makeRole(t.db, { "clients:read": "own" });
    await deleteRole({ db: t.db, actor: admin, ip: null }, { id });
    expect(await t.db.select().from(roles).where(eq(roles.id, id))).toHaveLength(0);
    expect(await t.db.select().from(rolePermissions).where(eq(rolePermissions.roleId, id))).toHaveLength(0);
    expect((await auditRows(t.db, "role.delete")).map((r) => r.targetId)).toContain(id);
  });

  it("says NOT_FOUND for a role that does not exist", async () => {
    expect((await appErrorOf(deleteRole({ db: t.db, actor: admin, ip: null }, { id: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
  });
});

describe("standard roles", () => {
  it("are created once, each with valid permissions", async () => {
    const first = await ensureStandardRoles(t.db);
    const second = await ensureStandardRoles(t.db);
    expect([...second]).toEqual([...first]);
    expect([...first.keys()].sort()).toEqual(STANDARD_ROLES.map((r) => r.key).sort());
    const listed = await listRoles(t.db);
    for (const role of STANDARD_ROLES) {
      expect(listed.find((r) => r.key === role.key)?.permissions).toHaveLength(role.permissions.length);
    }
  });
});
