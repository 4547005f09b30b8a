import { asc, eq } from "drizzle-orm";
import {
  auditLog,
  clientAccessGrants,
  clients,
  clientTeamMembers,
  clientUnits,
  employeeRoles,
  employees,
  employeeUnits,
  passwordCredentials,
  rolePermissions,
  roles,
  units,
} from "@/db/schema";
import { estonianCheckDigit } from "@/lib/identifiers";
import type { DbOrTx } from "@/server/db/client";
import { loadActor, type Actor } from "@/server/policy/actor";
import type { AccessGrant, ClientFacts } from "@/server/policy/policy";
import type { Resource } from "@/server/policy/permissions";
import type { PermissionSpec } from "./actors";

let counter = 0;
const next = () => ++counter;

/** A valid personal code, different on every call within a test file. */
export function newPersonalCode(): string {
  const n = next();
  // Born 1950-1999 (century digit 3/4), serial from the counter: unique and always a real date.
  const base = `${3 + (n % 2)}${String(50 + (Math.floor(n / 1000) % 50)).padStart(2, "0")}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, "0")}`;
  return base + String(estonianCheckDigit(base));
}

export async function makeUnit(
  db: DbOrTx,
  opts: { name?: string; parentId?: string | null; headEmployeeId?: string | null } = {},
): Promise<string> {
  const [row] = await db
    .insert(units)
    .values({ name: opts.name ?? `Unit ${next()}`, parentId: opts.parentId ?? null, headEmployeeId: opts.headEmployeeId ?? null })
    .returning({ id: units.id });
  return row!.id;
}

/** A role granting the given permissions (written in one transaction: the DB refuses empty roles). */
export async function makeRole(db: DbOrTx, permissions: PermissionSpec, name = `Role ${next()}`): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(roles).values({ name }).returning({ id: roles.id });
    await tx.insert(rolePermissions).values(
      Object.entries(permissions).map(([key, scope]) => {
        const [resource, action] = key.split(":") as [Resource, string];
        return { roleId: row!.id, resource, action, scope };
      }),
    );
    return row!.id;
  });
}

export async function makeEmployee(
  db: DbOrTx,
  opts: {
    personalCode?: string;
    firstName?: string;
    lastName?: string;
    active?: boolean;
    unitIds?: string[];
    roleIds?: string[];
    passwordHash?: string;
  } = {},
): Promise<string> {
  const n = next();
  const [row] = await db
    .insert(employees)
    .values({
      personalCode: opts.personalCode ?? newPersonalCode(),
      firstName: opts.firstName ?? "Test",
      lastName: opts.lastName ?? `Person ${n}`,
      active: opts.active ?? true,
    })
    .returning({ id: employees.id });
  const id = row!.id;
  if (opts.unitIds?.length) await db.insert(employeeUnits).values(opts.unitIds.map((unitId) => ({ employeeId: id, unitId })));
  if (opts.roleIds?.length) await db.insert(employeeRoles).values(opts.roleIds.map((roleId) => ({ employeeId: id, roleId })));
  if (opts.passwordHash) await db.insert(passwordCredentials).values({ employeeId: id, passwordHash: opts.passwordHash });
  return id;
}

/**
 * An employee with a role of exactly these permissions, member of `unitIds` and head of
 * `headOf`, loaded through loadActor as a signed-in person would be.
 */
export async function makeActor(
  db: DbOrTx,
  opts: { permissions?: PermissionSpec; unitIds?: string[]; headOf?: string[]; firstName?: string } = {},
): Promise<Actor> {
  const roleIds = opts.permissions && Object.keys(opts.permissions).length ? [await makeRole(db, opts.permissions)] : [];
  const id = await makeEmployee(db, { unitIds: opts.unitIds, roleIds, firstName: opts.firstName });
  for (const unitId of opts.headOf ?? []) await db.update(units).set({ headEmployeeId: id }).where(eq(units.id, unitId));
  const actor = await loadActor(db, id);
  if (!actor) throw new Error("makeActor: employee did not load");
  return actor;
}

export type GrantSpec = { employeeId: string; validFrom: Date; validUntil: Date; revokedAt?: Date | null };

export async function makeClient(
  db: DbOrTx,
  opts: { name?: string; unitIds?: string[]; caseManagerId?: string | null; teamIds?: string[]; grants?: GrantSpec[] } = {},
): Promise<string> {
  const [row] = await db
    .insert(clients)
    .values({
      firstName: "Client",
      lastName: opts.name ?? `No ${next()}`,
      personalCode: newPersonalCode(),
      caseManagerId: opts.caseManagerId ?? null,
    })
    .returning({ id: clients.id });
  const id = row!.id;
  if (opts.unitIds?.length) await db.insert(clientUnits).values(opts.unitIds.map((unitId) => ({ clientId: id, unitId })));
  if (opts.teamIds?.length) await db.insert(clientTeamMembers).values(opts.teamIds.map((employeeId) => ({ clientId: id, employeeId })));
  for (const g of opts.grants ?? []) {
    await db.insert(clientAccessGrants).values({
      clientId: id,
      employeeId: g.employeeId,
      reason: "test",
      validFrom: g.validFrom,
      validUntil: g.validUntil,
      revokedAt: g.revokedAt ?? null,
    });
  }
  return id;
}

/** What the policy knows about a client, read back from the database. */
export async function clientFacts(db: DbOrTx, clientId: string): Promise<ClientFacts> {
  const [client] = await db.select().from(clients).where(eq(clients.id, clientId));
  const [team, unitRows, grants] = await Promise.all([
    db.select().from(clientTeamMembers).where(eq(clientTeamMembers.clientId, clientId)),
    db.select().from(clientUnits).where(eq(clientUnits.clientId, clientId)),
    db.select().from(clientAccessGrants).where(eq(clientAccessGrants.clientId, clientId)),
  ]);
  return {
    caseManagerId: client!.caseManagerId,
    teamIds: team.map((t) => t.employeeId),
    unitIds: unitRows.map((u) => u.unitId),
    grants: grants.map((g): AccessGrant => ({
      employeeId: g.employeeId,
      validFrom: g.validFrom,
      validUntil: g.validUntil,
      revokedAt: g.revokedAt,
    })),
  };
}

/** Audit rows, oldest first, optionally only one action. */
export async function auditRows(db: DbOrTx, action?: string) {
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
  return action ? rows.filter((r) => r.action === action) : rows;
}

const HOUR = 3_600_000;
/** Dates around now, far enough apart that clock skew between Node and PostgreSQL cannot matter. */
export const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR);
