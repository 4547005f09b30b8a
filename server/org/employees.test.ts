import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employeeRoles, employees, employeeSpecialties, employeeUnits, passwordCredentials, specialties } from "@/db/schema";
import { estonianCheckDigit, isValidPersonalCode } from "@/lib/identifiers";
import { translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor, makeEmployee, makeRole, makeUnit, newPersonalCode } from "@/server/testing/factories";
import { createEmployee, listEmployees, updateEmployee, type EmployeeInput } from "./employees";

const t = await useTestDatabase();

// The check digit is right, the date (30 February 1980) is not.
const IMPOSSIBLE_DATE = `3800230000${estonianCheckDigit("3800230000")}`;
const BAD_CHECK_DIGIT = "36805280108";

let admin: Actor;
let manager: Actor;
let north: string, northTeam: string, south: string, specialistRole: string;

const input = (over: Partial<EmployeeInput> = {}): EmployeeInput => ({
  personalCode: newPersonalCode(),
  firstName: "Anna",
  lastName: "Kask",
  email: null,
  phone: null,
  active: true,
  weeklyHours: 40,
  unitIds: [northTeam],
  specialtyIds: [],
  roleIds: [],
  password: null,
  ...over,
});

const byCode = async (code: string) => (await t.db.select().from(employees).where(eq(employees.personalCode, code)))[0];

beforeAll(async () => {
  const region = await makeUnit(t.db, { name: "Region" });
  north = await makeUnit(t.db, { name: "North", parentId: region });
  northTeam = await makeUnit(t.db, { name: "North team", parentId: north });
  south = await makeUnit(t.db, { name: "South", parentId: region });
  specialistRole = await makeRole(t.db, { "clients:read": "own" });
  admin = await makeActor(t.db, {
    permissions: { "employees:read": "all", "employees:manage": "all", "roles:manage": "all" },
  });
  manager = await makeActor(t.db, {
    permissions: { "employees:read": "unit", "employees:manage": "unit" },
    unitIds: [north],
  });
});

describe("creating an employee", () => {
  it("saves the person, their units and roles, a password hash, and an audit row without the password", async () => {
    const data = input({ roleIds: [specialistRole], password: "pikk-parool-123", email: " anna@example.ee " });
    const { id } = await createEmployee({ db: t.db, actor: admin, ip: "10.0.0.1" }, data);
    const row = await byCode(data.personalCode);
    expect(row).toMatchObject({ id, firstName: "Anna", email: "anna@example.ee", active: true });
    expect(await t.db.select().from(employeeUnits).where(eq(employeeUnits.employeeId, id))).toEqual([
      { employeeId: id, unitId: northTeam },
    ]);
    expect(await t.db.select().from(employeeRoles).where(eq(employeeRoles.employeeId, id))).toEqual([
      { employeeId: id, roleId: specialistRole },
    ]);
    const [credential] = await t.db.select().from(passwordCredentials).where(eq(passwordCredentials.employeeId, id));
    expect(credential!.passwordHash).toMatch(/^\$argon2id\$/);
    const [audit] = (await auditRows(t.db, "employee.create")).filter((r) => r.targetId === id);
    expect(audit).toMatchObject({ actorEmployeeId: admin.employeeId, ip: "10.0.0.1", details: { passwordChanged: true } });
    expect(JSON.stringify(audit!.details)).not.toContain("pikk-parool-123");
  });

  it.each([
    ["a wrong check digit", BAD_CHECK_DIGIT],
    ["a date that does not exist", IMPOSSIBLE_DATE],
  ])("refuses a personal code with %s, naming the field", async (_, code) => {
    expect(code).toHaveLength(11);
    const err = await appErrorOf(createEmployee({ db: t.db, actor: admin, ip: null }, input({ personalCode: code })));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "personalCode" });
    expect(await byCode(code)).toBeUndefined();
  });

  it("refuses a personal code that is already taken, naming the field", async () => {
    const code = newPersonalCode();
    await createEmployee({ db: t.db, actor: admin, ip: null }, input({ personalCode: code }));
    const err = await appErrorOf(createEmployee({ db: t.db, actor: admin, ip: null }, input({ personalCode: code, firstName: "Other" })));
    expect(err).toMatchObject({ code: "CONFLICT", field: "personalCode" });
  });

  it("the database refuses an invalid personal code written by plain SQL", async () => {
    expect(isValidPersonalCode(IMPOSSIBLE_DATE)).toBe(false);
    for (const code of [BAD_CHECK_DIGIT, IMPOSSIBLE_DATE, "1234"]) {
      const err = await pgErrorFrom(t.sql`INSERT INTO employees (personal_code, first_name, last_name) VALUES (${code}, 'X', 'Y')`);
      expect(err, code).toEqual({ code: "23514", constraint: "employees_personal_code_valid" });
      expect(
        translateDbError(
          await t.sql`INSERT INTO employees (personal_code, first_name, last_name) VALUES (${code}, 'X', 'Y')`.catch((e: unknown) => e),
        ),
      ).toMatchObject({ code: "INVALID_INPUT", field: "personalCode" });
    }
  });

  it("a unit-scoped manager creates people inside their subtree only", async () => {
    const inside = input({ unitIds: [northTeam] });
    await createEmployee({ db: t.db, actor: manager, ip: null }, inside);
    expect(await byCode(inside.personalCode)).toBeDefined();
    const outside = input({ unitIds: [south] });
    expect((await appErrorOf(createEmployee({ db: t.db, actor: manager, ip: null }, outside))).code).toBe("FORBIDDEN");
    const straddling = input({ unitIds: [northTeam, south] });
    expect((await appErrorOf(createEmployee({ db: t.db, actor: manager, ip: null }, straddling))).code).toBe("FORBIDDEN");
    expect(await byCode(outside.personalCode)).toBeUndefined();
    expect(await byCode(straddling.personalCode)).toBeUndefined();
  });

  it("only someone with roles:manage may assign roles", async () => {
    const data = input({ roleIds: [specialistRole] });
    expect((await appErrorOf(createEmployee({ db: t.db, actor: manager, ip: null }, data))).code).toBe("FORBIDDEN");
    expect(await byCode(data.personalCode)).toBeUndefined();
    await createEmployee({ db: t.db, actor: admin, ip: null }, data);
    expect(await byCode(data.personalCode)).toBeDefined();
  });

  it("saves nothing at all when a later step fails: no person, no links, no audit row", async () => {
    const auditBefore = (await auditRows(t.db)).length;
    const data = input({ unitIds: [north, crypto.randomUUID()] }); // the unknown unit fails after the insert
    const raw = await createEmployee({ db: t.db, actor: admin, ip: null }, data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT" });
    expect(await byCode(data.personalCode)).toBeUndefined();
    const links = await t.db.select().from(employeeUnits).where(eq(employeeUnits.unitId, north));
    expect(links.map((l) => l.employeeId)).toEqual([manager.employeeId]);
    expect(await auditRows(t.db)).toHaveLength(auditBefore);
  });

  it("refuses a short password, naming the field", async () => {
    const err = await appErrorOf(createEmployee({ db: t.db, actor: admin, ip: null }, input({ password: "short" })));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "password" });
  });
});

describe("updating an employee", () => {
  it("a manager without roles:manage may edit a person as long as the roles stay the same", async () => {
    const data = input({ roleIds: [specialistRole] });
    const { id } = await createEmployee({ db: t.db, actor: admin, ip: null }, data);
    await updateEmployee({ db: t.db, actor: manager, ip: null }, { ...data, lastName: "Tamm", id });
    expect((await byCode(data.personalCode))!.lastName).toBe("Tamm");
    expect(await t.db.select().from(employeeRoles).where(eq(employeeRoles.employeeId, id))).toHaveLength(1);
    // A form without the roles section sends none: the roles are left as they are.
    await updateEmployee({ db: t.db, actor: manager, ip: null }, { ...data, roleIds: [], id });
    expect(await t.db.select().from(employeeRoles).where(eq(employeeRoles.employeeId, id))).toEqual([
      { employeeId: id, roleId: specialistRole },
    ]);
    const otherRole = await makeRole(t.db, { "sessions:read": "own" });
    expect((await appErrorOf(updateEmployee({ db: t.db, actor: manager, ip: null }, { ...data, roleIds: [otherRole], id }))).code).toBe(
      "FORBIDDEN",
    );
    expect(await t.db.select().from(employeeRoles).where(eq(employeeRoles.employeeId, id))).toEqual([
      { employeeId: id, roleId: specialistRole },
    ]);
  });

  it("a manager cannot see or change someone outside their subtree", async () => {
    const southerner = await makeEmployee(t.db, { unitIds: [south], lastName: "Southerner" });
    const err = await appErrorOf(
      updateEmployee({ db: t.db, actor: manager, ip: null }, { ...input({ unitIds: [south] }), id: southerner }),
    );
    expect(err.code).toBe("NOT_FOUND");
    const visible = await listEmployees({ db: t.db, actor: manager, ip: null });
    expect(visible.map((e) => e.id)).not.toContain(southerner);
    expect(visible.map((e) => e.id)).toContain(manager.employeeId);
  });

  it("nobody can deactivate their own account", async () => {
    const me = (await t.db.select().from(employees).where(eq(employees.id, admin.employeeId)))[0]!;
    const err = await appErrorOf(
      updateEmployee(
        { db: t.db, actor: admin, ip: null },
        { ...input({ personalCode: me.personalCode, active: false, unitIds: [] }), id: admin.employeeId },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "active" });
    expect((await byCode(me.personalCode))!.active).toBe(true);
  });
});

describe("a retired specialty", () => {
  it("stays with the people who hold it but is given to nobody new (the form only offers specialties in use)", async () => {
    const [s] = await t.db
      .insert(specialties)
      .values({ code: "speech_therapist_old", nameEt: "Logopeed (vana)", nameEn: "Speech therapist (old)" })
      .returning();
    const holder = input({ specialtyIds: [s!.id] });
    const { id } = await createEmployee({ db: t.db, actor: admin, ip: null }, holder);
    await t.db.update(specialties).set({ active: false }).where(eq(specialties.id, s!.id));
    await updateEmployee({ db: t.db, actor: admin, ip: null }, { id, ...holder, weeklyHours: 30 });
    expect(
      await t.db.select({ id: employeeSpecialties.specialtyId }).from(employeeSpecialties).where(eq(employeeSpecialties.employeeId, id)),
    ).toEqual([{ id: s!.id }]);
    const newcomer = input({ specialtyIds: [s!.id] });
    expect(await appErrorOf(createEmployee({ db: t.db, actor: admin, ip: null }, newcomer))).toMatchObject({
      code: "INVALID_INPUT",
      field: "specialtyIds",
      messageKey: "errors.specialtyRetired",
      params: { specialty: "Logopeed (vana)" },
    });
    expect(await byCode(newcomer.personalCode)).toBeUndefined();
  });
});
