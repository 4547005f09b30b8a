import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import {
  casePlanItems,
  casePlans,
  employees,
  employeeSpecialties,
  fundingDecisions,
  fundingSources,
  serviceEntries,
  serviceReports,
  services,
  specialties,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { nextMonthStart } from "@/lib/calendar-days";
import { priceOn } from "@/server/catalogue/prices";
import { lockClient, requireClient } from "@/server/clients/facts";
import type { Db, Tx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { canEnterServices, canOnClient, type ClientFacts } from "@/server/policy/policy";
import { amountCents } from "./amount";
import { assertWithinLimits, usageFor } from "./limits";
import type { DomainContext } from "@/server/domain-context";

export type EntryInput = {
  clientId: string;
  decisionId: string;
  serviceId: string;
  serviceDate: string;
  units: number;
  specialistId: string;
  description: string;
};

export type SoftLimitWarning = { serviceCode: string; serviceName: string; billingUnit: string; plannedUnits: number; usedUnits: number };

function validate(input: EntryInput) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.serviceDate) || Number.isNaN(Date.parse(`${input.serviceDate}T00:00:00Z`))) {
    throw invalid("serviceDate", "errors.dateInvalid", "The date is not valid");
  }
  // Compared with a tolerance: 1.1 * 100 is 110.00000000000001 in floating point.
  if (!(input.units > 0) || Math.abs(Math.round(input.units * 100) - input.units * 100) > 1e-6 || input.units > 999) {
    throw invalid("units", "errors.unitsInvalid", "The amount must be positive, with at most two decimals");
  }
}

/**
 * Records a service occasion in the client's dataset, priced from the price list valid on its
 * day and refused when it would break any hard limit of the decision. The client row is locked
 * first (as the database trigger does), so concurrent entries are checked one after another and
 * the refusal names the limit, what remains and what was asked. Exceeding the case plan (a soft
 * limit) is allowed and returned as a warning.
 */
export async function createEntry({ db, actor, ip }: DomainContext<Db>, input: EntryInput) {
  validate(input);
  return db.transaction(async (tx) => {
    const { facts } = await requireClient({ db: tx, actor, ip }, { clientId: input.clientId, action: "read" });
    if (!canEnterServices(actor, facts)) throw forbidden();
    if (input.specialistId !== actor.employeeId && !canOnClient(actor, "update", facts) && facts.caseManagerId !== actor.employeeId)
      throw forbidden();
    return enterService({ db: tx, actor, ip }, { ...input, sessionId: null });
  });
}

/**
 * The entry itself, inside the caller's transaction, once the caller has decided the actor may
 * make it: used by createEntry and by completing a session.
 */
export async function enterService({ db: tx, actor, ip }: DomainContext<Tx>, input: EntryInput & { sessionId: string | null }) {
  validate(input);
  await lockClient(tx, input.clientId);
  const [decision] = await tx
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!decision) throw invalid("decisionId", "errors.decisionMissing", "Choose one of the client's decisions");
  // The twin of the trigger's service_entries_within_decision_period (decision-day-parity.test.ts).
  if (input.serviceDate < decision.startDate || input.serviceDate > decision.endDate) {
    throw invalid("serviceDate", "errors.entryOutsideDecisionDates", "The date is outside the decision period", {
      start: decision.startDate,
      end: decision.endDate,
    });
  }
  const [specialist] = await tx.select({ active: employees.active }).from(employees).where(eq(employees.id, input.specialistId));
  if (!specialist?.active) throw invalid("specialistId", "errors.employeeInactive", "The specialist must be an active employee");
  const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId));
  if (!service) throw invalid("serviceId", "errors.serviceMissing", "Choose a service");
  // Retiring a service or ending work with a funder stops new entries, also from a session booked
  // earlier; what is already in the dataset stays.
  if (!service.active) {
    throw invalid("serviceId", "errors.serviceInactive", `The service ${service.nameEt} is no longer offered`, {
      service: service.nameEt,
      code: service.code,
    });
  }
  const [funder] = await tx
    .select({ name: fundingSources.name, active: fundingSources.active })
    .from(fundingSources)
    .where(eq(fundingSources.id, decision.fundingSourceId));
  if (!funder?.active) {
    throw invalid("decisionId", "errors.fundingSourceInactive", `The funder ${funder?.name ?? ""} is no longer in use`, {
      funder: funder?.name ?? "",
    });
  }
  const price = await priceOn(tx, { fundingSourceId: decision.fundingSourceId, serviceId: input.serviceId, date: input.serviceDate });
  if (!price) {
    throw invalid("serviceDate", "errors.noPriceOnDayFor", "The price list has no price for this service on this day", {
      service: service.code,
      date: input.serviceDate,
    });
  }
  const cents = amountCents(input.units, price.unitPriceCents);
  assertWithinLimits(decision, await usageFor(tx, decision, { serviceId: input.serviceId, date: input.serviceDate }), {
    cents,
    units: input.units,
  });
  // The specialty the service is given in: the service's own when the specialist has it.
  const held = await tx
    .select({ id: employeeSpecialties.specialtyId })
    .from(employeeSpecialties)
    .where(eq(employeeSpecialties.employeeId, input.specialistId));
  const specialtyId = held.find((s) => s.id === service.specialtyId)?.id ?? held[0]?.id ?? null;
  const [row] = await tx
    .insert(serviceEntries)
    .values({
      clientId: input.clientId,
      decisionId: decision.id,
      serviceId: input.serviceId,
      serviceDate: input.serviceDate,
      units: String(input.units),
      specialistId: input.specialistId,
      specialtyId,
      description: input.description.trim(),
      sessionId: input.sessionId,
      createdBy: actor.employeeId,
    })
    .returning({ id: serviceEntries.id, amountCents: serviceEntries.amountCents, unitPriceCents: serviceEntries.unitPriceCents });
  const warnings = await softLimitWarnings(tx, decision.id, input.serviceId);
  await recordAudit(tx, {
    actorEmployeeId: actor.employeeId,
    action: "entry.create",
    clientId: input.clientId,
    targetType: "service_entry",
    targetId: row!.id,
    ip,
    details: {
      service: service.code,
      date: input.serviceDate,
      units: input.units,
      amountCents: row!.amountCents,
      overPlan: warnings.length > 0,
    },
  });
  return { id: row!.id, amountCents: row!.amountCents, unitPriceCents: row!.unitPriceCents, warnings };
}

async function softLimitWarnings(tx: Tx, decisionId: string, serviceId: string): Promise<SoftLimitWarning[]> {
  const [planned] = await tx
    .select({ units: casePlanItems.plannedUnits, code: services.code, name: services.nameEt, unit: services.billingUnit })
    .from(casePlanItems)
    .innerJoin(casePlans, eq(casePlans.id, casePlanItems.casePlanId))
    .innerJoin(services, eq(services.id, casePlanItems.serviceId))
    .where(and(eq(casePlans.decisionId, decisionId), eq(casePlanItems.serviceId, serviceId)));
  if (!planned) return [];
  const [used] = await tx
    .select({ units: sql<string>`coalesce(sum(${serviceEntries.units}), 0)` })
    .from(serviceEntries)
    .where(and(eq(serviceEntries.decisionId, decisionId), eq(serviceEntries.serviceId, serviceId)));
  const usedUnits = Number(used?.units ?? 0);
  return usedUnits > Number(planned.units)
    ? [{ serviceCode: planned.code, serviceName: planned.name, billingUnit: planned.unit, plannedUnits: Number(planned.units), usedUnits }]
    : [];
}

/** Who may delete an entry by hand: whoever made it or gave it, or whoever may change the client's record. */
export function mayRemoveEntry(actor: Actor, facts: ClientFacts, entry: { createdBy: string | null; specialistId: string }): boolean {
  const own = entry.createdBy === actor.employeeId || entry.specialistId === actor.employeeId;
  return own || canOnClient(actor, "update", facts);
}

export async function deleteEntry({ db, actor, ip }: DomainContext<Db>, { entryId }: { entryId: string }) {
  await db.transaction(async (tx) => {
    const [entry] = await tx.select().from(serviceEntries).where(eq(serviceEntries.id, entryId));
    if (!entry) throw notFound("entry");
    const { facts } = await requireClient({ db: tx, actor, ip }, { clientId: entry.clientId, action: "read" });
    if (!mayRemoveEntry(actor, facts, entry)) throw forbidden();
    if (entry.sessionId)
      throw new AppError("CONFLICT", "errors.entryFromSession", "This entry came from a session; change the session instead");
    await tx.delete(serviceEntries).where(eq(serviceEntries.id, entryId));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "entry.delete",
      clientId: entry.clientId,
      targetType: "service_entry",
      targetId: entryId,
      ip,
      details: { date: entry.serviceDate, amountCents: entry.amountCents },
    });
  });
}

/** The client's dataset, newest first, optionally one month; a read in the audit log. */
export async function listEntries(
  { db, actor, ip }: DomainContext<Db>,
  {
    clientId,
    ...filter
  }: { clientId: string } & {
    decisionId?: string;
    month?: string;
    /** Keyset paging (the exports): at most `limit` rows after this entry in the list's order. */
    page?: { after?: string; limit: number };
  },
) {
  const { facts } = await requireClient({ db, actor, ip }, { clientId, action: "read_clinical" });
  const month = filter.month && /^\d{4}-\d{2}$/.test(filter.month) ? filter.month : undefined;
  const nextMonth = month ? nextMonthStart(month) : undefined;
  const rows = await db
    .select({
      id: serviceEntries.id,
      serviceDate: serviceEntries.serviceDate,
      units: serviceEntries.units,
      description: serviceEntries.description,
      unitPriceCents: serviceEntries.unitPriceCents,
      amountCents: serviceEntries.amountCents,
      vatStatus: serviceEntries.vatStatus,
      decisionId: serviceEntries.decisionId,
      decisionNumber: fundingDecisions.decisionNumber,
      sessionId: serviceEntries.sessionId,
      serviceCode: services.code,
      serviceNameEt: services.nameEt,
      serviceNameEn: services.nameEn,
      billingUnit: services.billingUnit,
      specialistId: serviceEntries.specialistId,
      createdBy: serviceEntries.createdBy,
      specialistName: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}`,
      specialtyEt: specialties.nameEt,
      specialtyEn: specialties.nameEn,
      // The month's report: while confirmed, triggers refuse any change (service_entries_month_lock).
      reportStatus: serviceReports.status,
      reportConfirmedAt: serviceReports.confirmedAt,
    })
    .from(serviceEntries)
    .innerJoin(services, eq(services.id, serviceEntries.serviceId))
    .innerJoin(fundingDecisions, eq(fundingDecisions.id, serviceEntries.decisionId))
    .innerJoin(employees, eq(employees.id, serviceEntries.specialistId))
    .leftJoin(specialties, eq(specialties.id, serviceEntries.specialtyId))
    .leftJoin(
      serviceReports,
      and(
        eq(serviceReports.decisionId, serviceEntries.decisionId),
        eq(serviceReports.month, sql`date_trunc('month', ${serviceEntries.serviceDate})::date`),
      ),
    )
    .where(
      and(
        eq(serviceEntries.clientId, clientId),
        filter.decisionId ? eq(serviceEntries.decisionId, filter.decisionId) : undefined,
        month ? gte(serviceEntries.serviceDate, `${month}-01`) : undefined,
        nextMonth ? lt(serviceEntries.serviceDate, nextMonth) : undefined,
        filter.page?.after
          ? sql`(${serviceEntries.serviceDate}, ${serviceEntries.createdAt}, ${serviceEntries.id}) < (SELECT e.service_date, e.created_at, e.id FROM ${serviceEntries} e WHERE e.id = ${filter.page.after})`
          : undefined,
      ),
    )
    .orderBy(desc(serviceEntries.serviceDate), desc(serviceEntries.createdAt), desc(serviceEntries.id))
    .limit(filter.page?.limit ?? 1_000_000);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.read",
    clientId,
    targetType: "client",
    targetId: clientId,
    ip,
    details: { view: "dataset", ...(month ? { month } : {}) },
  });
  return rows.map(({ reportStatus, reportConfirmedAt, ...r }) => {
    const locked = reportStatus === "confirmed" ? { month: r.serviceDate.slice(0, 7), confirmedAt: reportConfirmedAt! } : null;
    return {
      ...r,
      units: Number(r.units),
      /** The month is confirmed: nothing in it changes until it is reopened. */
      locked,
      // What deleteEntry would allow: by hand (a session's entry goes with its session), in an open month.
      mayDelete: !r.sessionId && !locked && mayRemoveEntry(actor, facts, r),
    };
  });
}
