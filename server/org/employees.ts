import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { employeeRoles, employees, employeeSpecialties, employeeUnits, passwordCredentials, roles, specialties, units } from "@/db/schema";
import { isValidPersonalCode } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import { invalidateActors } from "@/server/auth/actor-cache";
import { forgetSessionsOf, revokeSessions } from "@/server/auth/auth-sessions";
import { hashPassword, passwordProblem } from "@/server/auth/password";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { can, canOnEmployee, scopeOf } from "@/server/policy/policy";
import { containing, uuidArray } from "@/server/db/sql-helpers";
import type { DomainContext } from "@/server/domain-context";

export type EmployeeInput = {
  personalCode: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  weeklyHours: number;
  unitIds: string[];
  specialtyIds: string[];
  roleIds: string[];
  /** Set a new password; null keeps the current one (or none). */
  password: string | null;
};

/** The condition that keeps the employees the actor may read. */
export function visibleEmployees(actor: Actor): SQL {
  const scope = scopeOf(actor, "employees", "read");
  if (scope === "all") return sql`true`;
  const self = eq(employees.id, actor.employeeId);
  if (scope !== "unit" || actor.unitSubtree.size === 0) return self;
  return or(
    self,
    sql`EXISTS (SELECT 1 FROM ${employeeUnits} WHERE ${employeeUnits.employeeId} = ${employees.id} AND ${employeeUnits.unitId} = ANY(${uuidArray(actor.unitSubtree)}))`,
  )!;
}

export async function listEmployees(
  { db, actor }: DomainContext,
  filter: { search?: string; unitId?: string; includeInactive?: boolean } = {},
) {
  const where: SQL[] = [visibleEmployees(actor)];
  if (!filter.includeInactive) where.push(eq(employees.active, true));
  if (filter.search?.trim()) {
    const like = containing(filter.search.trim());
    where.push(
      or(
        ilike(employees.firstName, like),
        ilike(employees.lastName, like),
        ilike(employees.personalCode, like),
        ilike(sql`${employees.firstName} || ' ' || ${employees.lastName}`, like),
      )!,
    );
  }
  if (filter.unitId) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${employeeUnits} WHERE ${employeeUnits.employeeId} = ${employees.id} AND ${employeeUnits.unitId} = ${filter.unitId})`,
    );
  }
  const rows = await db
    .select()
    .from(employees)
    .where(and(...where))
    .orderBy(asc(employees.lastName), asc(employees.firstName));
  const details = await detailsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const d = details.get(r.id) ?? { unitIds: [], unitNames: [], specialtyIds: [], specialtyNames: [], roleIds: [], roleNames: [] };
    return {
      id: r.id,
      personalCode: r.personalCode,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email,
      phone: r.phone,
      active: r.active,
      weeklyHours: Number(r.weeklyHours),
      ...d,
      canManage: canOnEmployee(actor, "manage", { id: r.id, unitIds: d.unitIds }),
      // Reset password and end sessions (credentials.ts): never one's own, which My account changes.
      mayCredentials: r.id !== actor.employeeId && canOnEmployee(actor, "credentials", { id: r.id, unitIds: d.unitIds }),
    };
  });
}

async function detailsOf(db: DbOrTx, ids: string[]) {
  const result = new Map<
    string,
    { unitIds: string[]; unitNames: string[]; specialtyIds: string[]; specialtyNames: string[]; roleIds: string[]; roleNames: string[] }
  >();
  if (ids.length === 0) return result;
  const get = (id: string) => {
    let d = result.get(id);
    if (!d) result.set(id, (d = { unitIds: [], unitNames: [], specialtyIds: [], specialtyNames: [], roleIds: [], roleNames: [] }));
    return d;
  };
  const [u, s, r] = await Promise.all([
    db
      .select({ e: employeeUnits.employeeId, id: units.id, name: units.name })
      .from(employeeUnits)
      .innerJoin(units, eq(units.id, employeeUnits.unitId))
      .where(inArray(employeeUnits.employeeId, ids))
      .orderBy(units.name),
    db
      .select({ e: employeeSpecialties.employeeId, id: specialties.id, name: specialties.nameEt })
      .from(employeeSpecialties)
      .innerJoin(specialties, eq(specialties.id, employeeSpecialties.specialtyId))
      .where(inArray(employeeSpecialties.employeeId, ids))
      .orderBy(specialties.nameEt),
    db
      .select({ e: employeeRoles.employeeId, id: roles.id, name: roles.name })
      .from(employeeRoles)
      .innerJoin(roles, eq(roles.id, employeeRoles.roleId))
      .where(inArray(employeeRoles.employeeId, ids))
      .orderBy(roles.name),
  ]);
  for (const x of u) {
    get(x.e).unitIds.push(x.id);
    get(x.e).unitNames.push(x.name);
  }
  for (const x of s) {
    get(x.e).specialtyIds.push(x.id);
    get(x.e).specialtyNames.push(x.name);
  }
  for (const x of r) {
    get(x.e).roleIds.push(x.id);
    get(x.e).roleNames.push(x.name);
  }
  return result;
}

function validate(input: EmployeeInput, creating: boolean) {
  const code = input.personalCode.trim();
  if (!isValidPersonalCode(code)) {
    throw invalid("personalCode", "errors.personalCodeInvalid", `Invalid personal code ${code}: check digit or date is wrong`, { code });
  }
  if (!input.firstName.trim()) throw invalid("firstName", "errors.required", "First name is required");
  if (!input.lastName.trim()) throw invalid("lastName", "errors.required", "Last name is required");
  if (!(input.weeklyHours >= 0 && input.weeklyHours <= 60)) {
    throw invalid("weeklyHours", "errors.weeklyHoursRange", "Weekly hours must be between 0 and 60");
  }
  const problem = input.password === null ? null : passwordProblem(input.password, code);
  if (problem) throw invalid("password", problem.messageKey, problem.message, problem.params);
  if (creating && input.unitIds.length === 0) {
    throw invalid("unitIds", "errors.unitRequired", "Choose at least one unit");
  }
}

/** An employee's units must all lie where the actor manages employees; roles need roles:manage. */
function assertMayAssign(actor: Actor, input: EmployeeInput, current?: { roleIds: string[] }) {
  if (scopeOf(actor, "employees", "manage") !== "all") {
    for (const unitId of input.unitIds) if (!actor.unitSubtree.has(unitId)) throw forbidden();
  }
  const rolesChanged =
    !current || current.roleIds.length !== input.roleIds.length || current.roleIds.some((r) => !input.roleIds.includes(r));
  if (rolesChanged && input.roleIds.length > 0 && !can(actor, "roles", "manage")) throw forbidden();
}

/** A retired specialty stays with the people who hold it, but is given to nobody new. */
async function assertSpecialtiesInUse(tx: Tx, employeeId: string, specialtyIds: string[]) {
  if (specialtyIds.length === 0) return;
  const held = new Set(
    (
      await tx
        .select({ id: employeeSpecialties.specialtyId })
        .from(employeeSpecialties)
        .where(eq(employeeSpecialties.employeeId, employeeId))
    ).map((r) => r.id),
  );
  const [retired] = await tx
    .select({ name: specialties.nameEt })
    .from(specialties)
    .where(
      and(
        inArray(
          specialties.id,
          specialtyIds.filter((id) => !held.has(id)),
        ),
        eq(specialties.active, false),
      ),
    )
    .limit(1);
  if (retired)
    throw invalid("specialtyIds", "errors.specialtyRetired", `The specialty ${retired.name} is no longer in use`, {
      specialty: retired.name,
    });
}

async function writeLinks(tx: Tx, employeeId: string, input: EmployeeInput, actor: Actor) {
  await assertSpecialtiesInUse(tx, employeeId, input.specialtyIds);
  await tx.delete(employeeUnits).where(eq(employeeUnits.employeeId, employeeId));
  await tx.delete(employeeSpecialties).where(eq(employeeSpecialties.employeeId, employeeId));
  if (input.unitIds.length) await tx.insert(employeeUnits).values(input.unitIds.map((unitId) => ({ employeeId, unitId })));
  if (input.specialtyIds.length) {
    await tx.insert(employeeSpecialties).values(input.specialtyIds.map((specialtyId) => ({ employeeId, specialtyId })));
  }
  if (can(actor, "roles", "manage")) {
    await tx.delete(employeeRoles).where(eq(employeeRoles.employeeId, employeeId));
    if (input.roleIds.length) await tx.insert(employeeRoles).values(input.roleIds.map((roleId) => ({ employeeId, roleId })));
  }
  if (input.password !== null) {
    const passwordHash = await hashPassword(input.password);
    await tx
      .insert(passwordCredentials)
      .values({ employeeId, passwordHash })
      .onConflictDoUpdate({ target: passwordCredentials.employeeId, set: { passwordHash, updatedAt: new Date() } });
    // Whoever was signed in with the old password is not any more.
    await revokeSessions(tx, { employeeId }, "password_reset");
  }
}

const auditable = (input: EmployeeInput) => {
  const { password, ...rest } = input;
  return { ...rest, passwordChanged: password !== null };
};

export async function createEmployee({ db, actor, ip }: DomainContext<Db>, input: EmployeeInput) {
  validate(input, true);
  assertMayAssign(actor, input);
  const [existing] = await db.select({ id: employees.id }).from(employees).where(eq(employees.personalCode, input.personalCode.trim()));
  if (existing) {
    throw new AppError("CONFLICT", "errors.personalCodeTaken", "An employee with this personal code already exists", {
      field: "personalCode",
    });
  }
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(employees)
      .values({
        personalCode: input.personalCode.trim(),
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        email: input.email?.trim() || null,
        phone: input.phone?.trim() || null,
        active: input.active,
        weeklyHours: String(input.weeklyHours),
      })
      .returning({ id: employees.id });
    await writeLinks(tx, row!.id, input, actor);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "employee.create",
      targetType: "employee",
      targetId: row!.id,
      ip,
      details: auditable(input),
    });
    return row!.id;
  });
  return { id };
}

export async function updateEmployee({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string } & EmployeeInput) {
  validate(input, false);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(employees).where(eq(employees.id, id)).for("update");
    const currentDetails = (await detailsOf(tx, [id])).get(id) ?? { unitIds: [], roleIds: [] };
    if (!current || !canOnEmployee(actor, "read", { id, unitIds: currentDetails.unitIds })) throw notFound("employee");
    if (!canOnEmployee(actor, "manage", { id, unitIds: currentDetails.unitIds })) throw forbidden();
    assertMayAssign(actor, input, currentDetails);
    if (id === actor.employeeId && !input.active) {
      throw invalid("active", "errors.cannotDeactivateSelf", "You cannot deactivate your own account");
    }
    await tx
      .update(employees)
      .set({
        personalCode: input.personalCode.trim(),
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        email: input.email?.trim() || null,
        phone: input.phone?.trim() || null,
        active: input.active,
        weeklyHours: String(input.weeklyHours),
        updatedAt: new Date(),
      })
      .where(eq(employees.id, id));
    await writeLinks(tx, id, input, actor);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "employee.update",
      targetType: "employee",
      targetId: id,
      ip,
      details: auditable(input),
    });
  });
  invalidateActors();
  // Deactivation revokes the sessions in the database (db/functions/auth_sessions_revoke_on_deactivation.sql); forget them here at once.
  if (!input.active || input.password !== null) await forgetSessionsOf(db, [id]);
}
