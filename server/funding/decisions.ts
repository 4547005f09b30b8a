import { and, asc, count, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import { casePlans, decisionServiceLimits, fundingDecisions, fundingSources, serviceEntries, services } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { lockClient, requireClient } from "@/server/clients/facts";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, invalid } from "@/server/errors";
import type { DecisionInput } from "./schemas";
import { servicesPricedBetween } from "@/server/catalogue/prices";
import { capMonths } from "./cap-months";
import { limitLines } from "./limits";
import type { DomainContext } from "@/server/domain-context";

export { clientRef, createDecisionInput, decisionInput, decisionRef, updateDecisionInput, type DecisionInput } from "./schemas";

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

function validate(input: DecisionInput) {
  if (!input.decisionNumber.trim()) throw invalid("decisionNumber", "errors.required", "The decision number is required");
  for (const field of ["decisionDate", "startDate", "endDate"] as const) {
    if (!isDate(input[field])) throw invalid(field, "errors.dateInvalid", `${field} is not a date`);
  }
  if (input.endDate < input.startDate) {
    throw invalid("endDate", "errors.periodEndsBeforeStart", "The period ends before it starts");
  }
  for (const [field, value] of [
    ["periodCapCents", input.periodCapCents],
    ["yearlyCapCents", input.yearlyCapCents],
    ["monthlyCapCents", input.monthlyCapCents],
  ] as const) {
    if (value !== null && !(Number.isInteger(value) && value > 0))
      throw invalid(field, "errors.capPositive", "A cap must be a positive amount");
  }
  const seen = new Set<string>();
  for (const l of input.serviceLimits) {
    if (!(l.maxUnits > 0)) throw invalid("serviceLimits", "errors.volumePositive", "An approved volume must be positive");
    if (seen.has(l.serviceId)) throw invalid("serviceLimits", "errors.serviceTwice", "A service is listed twice");
    seen.add(l.serviceId);
  }
}

async function sourceOf(tx: DbOrTx, fundingSourceId: string) {
  const [source] = await tx.select().from(fundingSources).where(eq(fundingSources.id, fundingSourceId));
  if (!source) throw invalid("fundingSourceId", "errors.fundingSourceMissing", "Choose a funding source");
  if (!source.active)
    throw invalid("fundingSourceId", "errors.fundingSourceInactive", `The funder ${source.name} is no longer in use`, {
      funder: source.name,
    });
  return source;
}

/** Approved volumes only for services still offered; `kept` ones (already on the decision) may stay. */
async function assertServicesOffered(tx: DbOrTx, limits: DecisionInput["serviceLimits"], kept: string[] = []) {
  const ids = limits.map((l) => l.serviceId).filter((id) => !kept.includes(id));
  if (!ids.length) return;
  const [retired] = await tx
    .select({ name: services.nameEt, code: services.code })
    .from(services)
    .where(and(inArray(services.id, ids), eq(services.active, false)))
    .limit(1);
  if (retired)
    throw invalid("serviceLimits", "errors.serviceInactive", `The service ${retired.name} is no longer offered`, {
      service: retired.name,
      code: retired.code,
    });
}

/** SRT and TRT may not run at the same time for one client (the exclusion constraint's twin). */
async function assertNoRehabilitationOverlap(tx: Tx, clientId: string, kind: string, input: DecisionInput, exceptId?: string) {
  if (kind !== "SRT" && kind !== "TRT") return;
  const [clash] = await tx
    .select()
    .from(fundingDecisions)
    .where(
      and(
        eq(fundingDecisions.clientId, clientId),
        inArray(fundingDecisions.fundingKind, ["SRT", "TRT"]),
        sql`${fundingDecisions.startDate} <= ${input.endDate} AND ${fundingDecisions.endDate} >= ${input.startDate}`,
        exceptId ? ne(fundingDecisions.id, exceptId) : undefined,
      ),
    );
  if (clash) {
    throw new AppError("CONFLICT", "errors.rehabilitationOverlapWith", `Overlaps ${clash.fundingKind} decision ${clash.decisionNumber}`, {
      field: "startDate",
      params: { number: clash.decisionNumber, kind: clash.fundingKind, start: clash.startDate, end: clash.endDate },
    });
  }
}

function assertPeriodLength(kind: string, input: DecisionInput) {
  if (kind === "SRT" && input.endDate >= addYears(input.startDate, 2)) {
    throw invalid("endDate", "errors.srtPeriodTooLong", "A social rehabilitation decision is valid for at most two years");
  }
}

async function writeLimits(tx: Tx, decisionId: string, input: DecisionInput) {
  await tx.delete(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, decisionId));
  if (input.serviceLimits.length) {
    await tx
      .insert(decisionServiceLimits)
      .values(input.serviceLimits.map((l) => ({ decisionId, serviceId: l.serviceId, maxUnits: String(l.maxUnits) })));
  }
}

const columns = (input: DecisionInput) => ({
  decisionNumber: input.decisionNumber.trim(),
  decisionDate: input.decisionDate,
  startDate: input.startDate,
  endDate: input.endDate,
  targetGroup: input.targetGroup.trim(),
  periodCapCents: input.periodCapCents,
  yearlyCapCents: input.yearlyCapCents,
  monthlyCapCents: input.monthlyCapCents,
});

export async function createDecision({ db, actor, ip }: DomainContext<Db>, { clientId, ...input }: { clientId: string } & DecisionInput) {
  validate(input);
  return db.transaction(async (tx) => {
    await requireClient({ db: tx, actor, ip }, { clientId, action: "update" });
    await lockClient(tx, clientId);
    const source = await sourceOf(tx, input.fundingSourceId);
    await assertServicesOffered(tx, input.serviceLimits);
    assertPeriodLength(source.kind, input);
    await assertNoRehabilitationOverlap(tx, clientId, source.kind, input);
    const [row] = await tx
      .insert(fundingDecisions)
      .values({
        ...columns(input),
        clientId,
        fundingSourceId: source.id,
        fundingKind: source.kind,
        createdBy: actor.employeeId,
      })
      .returning({ id: fundingDecisions.id });
    await writeLimits(tx, row!.id, input);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "decision.create",
      clientId,
      targetType: "decision",
      targetId: row!.id,
      ip,
      details: { number: input.decisionNumber, kind: source.kind },
    });
    return { id: row!.id };
  });
}

/**
 * Changes a decision. What was already provided must stay inside it: entries may not fall out
 * of the period, and no cap or volume may drop below what is used.
 */
export async function updateDecision(
  { db, actor, ip }: DomainContext<Db>,
  { decisionId, ...input }: { decisionId: string } & DecisionInput,
) {
  validate(input);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
    if (!current) throw invalid("decisionId", "errors.decisionMissing", "The decision does not exist");
    await requireClient({ db: tx, actor, ip }, { clientId: current.clientId, action: "update" });
    await lockClient(tx, current.clientId);
    if (input.fundingSourceId !== current.fundingSourceId) {
      throw invalid("fundingSourceId", "errors.decisionSourceFixed", "The funder of a decision cannot be changed; record a new decision");
    }
    const kept = await tx
      .select({ id: decisionServiceLimits.serviceId })
      .from(decisionServiceLimits)
      .where(eq(decisionServiceLimits.decisionId, decisionId));
    await assertServicesOffered(
      tx,
      input.serviceLimits,
      kept.map((k) => k.id),
    );
    assertPeriodLength(current.fundingKind, input);
    await assertNoRehabilitationOverlap(tx, current.clientId, current.fundingKind, input, decisionId);
    const [outside] = await tx
      .select({ n: count() })
      .from(serviceEntries)
      .where(
        and(
          eq(serviceEntries.decisionId, decisionId),
          or(lt(serviceEntries.serviceDate, input.startDate), gt(serviceEntries.serviceDate, input.endDate)),
        ),
      );
    if (outside!.n > 0) {
      throw new AppError("CONFLICT", "errors.entriesOutsidePeriod", `${outside!.n} entries would fall outside the period`, {
        field: "startDate",
        params: { count: outside!.n },
      });
    }
    const usedPerService = await tx
      .select({ serviceId: serviceEntries.serviceId, units: sql<string>`sum(${serviceEntries.units})` })
      .from(serviceEntries)
      .where(eq(serviceEntries.decisionId, decisionId))
      .groupBy(serviceEntries.serviceId);
    const [[period], [peakYear], [peakMonth]] = await Promise.all([
      tx
        .select({ cents: sql<string>`coalesce(sum(${serviceEntries.amountCents}), 0)` })
        .from(serviceEntries)
        .where(eq(serviceEntries.decisionId, decisionId)),
      tx
        .select({ cents: sql<string>`coalesce(max(s), 0)` })
        .from(
          sql`(SELECT sum(amount_cents) AS s FROM service_entries WHERE decision_id = ${decisionId} GROUP BY date_trunc('year', service_date)) AS y`,
        ),
      tx
        .select({ cents: sql<string>`coalesce(max(s), 0)` })
        .from(
          sql`(SELECT sum(amount_cents) AS s FROM service_entries WHERE decision_id = ${decisionId} GROUP BY date_trunc('month', service_date)) AS m`,
        ),
    ]);
    const below = (cap: number | null, used: string | undefined) => cap !== null && cap < Number(used ?? 0);
    if (below(input.periodCapCents, period?.cents))
      throw invalid("periodCapCents", "errors.capBelowUsed", "The cap is below what is already used", {
        used: Number(period!.cents) / 100,
      });
    if (below(input.yearlyCapCents, peakYear?.cents))
      throw invalid("yearlyCapCents", "errors.capBelowUsed", "The cap is below what is already used", {
        used: Number(peakYear!.cents) / 100,
      });
    if (below(input.monthlyCapCents, peakMonth?.cents))
      throw invalid("monthlyCapCents", "errors.capBelowUsed", "The cap is below what is already used", {
        used: Number(peakMonth!.cents) / 100,
      });
    if (input.serviceLimits.length > 0) {
      for (const u of usedPerService) {
        const l = input.serviceLimits.find((x) => x.serviceId === u.serviceId);
        if (!l || l.maxUnits < Number(u.units)) {
          throw invalid("serviceLimits", "errors.volumeBelowUsed", "An approved volume is below what is already used", {
            used: Number(u.units),
          });
        }
      }
    }
    await tx
      .update(fundingDecisions)
      .set({ ...columns(input), updatedAt: new Date() })
      .where(eq(fundingDecisions.id, decisionId));
    await writeLimits(tx, decisionId, input);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "decision.update",
      clientId: current.clientId,
      targetType: "decision",
      targetId: decisionId,
      ip,
      details: { number: input.decisionNumber },
    });
  });
}

export async function deleteDecision({ db, actor, ip }: DomainContext<Db>, { decisionId }: { decisionId: string }) {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
    if (!current) throw invalid("decisionId", "errors.decisionMissing", "The decision does not exist");
    await requireClient({ db: tx, actor, ip }, { clientId: current.clientId, action: "update" });
    const [used] = await tx.select({ n: count() }).from(serviceEntries).where(eq(serviceEntries.decisionId, decisionId));
    if (used!.n > 0) {
      throw new AppError("CONFLICT", "errors.decisionHasEntries", `The decision has ${used!.n} service entries`, {
        params: { count: used!.n },
      });
    }
    await tx.delete(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "decision.delete",
      clientId: current.clientId,
      targetType: "decision",
      targetId: decisionId,
      ip,
      details: { number: current.decisionNumber },
    });
  });
}

/** The client's decisions with their limits as of today; a read in the audit log. */
export async function listDecisions(
  { db, actor, ip }: DomainContext<Db>,
  { clientId, today = new Date().toISOString().slice(0, 10) }: { clientId: string; today?: string },
) {
  await requireClient({ db, actor, ip }, { clientId, action: "read_clinical" });
  const rows = await db
    .select({
      decision: fundingDecisions,
      sourceName: fundingSources.name,
      sourceNameEn: fundingSources.nameEn,
      hasCasePlan: sql<boolean>`${casePlans.id} IS NOT NULL`,
    })
    .from(fundingDecisions)
    .innerJoin(fundingSources, eq(fundingSources.id, fundingDecisions.fundingSourceId))
    .leftJoin(casePlans, eq(casePlans.decisionId, fundingDecisions.id))
    .where(eq(fundingDecisions.clientId, clientId))
    .orderBy(asc(fundingDecisions.startDate));
  // Each decision's figures are a few small queries: asked for all decisions at once, so a client
  // with ten years of decisions waits for one round of them, not one after another.
  const result = await Promise.all(
    rows.map(async (r) => {
      const [status, pricedServiceIds, months, limits] = await Promise.all([
        limitLines(db, r.decision, today),
        servicesPricedBetween(db, { fundingSourceId: r.decision.fundingSourceId, from: r.decision.startDate, to: r.decision.endDate }),
        capMonths(db, r.decision),
        db
          .select({
            serviceId: decisionServiceLimits.serviceId,
            maxUnits: decisionServiceLimits.maxUnits,
            code: services.code,
            nameEt: services.nameEt,
          })
          .from(decisionServiceLimits)
          .innerJoin(services, eq(services.id, decisionServiceLimits.serviceId))
          .where(eq(decisionServiceLimits.decisionId, r.decision.id)),
      ]);
      return {
        ...r.decision,
        sourceName: r.sourceName,
        sourceNameEn: r.sourceNameEn,
        hasCasePlan: r.hasCasePlan,
        current: r.decision.startDate <= today && today <= r.decision.endDate,
        serviceLimits: limits.map((l) => ({ ...l, maxUnits: Number(l.maxUnits) })),
        pricedServiceIds,
        capMonths: months,
        ...status,
      };
    }),
  );
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.read",
    clientId,
    targetType: "client",
    targetId: clientId,
    ip,
    details: { view: "funding" },
  });
  return result;
}
