import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { employees, roles } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { makeEmployee, makeRole, newPersonalCode } from "@/server/testing/factories";
import { AppError, pgErrorOf, translateDbError } from "./errors";

const t = await useTestDatabase();

/** What Drizzle throws: its own error, with the driver's PostgreSQL error as `cause`. */
const drizzleLike = (code: string, constraint?: string) =>
  new Error("Failed query: …", { cause: Object.assign(new Error("pg says no"), { code, constraint_name: constraint }) });

const translated = (err: unknown) => {
  const result = translateDbError(err);
  expect(result).toBeInstanceOf(AppError);
  return result as AppError;
};

describe("translateDbError", () => {
  it("maps a unique violation to CONFLICT with the field of a known constraint", () => {
    const err = translated(drizzleLike("23505", "employees_personal_code_unique"));
    expect(err).toMatchObject({ code: "CONFLICT", field: "personalCode", messageKey: "errors.personalCodeTaken" });
    expect(err.params).toEqual({ constraint: "employees_personal_code_unique" });
  });

  it("maps an exclusion violation (double booking) to CONFLICT", () => {
    expect(translated(drizzleLike("23P01", "sessions_room_no_overlap"))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.roomTakenRace",
      field: "roomId",
    });
    expect(translated(drizzleLike("23P01", "some_new_exclusion"))).toMatchObject({ code: "CONFLICT", messageKey: "errors.conflict" });
  });

  it("maps a foreign key or restrict violation to CONFLICT saying what is still in use", () => {
    expect(translated(drizzleLike("23503", "employee_roles_role_id_roles_id_fk"))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.roleInUse",
    });
    expect(translated(drizzleLike("23001", "units_parent_id_units_id_fk"))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.unitHasChildren",
    });
    expect(translated(drizzleLike("23503", "some_new_fk"))).toMatchObject({ code: "CONFLICT", messageKey: "errors.inUse" });
  });

  it("maps a check violation to INVALID_INPUT naming the field", () => {
    expect(translated(drizzleLike("23514", "units_no_cycle"))).toMatchObject({ code: "INVALID_INPUT", field: "parentId" });
    expect(translated(drizzleLike("23514", "some_new_check"))).toMatchObject({
      code: "INVALID_INPUT",
      field: undefined,
      messageKey: "errors.invalidInput",
    });
  });

  it("maps any data exception (class 22) to INVALID_INPUT with a generic message, never the SQL", () => {
    for (const code of ["22021", "22008", "22007", "22003", "22P05", "2201X"]) {
      const err = translated(drizzleLike(code));
      expect(err, code).toMatchObject({ code: "INVALID_INPUT", messageKey: "errors.dataInvalid", field: undefined });
      expect(err.message).not.toMatch(/select|insert|\$1|pg says/i);
    }
  });

  it("maps a deadlock or serialisation failure to CONFLICT asking to try again", () => {
    expect(translated(drizzleLike("40P01"))).toMatchObject({ code: "CONFLICT", messageKey: "errors.retry" });
    expect(translated(drizzleLike("40001"))).toMatchObject({ code: "CONFLICT", messageKey: "errors.retry" });
  });

  it("finds the PostgreSQL error a few causes deep, and reads `constraint` too", () => {
    const deep = new Error("outer", { cause: new Error("middle", { cause: { code: "23505", constraint: "roles_name_unique" } }) });
    expect(translated(deep)).toMatchObject({ code: "CONFLICT", field: "name" });
  });

  it("keeps the original error as the cause", () => {
    const original = drizzleLike("23505", "roles_name_unique");
    expect(translated(original).cause).toBe(original);
  });

  it("returns everything else unchanged", () => {
    const plain = new Error("boom");
    expect(translateDbError(plain)).toBe(plain);
    const app = new AppError("NOT_FOUND", "errors.notFound", "nope");
    expect(translateDbError(app)).toBe(app);
    const otherPg = drizzleLike("42P01"); // undefined_table: a bug, not a refusal
    expect(translateDbError(otherPg)).toBe(otherPg);
    const nodeError = Object.assign(new Error("no such file"), { code: "ENOENT" });
    expect(translateDbError(nodeError)).toBe(nodeError);
    expect(translateDbError("string")).toBe("string");
    expect(translateDbError(undefined)).toBeUndefined();
  });

  it("maps the database going away (refused, lost, shutting down, starting) to UNAVAILABLE: a 503 to retry, not a 500", () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03", "08006"]) {
      const cause = Object.assign(new Error("gone"), { code });
      const translated = translateDbError(new Error("Failed query", { cause }));
      expect(translated).toBeInstanceOf(AppError);
      expect(translated).toMatchObject({ code: "UNAVAILABLE", messageKey: "errors.databaseUnavailable" });
    }
  });
});

describe("translateDbError on real errors from Drizzle and PostgreSQL", () => {
  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e,
    );

  it("reads the errors Drizzle actually throws", async () => {
    const code = newPersonalCode();
    await makeEmployee(t.db, { personalCode: code });
    const duplicate = await rejection(t.db.insert(employees).values({ personalCode: code, firstName: "A", lastName: "B" }));
    expect(pgErrorOf(duplicate)?.code).toBe("23505");
    expect(translated(duplicate)).toMatchObject({ code: "CONFLICT", field: "personalCode" });

    const role = await makeRole(t.db, { "clients:read": "own" });
    await makeEmployee(t.db, { roleIds: [role] });
    const inUse = await rejection(t.db.delete(roles).where(sql`${roles.id} = ${role}`));
    expect(pgErrorOf(inUse)?.code).toBe("23001"); // ON DELETE RESTRICT says restrict_violation, not 23503
    expect(translated(inUse)).toMatchObject({ code: "CONFLICT", messageKey: "errors.roleInUse" });

    const nul = await rejection(
      t.db
        .select()
        .from(roles)
        .where(sql`${roles.name} = ${"a\u0000b"}`),
    );
    expect(pgErrorOf(nul)?.code).toBe("22021");
    expect(translated(nul)).toMatchObject({ code: "INVALID_INPUT", messageKey: "errors.dataInvalid" });
    const noSuchDay = await rejection(t.db.execute(sql`SELECT ${"2026-02-30"}::date`));
    expect(pgErrorOf(noSuchDay)?.code).toBe("22008");
    expect(translated(noSuchDay)).toMatchObject({ code: "INVALID_INPUT" });

    const badUuid = await rejection(
      t.db
        .select()
        .from(roles)
        .where(sql`${roles.id} = ${"not-a-uuid"}`),
    );
    expect(translated(badUuid)).toMatchObject({ code: "INVALID_INPUT" });

    await t.db.execute(sql`CREATE TABLE bookings (during tstzrange, EXCLUDE USING gist (during WITH &&))`);
    await t.db.execute(sql`INSERT INTO bookings VALUES (tstzrange('2026-03-10 10:00Z', '2026-03-10 11:00Z'))`);
    const overlap = await rejection(t.db.execute(sql`INSERT INTO bookings VALUES (tstzrange('2026-03-10 10:30Z', '2026-03-10 11:30Z'))`));
    expect(pgErrorOf(overlap)?.code).toBe("23P01");
    expect(translated(overlap)).toMatchObject({ code: "CONFLICT" });
  });
});

describe("AppError", () => {
  it("carries no stack frames, and leaves other errors' traces as they were", () => {
    const cause = new Error("the database went away");
    const refusal = new AppError("CONFLICT", "errors.roomTaken", "The room is taken", { cause });
    expect(refusal.stack).toBe("AppError: The room is taken");
    expect(refusal.cause).toBe(cause);
    expect(cause.stack).toMatch(/\n\s+at /);
    expect(new Error("after").stack).toMatch(/\n\s+at /);
  });
});
