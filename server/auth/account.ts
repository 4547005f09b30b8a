import { eq } from "drizzle-orm";
import { passwordCredentials } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { AppError, invalid } from "@/server/errors";
import { forgetSessions, liveSessionsOf, revokeNow, revokeSessions } from "./auth-sessions";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { releaseAfterSuccess, reserveAttempt } from "./throttle";
import type { DomainContext } from "@/server/domain-context";

/** What a signed-in person does with their own account: sessions and password. */

export async function mySessions({ db, actor }: DomainContext<Db>, { currentSid }: { currentSid: string | null }) {
  const rows = await liveSessionsOf(db, actor.employeeId);
  return rows.map((r) => ({ ...r, current: r.id === currentSid }));
}

/** Ends every session of the person, this one included. */
export async function signOutEverywhere({ db, actor, ip }: DomainContext<Db>) {
  const ended = await revokeNow(db, { employeeId: actor.employeeId }, "sign_out_everywhere");
  await recordAudit(db, { action: "auth.sign_out_everywhere", actorEmployeeId: actor.employeeId, ip, details: { sessions: ended.length } });
  return { ended: ended.length };
}

/** Ends one of the person's own other sessions (e.g. a forgotten computer). */
export async function endMySession({ db, actor, ip }: DomainContext<Db>, { sid }: { sid: string }) {
  const mine = (await liveSessionsOf(db, actor.employeeId)).some((s) => s.id === sid);
  if (!mine) throw new AppError("NOT_FOUND", "errors.notFound", "Session not found", { params: { what: "session" } });
  await revokeNow(db, { sid }, "sign_out");
  await recordAudit(db, { action: "auth.session_end", actorEmployeeId: actor.employeeId, ip, targetType: "auth_session", targetId: sid });
}

/**
 * Changes the person's own password: the current one must be given (a session left open is not
 * enough to take over the account), the new one must pass the policy, and every other session
 * of the person ends.
 */
export async function changePassword(
  { db, actor, ip }: DomainContext<Db>,
  input: { currentPassword: string; newPassword: string; currentSid: string | null },
) {
  // An open session must not become a way to guess the password: the same throttle as sign-in.
  const rules = [{ key: `change:${actor.employeeId}`, free: 5 }];
  const reservation = await reserveAttempt(db, rules);
  if (!reservation.ok) {
    throw new AppError("TOO_MANY_REQUESTS", "errors.tooManyAttempts", "Too many attempts; try again later", {
      params: { seconds: reservation.retryAfter },
      field: "currentPassword",
    });
  }
  const [credential] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.employeeId, actor.employeeId));
  if (!credential || !(await verifyPassword(credential.passwordHash, input.currentPassword))) {
    await recordAudit(db, {
      action: "auth.password_change",
      outcome: "refused",
      actorEmployeeId: actor.employeeId,
      ip,
      details: { reason: "wrong_current_password" },
    });
    throw invalid("currentPassword", "errors.currentPasswordWrong", "The current password is not right");
  }
  const problem = passwordProblem(input.newPassword, actor.personalCode);
  if (problem) throw invalid("newPassword", problem.messageKey, problem.message, problem.params);
  if (await verifyPassword(credential.passwordHash, input.newPassword)) {
    throw invalid("newPassword", "errors.passwordUnchanged", "The new password must differ from the current one");
  }
  await releaseAfterSuccess(db, rules);
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await db.transaction(async (tx) => {
    await tx
      .update(passwordCredentials)
      .set({ passwordHash, mustChange: false, updatedAt: new Date() })
      .where(eq(passwordCredentials.employeeId, actor.employeeId));
    const ids = await revokeSessions(tx, { employeeId: actor.employeeId, except: input.currentSid }, "password_changed");
    await recordAudit(tx, {
      action: "auth.password_change",
      actorEmployeeId: actor.employeeId,
      ip,
      details: { sessionsEnded: ids.length },
    });
    return ids;
  });
  // The current session's cached "must change" flag goes too.
  forgetSessions(ended);
  if (input.currentSid) forgetSessions([input.currentSid], { revoked: false });
  return { sessionsEnded: ended.length };
}

/** Whether the person can sign in with a password at all (eID-only people have none to change). */
export async function hasPassword(db: Db, employeeId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: passwordCredentials.employeeId })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.employeeId, employeeId));
  return Boolean(row);
}
