import { and, eq, gte, lt, ne, sql } from "drizzle-orm";
import { casePlanItems, casePlans, decisionServiceLimits, fundingDecisions, serviceEntries, services } from "@/db/schema";
import { nextMonthStart, yearSpan } from "@/lib/calendar-days";
import type { DbOrTx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export type Decision = typeof fundingDecisions.$inferSelect;

const monthOf = (date: string) => ({ from: `${date.slice(0, 7)}-01`, to: nextMonthStart(date.slice(0, 7)) });
const sumCents = sql<string>`coalesce(sum(${serviceEntries.amountCents}), 0)`;

/** Money already charged against the decision's caps that an entry on `date` would count towards. */
export async function moneyUsage(db: DbOrTx, d: Decision, date: string, exceptEntryId?: string) {
  const except = exceptEntryId ? ne(serviceEntries.id, exceptEntryId) : undefined;
  const year = yearSpan(date);
  const month = monthOf(date);
  const [[period], [yearRow], [monthRow]] = await Promise.all([
    db
      .select({ cents: sumCents })
      .from(serviceEntries)
      .where(and(eq(serviceEntries.decisionId, d.id), except)),
    // The calendar-year cap is per person: all the client's decisions from the same funder.
    db
      .select({ cents: sumCents })
      .from(serviceEntries)
      .innerJoin(fundingDecisions, eq(fundingDecisions.id, serviceEntries.decisionId))
      .where(
        and(
          eq(serviceEntries.clientId, d.clientId),
          eq(fundingDecisions.fundingSourceId, d.fundingSourceId),
          gte(serviceEntries.serviceDate, year.from),
          lt(serviceEntries.serviceDate, year.to),
          except,
        ),
      ),
    db
      .select({ cents: sumCents })
      .from(serviceEntries)
      .where(
        and(
          eq(serviceEntries.decisionId, d.id),
          gte(serviceEntries.serviceDate, month.from),
          lt(serviceEntries.serviceDate, month.to),
          except,
        ),
      ),
  ]);
  return { periodCents: Number(period?.cents ?? 0), yearCents: Number(yearRow?.cents ?? 0), monthCents: Number(monthRow?.cents ?? 0) };
}

/**
 * What is already used against each hard limit that an entry on `date` for `serviceId` would
 * count towards. `exceptEntryId` leaves out the entry being changed.
 *
 * Home of the hard limits: the service_entries trigger (service_entries_price_and_limits), which
 * refuses any write that breaks one. This and assertWithinLimits are its TypeScript twin, kept
 * because the refusal is worded before the write and a booking is warned when nothing is written;
 * limits-parity.test.ts runs both on generated cases and fails on any difference.
 */
export async function usageFor(db: DbOrTx, d: Decision, opts: { serviceId: string; date: string; exceptEntryId?: string }) {
  const except = opts.exceptEntryId ? ne(serviceEntries.id, opts.exceptEntryId) : undefined;
  const [money, limits, [serviceUsed], [service]] = await Promise.all([
    moneyUsage(db, d, opts.date, opts.exceptEntryId),
    db.select().from(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, d.id)),
    db
      .select({ units: sql<string>`coalesce(sum(${serviceEntries.units}), 0)` })
      .from(serviceEntries)
      .where(and(eq(serviceEntries.decisionId, d.id), eq(serviceEntries.serviceId, opts.serviceId), except)),
    db.select({ code: services.code, unit: services.billingUnit }).from(services).where(eq(services.id, opts.serviceId)),
  ]);
  const serviceLimit = limits.find((l) => l.serviceId === opts.serviceId);
  return {
    ...money,
    hasServiceLimits: limits.length > 0,
    serviceLimitUnits: serviceLimit ? Number(serviceLimit.maxUnits) : null,
    serviceUsedUnits: Number(serviceUsed?.units ?? 0),
    serviceCode: service?.code ?? "",
    billingUnit: service?.unit ?? "",
  };
}

const euros = (cents: number) => Math.round(cents) / 100;

/** Refuses, with the limit's name and the figures, an entry that would break a hard limit. */
export function assertWithinLimits(d: Decision, usage: Awaited<ReturnType<typeof usageFor>>, asked: { cents: number; units: number }) {
  const money = (key: string, name: string, limit: number | null, used: number) => {
    if (limit === null || used + asked.cents <= limit) return;
    throw new AppError(
      "LIMIT_EXCEEDED",
      key,
      `${name} would be exceeded: ${euros(limit - used)} EUR remain, ${euros(asked.cents)} EUR asked`,
      {
        // Beside the units: how much is entered is what the person can change.
        field: "units",
        params: { limit: euros(limit), used: euros(used), asked: euros(asked.cents), remaining: euros(Math.max(0, limit - used)) },
      },
    );
  };
  if (usage.hasServiceLimits) {
    if (usage.serviceLimitUnits === null) {
      throw new AppError("LIMIT_EXCEEDED", "errors.limitServiceNotInPlan", "The service is not in the funder's approved plan", {
        field: "serviceId",
        params: { limit: 0, used: 0, asked: asked.units, remaining: 0, service: usage.serviceCode },
      });
    }
    if (usage.serviceUsedUnits + asked.units > usage.serviceLimitUnits) {
      const remaining = Math.max(0, Math.round((usage.serviceLimitUnits - usage.serviceUsedUnits) * 100) / 100);
      throw new AppError(
        "LIMIT_EXCEEDED",
        "errors.limitServiceVolume",
        `The approved volume would be exceeded: ${remaining} remain, ${asked.units} asked`,
        {
          field: "units",
          params: {
            limit: usage.serviceLimitUnits,
            used: usage.serviceUsedUnits,
            asked: asked.units,
            remaining,
            service: usage.serviceCode,
            unit: usage.billingUnit,
          },
        },
      );
    }
  }
  money("errors.limitPeriodCap", "The money cap of the decision period", d.periodCapCents, usage.periodCents);
  money("errors.limitYearlyCap", "The calendar-year money cap", d.yearlyCapCents, usage.yearCents);
  money("errors.limitMonthlyCap", "The monthly cap", d.monthlyCapCents, usage.monthCents);
}

export type LimitLine = {
  kind: "period" | "yearly" | "monthly" | "service";
  /** money limits in cents, service volumes in the service's units */
  limit: number;
  used: number;
  planned: number;
  remaining: number;
  serviceId?: string;
  serviceCode?: string;
  serviceName?: string;
  serviceNameEn?: string;
  billingUnit?: string;
  /** The calendar year or month the figures are for (yearly and monthly caps). */
  periodLabel?: string;
};

/**
 * The decision's limits as the client's record shows them: used, planned in the case plan (at
 * the entry prices so far, or not priced when unused) and what remains, as of `today`.
 */
export async function limitLines(db: DbOrTx, d: Decision, today: string): Promise<{ elapsedPct: number; lines: LimitLine[] }> {
  const asOf = today < d.startDate ? d.startDate : today > d.endDate ? d.endDate : today;
  const dayMs = 86_400_000;
  const total = (Date.parse(d.endDate) - Date.parse(d.startDate)) / dayMs + 1;
  const elapsed = today < d.startDate ? 0 : Math.min(total, (Date.parse(today) - Date.parse(d.startDate)) / dayMs + 1);
  const [limits, perService, plan] = await Promise.all([
    db
      .select({
        serviceId: decisionServiceLimits.serviceId,
        maxUnits: decisionServiceLimits.maxUnits,
        code: services.code,
        nameEt: services.nameEt,
        nameEn: services.nameEn,
        billingUnit: services.billingUnit,
      })
      .from(decisionServiceLimits)
      .innerJoin(services, eq(services.id, decisionServiceLimits.serviceId))
      .where(eq(decisionServiceLimits.decisionId, d.id))
      .orderBy(services.code),
    db
      .select({
        serviceId: serviceEntries.serviceId,
        units: sql<string>`sum(${serviceEntries.units})`,
        cents: sql<string>`sum(${serviceEntries.amountCents})`,
      })
      .from(serviceEntries)
      .where(eq(serviceEntries.decisionId, d.id))
      .groupBy(serviceEntries.serviceId),
    db
      .select({ serviceId: casePlanItems.serviceId, planned: casePlanItems.plannedUnits })
      .from(casePlanItems)
      .innerJoin(casePlans, eq(casePlans.id, casePlanItems.casePlanId))
      .where(eq(casePlans.decisionId, d.id)),
  ]);
  const usage = await moneyUsage(db, d, asOf);
  // Planned money: the case plan's volumes not yet used, at the average price paid so far.
  let plannedCents = 0;
  for (const p of plan) {
    const used = perService.find((s) => s.serviceId === p.serviceId);
    const unitsUsed = Number(used?.units ?? 0);
    const avg = unitsUsed > 0 ? Number(used!.cents) / unitsUsed : 0;
    plannedCents += Math.max(0, Number(p.planned) - unitsUsed) * avg;
  }
  const lines: LimitLine[] = [];
  const moneyLine = (kind: LimitLine["kind"], limit: number | null, used: number, periodLabel?: string) => {
    if (limit !== null)
      lines.push({ kind, limit, used, planned: Math.round(plannedCents), remaining: Math.max(0, limit - used), periodLabel });
  };
  moneyLine("period", d.periodCapCents, usage.periodCents);
  moneyLine("yearly", d.yearlyCapCents, usage.yearCents, asOf.slice(0, 4));
  moneyLine("monthly", d.monthlyCapCents, usage.monthCents, asOf.slice(0, 7));
  for (const l of limits) {
    const used = Number(perService.find((s) => s.serviceId === l.serviceId)?.units ?? 0);
    const planned = Number(plan.find((p) => p.serviceId === l.serviceId)?.planned ?? 0);
    lines.push({
      kind: "service",
      limit: Number(l.maxUnits),
      used,
      planned,
      remaining: Math.max(0, Number(l.maxUnits) - used),
      serviceId: l.serviceId,
      serviceCode: l.code,
      serviceName: l.nameEt,
      serviceNameEn: l.nameEn,
      billingUnit: l.billingUnit,
    });
  }
  return { elapsedPct: Math.round((elapsed / total) * 100), lines };
}
