import { beforeAll, describe, expect, it } from "vitest";
import { passwordCredentials } from "@/db/schema";
import { createContext } from "@/server/api/context";
import { createEmployee } from "@/server/org/employees";
import type { Actor } from "@/server/policy/actor";
import { callProcedure, outcomeOf } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeUnit, newPersonalCode } from "@/server/testing/factories";
import { signedInCookie } from "@/server/testing/sessions";
import { hashPassword, passwordProblem, PASSWORD_MIN_LENGTH } from "./password";
import { signInWithPassword } from "./sign-in";

const t = await useTestDatabase();

const OLD = "vana-pikk-parool-1";
const NEW = "uus-pikk-parool-22";
let oldHash: string;
let unit: string;

beforeAll(async () => {
  oldHash = await hashPassword(OLD);
  unit = await makeUnit(t.db);
});

async function withPassword(permissions: Record<string, "all"> = {}): Promise<Actor> {
  const actor = await makeActor(t.db, { permissions, unitIds: [unit] });
  await t.db.insert(passwordCredentials).values({ employeeId: actor.employeeId, passwordHash: oldHash });
  return actor;
}

/** Calls a procedure the way the endpoint does: the context comes from the cookie. */
async function as(cookie: string, path: string, input?: unknown) {
  const ctx = await createContext({ cookie, ip: "192.0.2.1" });
  try {
    return { outcome: "OK", value: await callProcedure(t.db, ctx.actor, path, input, null, ctx) };
  } catch (err) {
    return { outcome: (err as { code?: string }).code ?? "THROWN", value: err };
  }
}

describe("the password policy", () => {
  it.each([
    ["too short", "lühike-11ch", "errors.passwordTooShort"],
    ["among the most common passwords", "qwerty123456", "errors.passwordCommon"],
    ["a common one in capitals", "QWERTY123456", "errors.passwordCommon"],
    ["one character over and over", "aaaaaaaaaaaaaaaa", "errors.passwordCommon"],
    ["the personal code inside", "minu38001085718", "errors.passwordHasCode"],
  ])("refuses a password that is %s", (_, password, key) => {
    expect(passwordProblem(password, "38001085718")?.messageKey).toBe(key);
  });

  it("accepts a long, uncommon one", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(passwordProblem("kaks-kassi-aknal-2026")).toBeNull();
  });

  it("an administrator cannot give an employee a common password, and the field is named", async () => {
    const admin = await makeActor(t.db, { permissions: { "employees:manage": "all", "employees:read": "all" } });
    const err = await appErrorOf(
      createEmployee(
        { db: t.db, actor: admin, ip: null },
        {
          personalCode: newPersonalCode(),
          firstName: "Uus",
          lastName: "Töötaja",
          email: null,
          phone: null,
          active: true,
          weeklyHours: 40,
          unitIds: [unit],
          specialtyIds: [],
          roleIds: [],
          password: "1qaz2wsx3edc",
        },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "password", messageKey: "errors.passwordCommon" });
  });
});

describe("changing one's own password", () => {
  it("needs the current password, and names the field when it is wrong", async () => {
    const person = await withPassword();
    const { cookie } = await signedInCookie(t.db, person.employeeId);
    const result = await as(cookie, "account.changePassword", { currentPassword: "not-it-at-all", newPassword: NEW });
    expect(result.outcome).toBe("BAD_REQUEST");
    expect((await signInWithPassword(t.db, { personalCode: person.personalCode, password: OLD, ip: null })).ok).toBe(true);
  });

  it("refuses a weak new password naming the field", async () => {
    const person = await withPassword();
    const { cookie } = await signedInCookie(t.db, person.employeeId);
    const result = await as(cookie, "account.changePassword", { currentPassword: OLD, newPassword: "password1234" });
    expect(result.outcome).toBe("BAD_REQUEST");
    expect((result.value as { cause?: { field?: string } }).cause?.field).toBe("newPassword");
  });

  it("changes it, keeps this session and ends the others, audited", async () => {
    const person = await withPassword();
    const here = await signedInCookie(t.db, person.employeeId);
    const elsewhere = await signedInCookie(t.db, person.employeeId);
    expect((await as(here.cookie, "account.changePassword", { currentPassword: OLD, newPassword: NEW })).outcome).toBe("OK");
    expect((await as(here.cookie, "me.get")).outcome).toBe("OK");
    expect((await as(elsewhere.cookie, "me.get")).outcome).toBe("UNAUTHORIZED");
    expect((await signInWithPassword(t.db, { personalCode: person.personalCode, password: OLD, ip: null })).ok).toBe(false);
    expect((await signInWithPassword(t.db, { personalCode: person.personalCode, password: NEW, ip: null })).ok).toBe(true);
    expect((await auditRows(t.db, "auth.password_change")).at(-1)).toMatchObject({
      actorEmployeeId: person.employeeId,
      outcome: "ok",
      details: { sessionsEnded: 1 },
    });
  });

  it("an open session cannot be used to guess the current password: after 5 tries it must wait", async () => {
    const person = await withPassword();
    const { cookie } = await signedInCookie(t.db, person.employeeId);
    for (let i = 0; i < 5; i++) await as(cookie, "account.changePassword", { currentPassword: `guess-${i}`, newPassword: NEW });
    expect((await as(cookie, "account.changePassword", { currentPassword: OLD, newPassword: NEW })).outcome).toBe("TOO_MANY_REQUESTS");
  });
});

describe("an administrator's hold on someone's sign-in", () => {
  it("ends all of a person's sessions, audited", async () => {
    const admin = await makeActor(t.db, { permissions: { "employees:read": "all", "employees:credentials": "all" } });
    const person = await withPassword();
    const a = await signedInCookie(t.db, person.employeeId);
    const b = await signedInCookie(t.db, person.employeeId);
    expect(((await callProcedure(t.db, admin, "employees.sessions", { id: person.employeeId })) as unknown[]).length).toBe(2);
    expect(await callProcedure(t.db, admin, "employees.endSessions", { id: person.employeeId })).toEqual({ ended: 2 });
    expect((await as(a.cookie, "me.get")).outcome).toBe("UNAUTHORIZED");
    expect((await as(b.cookie, "me.get")).outcome).toBe("UNAUTHORIZED");
    expect((await auditRows(t.db, "employee.sessions_end")).at(-1)).toMatchObject({
      actorEmployeeId: admin.employeeId,
      targetId: person.employeeId,
    });
  });

  it("a manager without the permission cannot", async () => {
    const manager = await makeActor(t.db, { permissions: { "employees:read": "all", "employees:manage": "all" } });
    const person = await withPassword();
    expect(await outcomeOf(t.db, manager, "employees.resetPassword", { id: person.employeeId })).toBe("FORBIDDEN");
    expect(await outcomeOf(t.db, manager, "employees.endSessions", { id: person.employeeId })).toBe("FORBIDDEN");
  });

  it("resets a password: shown once, sessions end, and the person may only choose a new one", async () => {
    const admin = await makeActor(t.db, { permissions: { "employees:read": "all", "employees:credentials": "all" } });
    const person = await withPassword();
    const before = await signedInCookie(t.db, person.employeeId);
    const { oneTimePassword } = (await callProcedure(t.db, admin, "employees.resetPassword", { id: person.employeeId })) as {
      oneTimePassword: string;
    };
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    expect((await as(before.cookie, "me.get")).outcome).toBe("UNAUTHORIZED");
    const audit = (await auditRows(t.db, "employee.password_reset")).at(-1)!;
    expect(audit).toMatchObject({ actorEmployeeId: admin.employeeId, targetId: person.employeeId });
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword);

    expect((await signInWithPassword(t.db, { personalCode: person.personalCode, password: OLD, ip: null })).ok).toBe(false);
    expect((await signInWithPassword(t.db, { personalCode: person.personalCode, password: oneTimePassword, ip: null })).ok).toBe(true);
    const after = await signedInCookie(t.db, person.employeeId);
    const me = await as(after.cookie, "me.get");
    expect(me).toMatchObject({ outcome: "OK", value: { mustChangePassword: true } });
    expect((await as(after.cookie, "specialties.list")).outcome).toBe("FORBIDDEN");
    expect((await as(after.cookie, "account.changePassword", { currentPassword: oneTimePassword, newPassword: NEW })).outcome).toBe("OK");
    expect((await as(after.cookie, "specialties.list")).outcome).toBe("OK");
  });
});
