import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeEmployee, newPersonalCode } from "@/server/testing/factories";
import { hashPassword } from "./password";
import { signInWithEid, signInWithPassword } from "./sign-in";
import { startSession } from "./auth-sessions";

const t = await useTestDatabase();

const PASSWORD = "oige-parool-123";
const people: Record<string, { id: string; code: string }> = {};

/** An active employee with PASSWORD, unless told otherwise. */
async function person(name: string, opts: { active?: boolean; withPassword?: boolean; hash: string }) {
  const code = newPersonalCode();
  const id = await makeEmployee(t.db, {
    personalCode: code,
    firstName: name,
    lastName: "Test",
    active: opts.active ?? true,
    passwordHash: opts.withPassword === false ? undefined : opts.hash,
  });
  people[name] = { id, code };
}

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD); // argon2 is slow on purpose: hash once, share it
  await person("Active", { hash });
  await person("Inactive", { hash, active: false });
  await person("NoPassword", { hash, withPassword: false });
  await person("Guessed", { hash });
  await person("Forgetful", { hash });
  await person("Behind", { hash });
  await person("Stormed", { hash });
  await person("Targeted", { hash });
  await person("Guarded", { hash });
  await person("Regular", { hash });
  await person("Newcomer", { hash });
});

const lastSignInAudit = async () => (await auditRows(t.db, "auth.sign_in")).at(-1)!;
const signIn = (name: string, password: string, ip: string | null = null) =>
  signInWithPassword(t.db, { personalCode: people[name]!.code, password, ip });

describe("signInWithPassword", () => {
  it("signs in an active employee with the right password and audits it", async () => {
    const result = await signIn("Active", PASSWORD, "192.0.2.1");
    expect(result).toMatchObject({ ok: true, employeeId: people.Active!.id, name: "Active Test", device: expect.any(String) });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "ok",
      actorEmployeeId: people.Active!.id,
      subject: people.Active!.code,
      ip: "192.0.2.1",
      details: { method: "password" },
    });
  });

  it("accepts the code with spaces around it", async () => {
    const result = await signInWithPassword(t.db, { personalCode: ` ${people.Active!.code} `, password: PASSWORD, ip: null });
    expect(result.ok).toBe(true);
  });

  it("refuses a wrong password and audits who it was", async () => {
    expect(await signIn("Active", "vale-parool-123")).toEqual({ ok: false, reason: "wrong_credentials" });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "refused",
      actorEmployeeId: people.Active!.id,
      details: { method: "password", reason: "wrong_password" },
    });
  });

  it("refuses an unknown code with the same answer as a wrong password, auditing the code", async () => {
    const code = newPersonalCode();
    expect(await signInWithPassword(t.db, { personalCode: code, password: PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "wrong_credentials",
    });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "refused",
      actorEmployeeId: null,
      subject: code,
      details: { reason: "unknown_code" },
    });
  });

  it("refuses someone who has no password set", async () => {
    expect(await signIn("NoPassword", PASSWORD)).toEqual({ ok: false, reason: "wrong_credentials" });
    expect(await lastSignInAudit()).toMatchObject({ outcome: "refused", actorEmployeeId: people.NoPassword!.id });
  });

  it("refuses an inactive employee even with the right password", async () => {
    expect(await signIn("Inactive", PASSWORD)).toEqual({ ok: false, reason: "inactive" });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "refused",
      actorEmployeeId: people.Inactive!.id,
      details: { reason: "inactive" },
    });
  });

  it("refuses an invalid personal code without looking anything up", async () => {
    expect(await signInWithPassword(t.db, { personalCode: "36805280108", password: PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "invalid_code",
    });
    expect(await lastSignInAudit()).toMatchObject({ outcome: "refused", subject: "36805280108", details: { reason: "invalid_code" } });
  });
});

describe("guessing is throttled", () => {
  it("after 5 failures for a code from one address, even the right password waits there", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("Guessed", `guess-number-${i}`, "198.51.100.1")).ok).toBe(false);
    const result = await signIn("Guessed", PASSWORD, "198.51.100.1");
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
    expect(result.ok ? 0 : result.retryAfter).toBeGreaterThan(20); // 30 s after the 5th failure
    expect(result.ok ? 0 : result.retryAfter).toBeLessThanOrEqual(30);
    expect(await lastSignInAudit()).toMatchObject({ outcome: "refused", subject: people.Guessed!.code, details: { reason: "throttled" } });
  });

  it("a successful sign-in resets the count for the code", async () => {
    for (let i = 0; i < 4; i++) await signIn("Forgetful", `guess-number-${i}`, "198.51.100.3");
    expect((await signIn("Forgetful", PASSWORD, "198.51.100.3")).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signIn("Forgetful", `guess-number-${i}`, "198.51.100.3");
    // 8 failures in all, but never 5 since the last success.
    expect((await signIn("Forgetful", PASSWORD, "198.51.100.3")).ok).toBe(true);
  });

  it("30 concurrent wrong passwords for one code: only 5 reach the password check", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn("Stormed", `guess-number-${i}`, "198.51.100.77")));
    expect(results.every((r) => !r.ok)).toBe(true);
    const rows = (await auditRows(t.db, "auth.sign_in")).filter((r) => r.subject === people.Stormed!.code);
    const reasons = rows.map((r) => (r.details as { reason?: string }).reason);
    expect(reasons.filter((r) => r === "wrong_password")).toHaveLength(5);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(25);
  });

  it("the right password from a known device gets in while the code is attacked from elsewhere", async () => {
    const first = await signIn("Targeted", PASSWORD, "192.0.2.44");
    const device = first.ok ? first.device : undefined;
    expect(device).toBeDefined();
    // A colleague (or anyone) tries the named person's code from many addresses.
    for (let i = 0; i < 25; i++) await signIn("Targeted", `guess-number-${i}`, `203.0.113.${100 + (i % 5)}`);
    expect(await signIn("Targeted", PASSWORD, "203.0.113.200")).toMatchObject({ ok: false, reason: "throttled" });
    // Their own browser, even from the attacker's address, still signs them in.
    const own = await signInWithPassword(t.db, {
      personalCode: people.Targeted!.code,
      password: PASSWORD,
      ip: "203.0.113.100",
      deviceCookie: device,
    });
    expect(own.ok).toBe(true);
  });

  it("a forged or someone else's device cookie is no known device", async () => {
    const colleague = await signIn("Active", PASSWORD, "192.0.2.45");
    const othersDevice = colleague.ok ? colleague.device : undefined;
    for (let i = 0; i < 5; i++) {
      await signInWithPassword(t.db, {
        personalCode: people.Guarded!.code,
        password: `guess-${i}`,
        ip: "192.0.2.46",
        deviceCookie: othersDevice,
      });
    }
    const forged = `${othersDevice!.split(".")[0]}.AAAA`;
    expect(
      await signInWithPassword(t.db, { personalCode: people.Guarded!.code, password: PASSWORD, ip: "192.0.2.46", deviceCookie: forged }),
    ).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("people behind one address with the right password get in after another's 20+ failures", async () => {
    const nat = "203.0.113.9";
    // Colleagues who signed in at the day centre before (its network is known for them)…
    await startSession(t.db, { employeeId: people.Behind!.id, ip: nat, userAgent: "x", method: "password", maxAgeSeconds: 60 });
    // …and one whose browser knows them.
    const firstTime = await signIn("Regular", PASSWORD, "192.0.2.60");
    const device = firstTime.ok ? firstTime.device : undefined;
    for (let i = 0; i < 25; i++) await signInWithPassword(t.db, { personalCode: newPersonalCode(), password: "spraying-123", ip: nat });
    expect((await signIn("Behind", PASSWORD, nat)).ok).toBe(true);
    expect(
      (await signInWithPassword(t.db, { personalCode: people.Regular!.code, password: PASSWORD, ip: nat, deviceCookie: device })).ok,
    ).toBe(true);
    // A stranger to that address on a new browser is slowed down, not locked out: a wait, no more.
    const stranger = await signIn("Newcomer", PASSWORD, nat);
    expect(stranger).toMatchObject({ ok: false, reason: "throttled" });
    expect(stranger.ok ? 0 : stranger.retryAfter).toBeLessThanOrEqual(900);
  });
});

describe("signInWithEid", () => {
  const eid = (personalCode: string | null, rawSubject = `EE${personalCode}`) =>
    signInWithEid(t.db, { personalCode, rawSubject, ip: "192.0.2.5", method: "smartid" });

  it("signs in an active employee whose code was proven", async () => {
    expect(await eid(people.Active!.code)).toEqual({ ok: true, employeeId: people.Active!.id, name: "Active Test" });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "ok",
      actorEmployeeId: people.Active!.id,
      ip: "192.0.2.5",
      details: { method: "eid", amr: "smartid" },
    });
  });

  it("refuses a code that belongs to no employee, and audits it", async () => {
    const code = newPersonalCode();
    expect(await eid(code)).toEqual({ ok: false, reason: "unknown" });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "refused",
      subject: code,
      actorEmployeeId: null,
      details: { method: "eid", reason: "unknown_code" },
    });
  });

  it("refuses an inactive employee", async () => {
    expect(await eid(people.Inactive!.code)).toEqual({ ok: false, reason: "inactive" });
    expect(await lastSignInAudit()).toMatchObject({
      outcome: "refused",
      actorEmployeeId: people.Inactive!.id,
      details: { reason: "inactive" },
    });
  });

  it("refuses when the claims held no usable Estonian code, auditing the raw subject", async () => {
    expect(await eid(null, "LV12345678901")).toEqual({ ok: false, reason: "invalid_code" });
    expect(await lastSignInAudit()).toMatchObject({ outcome: "refused", subject: "LV12345678901", details: { reason: "invalid_code" } });
  });
});
