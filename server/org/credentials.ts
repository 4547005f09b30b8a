import { eq } from "drizzle-orm";
import { employees, employeeUnits, passwordCredentials } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { forgetSessions, liveSessionsOf, revokeSessions } from "@/server/auth/auth-sessions";
import { hashPassword, oneTimePassword } from "@/server/auth/password";
import type { Db, DbOrTx } from "@/server/db/client";
import { forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { canOnEmployee } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

/**
 * An administrator's hold on another person's sign-in (employees:credentials): end their
 * sessions, or reset their password to a one-time one that only lets them choose a new one.
 */
async function target(db: DbOrTx, actor: Actor, employeeId: string) {
  const [person] = await db.select({ id: employees.id, active: employees.active }).from(employees).where(eq(employees.id, employeeId));
  const unitIds = (await db.select({ id: employeeUnits.unitId }).from(employeeUnits).where(eq(employeeUnits.employeeId, employeeId))).map(
    (u) => u.id,
  );
  if (!person || !canOnEmployee(actor, "read", { id: employeeId, unitIds })) throw notFound("employee");
  if (!canOnEmployee(actor, "credentials", { id: employeeId, unitIds })) throw forbidden();
  return person;
}

/** The person's live sessions (device, address, since), for the administrator's view. */
export async function sessionsOfEmployee({ db, actor }: DomainContext<Db>, { employeeId }: { employeeId: string }) {
  await target(db, actor, employeeId);
  return liveSessionsOf(db, employeeId);
}

export async function endSessionsOf({ db, actor, ip }: DomainContext<Db>, { employeeId }: { employeeId: string }) {
  await target(db, actor, employeeId);
  const ended = await db.transaction(async (tx) => {
    const ids = await revokeSessions(tx, { employeeId }, "ended_by_admin");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "employee.sessions_end",
      targetType: "employee",
      targetId: employeeId,
      ip,
      details: { sessions: ids.length },
    });
    return ids;
  });
  forgetSessions(ended);
  return { ended: ended.length };
}

/**
 * A new one-time password, returned once and never stored in clear or logged: the person must
 * replace it at their next sign-in, and every session they have ends now.
 */
export async function resetPassword({ db, actor, ip }: DomainContext<Db>, { employeeId }: { employeeId: string }) {
  const person = await target(db, actor, employeeId);
  if (employeeId === actor.employeeId) {
    throw invalid("employeeId", "errors.resetOwnPassword", "Change your own password under My account instead");
  }
  if (!person.active) throw invalid("employeeId", "errors.resetInactive", "The employee is not active");
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const ended = await db.transaction(async (tx) => {
    await tx
      .insert(passwordCredentials)
      .values({ employeeId, passwordHash, mustChange: true })
      .onConflictDoUpdate({ target: passwordCredentials.employeeId, set: { passwordHash, mustChange: true, updatedAt: new Date() } });
    const ids = await revokeSessions(tx, { employeeId }, "password_reset");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "employee.password_reset",
      targetType: "employee",
      targetId: employeeId,
      ip,
      details: { sessionsEnded: ids.length },
    });
    return ids;
  });
  forgetSessions(ended);
  return { oneTimePassword: password };
}
