import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { employees, roles } from "@/db/schema";
import { signInWithPassword } from "@/server/auth/sign-in";
import { loadActor } from "@/server/policy/actor";
import { can } from "@/server/policy/policy";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows } from "@/server/testing/factories";
import { createFirstAdministrator } from "./first-admin";

const t = await useTestDatabase();

describe("the first administrator of a clean installation", () => {
  it("refuses an invalid personal code and writes nothing", async () => {
    const result = await createFirstAdministrator(t.db, {
      personalCode: "36805280108",
      firstName: "Mari",
      lastName: "Maasikas",
      password: null,
    });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("36805280108") });
    expect((await t.db.select({ n: count() }).from(employees))[0]!.n).toBe(0);
  });

  it("creates the standard roles and one administrator who can sign in and administer", async () => {
    const result = await createFirstAdministrator(t.db, {
      personalCode: "49003050224",
      firstName: "Mari",
      lastName: "Maasikas",
      password: "esimene-parool-1",
    });
    expect(result.ok).toBe(true);
    const roleKeys = (await t.db.select({ key: roles.key }).from(roles)).map((r) => r.key).sort();
    expect(roleKeys).toEqual(["accountant", "administrator", "case_manager", "front_desk", "manager", "specialist"]);
    const signIn = await signInWithPassword(t.db, { personalCode: "49003050224", password: "esimene-parool-1", ip: null });
    expect(signIn.ok).toBe(true);
    const actor = await loadActor(t.db, result.ok ? result.employeeId : "");
    expect(actor && can(actor, "employees", "manage") && can(actor, "roles", "manage") && can(actor, "units", "manage")).toBe(true);
    expect((await auditRows(t.db, "installation.create_admin")).length).toBe(1);
    // The printed password is one-time: the first sign-in must replace it.
    expect(await t.sql`SELECT must_change FROM password_credentials WHERE employee_id = ${result.ok ? result.employeeId : null}`).toEqual([
      { must_change: true },
    ]);
    expect(actor && can(actor, "employees", "credentials")).toBe(true);
  });

  it("is one-time: a second administrator is refused", async () => {
    const result = await createFirstAdministrator(t.db, {
      personalCode: "38001085718",
      firstName: "Teine",
      lastName: "Admin",
      password: null,
    });
    expect(result).toEqual({ ok: false, message: expect.stringContaining("already exists") });
    expect((await t.db.select({ n: count() }).from(employees))[0]!.n).toBe(1);
  });
});
