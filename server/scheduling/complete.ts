import { and, eq, sql } from "drizzle-orm";
import { clients, services, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { enterService } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { canEnterServices, scopeOf } from "@/server/policy/policy";
import { publishSessionChange } from "@/server/realtime/publish";
import { assertOpen, coversSpecialists } from "./guards";
import type { BookedSession } from "./sessions";
import { unitsForDuration } from "./units";
import type { DomainContext } from "@/server/domain-context";

/**
 * Who came, and that it was done, is the word of the session's own specialists, or of someone
 * who could have booked it: a unit booker only for the specialists of their unit subtree (as
 * when booking), an institution-wide booker for anyone.
 */
async function assertMayRecord(tx: DbOrTx, actor: Actor, sessionId: string) {
  const specialists = (
    await tx.select({ id: sessionSpecialists.employeeId }).from(sessionSpecialists).where(eq(sessionSpecialists.sessionId, sessionId))
  )
    .map((s) => s.id)
    .sort();
  const mine = specialists.includes(actor.employeeId);
  const scope = scopeOf(actor, "sessions", "book");
  if (!scope) throw forbidden();
  if (!mine && !(await coversSpecialists({ db: tx, actor, ip: null }, { scope, specialistIds: specialists }))) {
    throw new AppError(
      "FORBIDDEN",
      "errors.forbidden",
      "Only the session's specialists, or a booker for them, record attendance or mark it done",
    );
  }
  return { specialists, mine };
}

/** Records who came to a group (or individual) session, before it is marked done. */
export async function setAttendance(
  { db, actor, ip }: DomainContext<Db>,
  { sessionId, clientId, attendance }: { sessionId: string; clientId: string; attendance: "expected" | "present" | "absent" | "excused" },
) {
  const changed = await db.transaction(async (tx) => {
    // The session row first, as completeSession takes it: attendance cannot change under a completion.
    const [session] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for("update");
    if (!session) throw notFound("session");
    await requireClient({ db: tx, actor, ip }, { clientId, action: "read" });
    await assertMayRecord(tx, actor, sessionId);
    assertOpen(session.status);
    const updated = await tx
      .update(sessionParticipants)
      .set({ attendance })
      .where(and(eq(sessionParticipants.sessionId, sessionId), eq(sessionParticipants.clientId, clientId)))
      .returning({ clientId: sessionParticipants.clientId });
    if (!updated.length) throw notFound("participant");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "session.attendance",
      clientId,
      targetType: "session",
      targetId: sessionId,
      ip,
      details: { attendance },
    });
    const specialists = await tx
      .select({ id: sessionSpecialists.employeeId })
      .from(sessionSpecialists)
      .where(eq(sessionSpecialists.sessionId, sessionId));
    return {
      id: sessionId,
      roomId: session.roomId,
      specialistIds: specialists.map((x) => x.id),
      clientIds: [clientId],
      startsAt: session.startsAt,
      endsAt: session.endsAt,
    };
  });
  publishSessionChange("attendance", changed);
}

/**
 * Marks a session done: one priced entry in the dataset of every client who came (present, or
 * still expected), charged to their decision, for the session's length in the service's units.
 * All or nothing: if one client's hard limit refuses, nothing is marked and the refusal names
 * the client and the limit. Whoever marks it done must be allowed to enter services for every
 * client it charges (canEnterServices), as when entering them by hand.
 */
export async function completeSession(
  { db, actor, ip }: DomainContext<Db>,
  { sessionId }: { sessionId: string },
): Promise<BookedSession & { entries: number }> {
  const done = await db.transaction(async (tx) => {
    const [session] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for("update");
    if (!session) throw notFound("session");
    const { specialists, mine } = await assertMayRecord(tx, actor, sessionId);
    // Only a planned or agreed session becomes done; a no-show must be reinstated first.
    assertOpen(session.status);
    const participants = await tx
      .select({ p: sessionParticipants, name: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` })
      .from(sessionParticipants)
      .innerJoin(clients, eq(clients.id, sessionParticipants.clientId))
      .where(eq(sessionParticipants.sessionId, sessionId))
      .orderBy(sessionParticipants.clientId);
    // Every client row now, in id order, before the first entry takes the audit chain's lock:
    // a booking holding one of these clients would otherwise wait for that lock while we wait for it.
    if (participants.length) {
      await tx.execute(
        sql`SELECT 1 FROM ${clients} WHERE ${clients.id} IN ${participants.map((x) => x.p.clientId)} ORDER BY ${clients.id} FOR UPDATE`,
      );
    }
    const [service] = await tx.select().from(services).where(eq(services.id, session.serviceId));
    const minutes = (session.endsAt.getTime() - session.startsAt.getTime()) / 60_000;
    const units = unitsForDuration(service!.billingUnit, minutes);
    const day = tallinnDate(session.startsAt);
    const specialistId = mine ? actor.employeeId : specialists[0]!;
    let entries = 0;
    for (const { p, name } of participants) {
      if (p.attendance === "absent" || p.attendance === "excused") continue;
      const { facts } = await requireClient({ db: tx, actor, ip }, { clientId: p.clientId, action: "read" });
      // Marking done writes into the client's dataset: it needs the right to make those entries,
      // not only to book (a front desk books, but records no one's services).
      if (!canEnterServices(actor, facts)) {
        throw new AppError(
          "FORBIDDEN",
          "errors.completeNeedsEntryRight",
          "Completing would create service entries the caller may not create",
          { params: { client: name } },
        );
      }
      if (!p.decisionId) {
        throw invalid("participants", "errors.participantWithoutDecision", `${name} has no funding decision for ${day}`, {
          client: name,
          date: day,
        });
      }
      try {
        const entry = await enterService(
          { db: tx, actor, ip },
          {
            clientId: p.clientId,
            decisionId: p.decisionId,
            serviceId: session.serviceId,
            serviceDate: day,
            units,
            specialistId,
            description: session.notes,
            sessionId,
          },
        );
        await tx
          .update(sessionParticipants)
          .set({ attendance: "present", entryId: entry.id })
          .where(and(eq(sessionParticipants.sessionId, sessionId), eq(sessionParticipants.clientId, p.clientId)));
        entries++;
      } catch (err) {
        // Say whose limit it is: in a group, the refusal is about one of several people.
        if (err instanceof AppError)
          throw new AppError(err.code, err.messageKey, `${name}: ${err.message}`, {
            params: { ...err.params, client: name },
            field: err.field,
            cause: err,
          });
        throw err;
      }
    }
    await tx.update(sessions).set({ status: "done", updatedAt: new Date() }).where(eq(sessions.id, sessionId));
    const clientIds = participants.map((x) => x.p.clientId);
    for (const clientId of clientIds) {
      await recordAudit(tx, {
        actorEmployeeId: actor.employeeId,
        action: "session.done",
        clientId,
        targetType: "session",
        targetId: sessionId,
        ip,
        details: { entries },
      });
    }
    return {
      id: sessionId,
      roomId: session.roomId,
      specialistIds: specialists,
      clientIds,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      entries,
    };
  });
  publishSessionChange("done", done);
  return done;
}
