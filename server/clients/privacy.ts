import { and, desc, eq, inArray, max, or, sql } from "drizzle-orm";
import {
  auditLog,
  casePlanItems,
  casePlans,
  clientAccessGrants,
  clientNetworkContacts,
  generatedDocuments,
  clients,
  clientTeamMembers,
  clientUnits,
  decisionServiceLimits,
  employees,
  fundingDecisions,
  serviceEntries,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, forbidden } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { scopeOf, type ClientFacts } from "@/server/policy/policy";
import { clientPlanDocuments } from "@/server/documents/plan-export";
import { requireClient } from "./facts";
import type { DomainContext } from "@/server/domain-context";

/**
 * Accounting source documents are kept for seven years (Raamatupidamise seadus § 12); a client
 * may be anonymised only when their last decision and service are older than that.
 */
export const RETENTION_YEARS = 7;

/** May the actor see who read this client's data: the case manager, heads of its units, clients:read all. */
export const mayReadAccessHistory = (actor: Actor, facts: ClientFacts) =>
  facts.caseManagerId === actor.employeeId ||
  scopeOf(actor, "clients", "read") === "all" ||
  facts.unitIds.some((u) => actor.headedSubtree.has(u));

/** Who read or changed this client's data, newest first: for the case manager and heads. */
export async function accessHistory({ db, actor }: DomainContext, { clientId, limit = 200 }: { clientId: string; limit?: number }) {
  const { facts } = await requireClient({ db, actor, ip: null }, { clientId, action: "read" });
  if (!mayReadAccessHistory(actor, facts)) throw forbidden();
  return (
    db
      .select({
        seq: auditLog.seq,
        at: auditLog.at,
        action: auditLog.action,
        outcome: auditLog.outcome,
        details: auditLog.details,
        actorName: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
      })
      .from(auditLog)
      .leftJoin(employees, eq(employees.id, auditLog.actorEmployeeId))
      // A calendar view lists the clients it showed (migration 0014 indexes that list).
      .where(or(eq(auditLog.clientId, clientId), sql`${auditLog.details}->'clientIds' ? ${clientId}`))
      .orderBy(desc(auditLog.seq))
      .limit(limit)
  );
}

/** Everything held about the client (GDPR art. 15), as one JSON document; the export is audited. */
export async function exportClient({ db, actor, ip }: DomainContext<Db>, { clientId }: { clientId: string }) {
  const { client } = await requireClient({ db, actor, ip }, { clientId, action: "export" });
  const decisions = await db.select().from(fundingDecisions).where(eq(fundingDecisions.clientId, clientId));
  const decisionIds = decisions.map((d) => d.id);
  const plans = decisionIds.length ? await db.select().from(casePlans).where(inArray(casePlans.decisionId, decisionIds)) : [];
  const [unitRows, team, network, grants, limits, planItems, entries, history] = await Promise.all([
    db.select().from(clientUnits).where(eq(clientUnits.clientId, clientId)),
    db.select().from(clientTeamMembers).where(eq(clientTeamMembers.clientId, clientId)),
    db.select().from(clientNetworkContacts).where(eq(clientNetworkContacts.clientId, clientId)),
    db.select().from(clientAccessGrants).where(eq(clientAccessGrants.clientId, clientId)),
    decisionIds.length ? db.select().from(decisionServiceLimits).where(inArray(decisionServiceLimits.decisionId, decisionIds)) : [],
    plans.length
      ? db
          .select()
          .from(casePlanItems)
          .where(
            inArray(
              casePlanItems.casePlanId,
              plans.map((p) => p.id),
            ),
          )
      : [],
    db.select().from(serviceEntries).where(eq(serviceEntries.clientId, clientId)),
    db
      .select({ at: auditLog.at, action: auditLog.action, actorEmployeeId: auditLog.actorEmployeeId, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.clientId, clientId))
      .orderBy(auditLog.seq),
  ]);
  const { rehabilitationPlans: writtenPlans, summaryAssessments: summaries } = await clientPlanDocuments(db, clientId);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.export",
    clientId,
    targetType: "client",
    targetId: clientId,
    ip,
  });
  return {
    exportedAt: new Date().toISOString(),
    client,
    units: unitRows,
    team,
    network,
    accessGrants: grants,
    fundingDecisions: decisions.map((d) => ({ ...d, serviceLimits: limits.filter((l) => l.decisionId === d.id) })),
    casePlans: plans.map((p) => ({ ...p, items: planItems.filter((i) => i.casePlanId === p.id) })),
    serviceEntries: entries,
    rehabilitationPlans: writtenPlans,
    summaryAssessments: summaries,
    accessHistory: history,
  };
}

/** The day from which the client may be anonymised, or null when nothing holds it back. */
export async function anonymisableFrom(db: DbOrTx, clientId: string): Promise<string | null> {
  const [[decision], [entry]] = await Promise.all([
    db
      .select({ last: max(fundingDecisions.endDate) })
      .from(fundingDecisions)
      .where(eq(fundingDecisions.clientId, clientId)),
    db
      .select({ last: max(serviceEntries.serviceDate) })
      .from(serviceEntries)
      .where(eq(serviceEntries.clientId, clientId)),
  ]);
  const last = [decision?.last, entry?.last]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  if (!last) return null;
  const from = new Date(`${last}T00:00:00Z`);
  from.setUTCFullYear(from.getUTCFullYear() + RETENTION_YEARS);
  return from.toISOString().slice(0, 10);
}

/**
 * Removes everything that identifies the client after the retention period. The row, its
 * decisions and service entries stay (they are accounting records), nameless.
 */
export async function anonymiseClient(
  { db, actor, ip }: DomainContext<Db>,
  { clientId, today = new Date().toISOString().slice(0, 10) }: { clientId: string; today?: string },
) {
  await db.transaction(async (tx) => {
    const { client } = await requireClient({ db: tx, actor, ip }, { clientId, action: "delete" });
    if (client.anonymisedAt) return;
    const from = await anonymisableFrom(tx, clientId);
    if (from && from > today) {
      throw new AppError("CONFLICT", "errors.retentionNotOver", `The retention period runs until ${from}`, { params: { date: from } });
    }
    await tx
      .update(clients)
      .set({
        firstName: "Anonüümne",
        lastName: "klient",
        personalCode: null,
        birthDate: null,
        email: null,
        phone: null,
        address: "",
        county: null,
        notes: "",
        legalRepresentative: "",
        anonymisedAt: new Date(),
      })
      .where(eq(clients.id, clientId));
    await tx.delete(clientNetworkContacts).where(eq(clientNetworkContacts.clientId, clientId));
    // The register's data snapshots name the client; without them a download is made from the anonymised data.
    await tx.update(generatedDocuments).set({ snapshot: null }).where(eq(generatedDocuments.clientId, clientId));
    await tx
      .update(serviceEntries)
      .set({ description: "" })
      .where(and(eq(serviceEntries.clientId, clientId), sql`${serviceEntries.description} <> ''`));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "client.anonymise",
      clientId,
      targetType: "client",
      targetId: clientId,
      ip,
    });
  });
}
