import { eq } from "drizzle-orm";
import { employees, passwordCredentials } from "@/db/schema";
import { isValidPersonalCode } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { knownNetwork } from "./auth-sessions";
import { knownDeviceOf, rememberDevice } from "./known-device";
import { burnPasswordCheck, verifyPassword } from "./password";
import { releaseAfterSuccess, reserveAttempt, rulesFor } from "./throttle";

export type SignInResult =
  | { ok: true; employeeId: string; name: string }
  | { ok: false; reason: "invalid_code" | "wrong_credentials" | "inactive" | "throttled" | "unknown"; retryAfter?: number };

/**
 * Personal code + password sign-in, every outcome audited. The attempt is reserved with the
 * throttle (throttle.ts) before the password is checked; on success `device` is the new value of
 * the known-device cookie for the caller to set.
 */
export async function signInWithPassword(
  db: Db,
  input: { personalCode: string; password: string; ip: string | null; deviceCookie?: string },
): Promise<SignInResult & { device?: string }> {
  const code = input.personalCode.trim();
  const audit = (outcome: "ok" | "refused", reason: string, employeeId?: string, extra: Record<string, unknown> = {}) =>
    recordAudit(db, {
      action: "auth.sign_in",
      outcome,
      actorEmployeeId: employeeId ?? null,
      subject: code,
      ip: input.ip,
      details: { method: "password", ...(reason ? { reason } : {}), ...extra },
    });
  if (!isValidPersonalCode(code)) {
    await audit("refused", "invalid_code");
    return { ok: false, reason: "invalid_code" };
  }
  const [row] = await db
    .select({
      id: employees.id,
      active: employees.active,
      first: employees.firstName,
      last: employees.lastName,
      hash: passwordCredentials.passwordHash,
    })
    .from(employees)
    .leftJoin(passwordCredentials, eq(passwordCredentials.employeeId, employees.id))
    .where(eq(employees.personalCode, code));
  const secret = env().AUTH_SECRET;
  const knownDevice = row ? knownDeviceOf(input.deviceCookie, row.id, secret) : null;
  const rules = rulesFor({ code, ip: input.ip, knownDevice, knownNetwork: row ? await knownNetwork(db, row.id, input.ip) : false });
  const reservation = await reserveAttempt(db, rules);
  if (!reservation.ok) {
    await audit("refused", "throttled", row?.id);
    return { ok: false, reason: "throttled", retryAfter: reservation.retryAfter };
  }
  const passwordOk = row?.hash ? await verifyPassword(row.hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!row || !passwordOk) {
    await audit("refused", row ? "wrong_password" : "unknown_code", row?.id, { knownDevice: Boolean(knownDevice) });
    return { ok: false, reason: "wrong_credentials" };
  }
  if (!row.active) {
    await audit("refused", "inactive", row.id);
    return { ok: false, reason: "inactive" };
  }
  await releaseAfterSuccess(db, rules);
  await audit("ok", "", row.id, { knownDevice: Boolean(knownDevice) });
  return { ok: true, employeeId: row.id, name: `${row.first} ${row.last}`, device: rememberDevice(input.deviceCookie, row.id, secret) };
}

/** eID (OpenID Connect) sign-in: the proven personal code must belong to an active employee. */
export async function signInWithEid(
  db: Db,
  input: { personalCode: string | null; rawSubject: string; ip: string | null; method?: string },
): Promise<SignInResult> {
  const audit = (outcome: "ok" | "refused", reason: string, employeeId?: string) =>
    recordAudit(db, {
      action: "auth.sign_in",
      outcome,
      actorEmployeeId: employeeId ?? null,
      subject: input.personalCode ?? input.rawSubject,
      ip: input.ip,
      details: { method: "eid", ...(input.method ? { amr: input.method } : {}), ...(reason ? { reason } : {}) },
    });
  if (!input.personalCode) {
    await audit("refused", "invalid_code");
    return { ok: false, reason: "invalid_code" };
  }
  const [row] = await db
    .select({ id: employees.id, active: employees.active, first: employees.firstName, last: employees.lastName })
    .from(employees)
    .where(eq(employees.personalCode, input.personalCode));
  if (!row) {
    await audit("refused", "unknown_code");
    return { ok: false, reason: "unknown" };
  }
  if (!row.active) {
    await audit("refused", "inactive", row.id);
    return { ok: false, reason: "inactive" };
  }
  await audit("ok", "", row.id);
  return { ok: true, employeeId: row.id, name: `${row.first} ${row.last}` };
}
