import { and, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import {
  decisionServiceLimits,
  fundingDecisions,
  serviceEntries,
  services,
  sessionParticipants,
  sessions,
  type BillingUnit,
  type VatStatus,
} from "@/db/schema";
import { yearSpan } from "@/lib/calendar-days";
import type { DbOrTx } from "@/server/db/client";
import type { MonthSpan } from "./months";
import { decimalText } from "@/lib/format";

export type Decision = typeof fundingDecisions.$inferSelect;

/** A sales item of a month's report: one service at one price and VAT. */
export type ReportItem = {
  serviceId: string;
  serviceCode: string;
  serviceNameEt: string;
  serviceNameEn: string;
  unit: BillingUnit;
  unitPriceCents: number;
  vatStatus: VatStatus;
  vatRate: string | null;
  quantity: string;
  netCents: number;
  vatCents: number;
  entries: number;
  /** The distinct days of its entries, ascending (YYYY-MM-DD). */
  serviceDates: string[];
};

/** What stops a month from being confirmed; the UI words each kind. */
export type ReportProblem =
  | { kind: "noEntries" }
  | { kind: "unpriced"; date: string; serviceCode: string }
  | { kind: "sessionNotDone"; startsAt: Date; serviceCode: string; status: string }
  | { kind: "limit"; limit: "period" | "yearly" | "monthly"; capCents: number; usedCents: number }
  | { kind: "volume"; serviceCode: string; maxUnits: number; usedUnits: number }
  | { kind: "notInPlan"; serviceCode: string };

/** VAT of a line in cents, half away from zero, so a credit note is the exact negative of its invoice. */
export function vatOf(netCents: number, vatRate: string | null): number {
  if (!vatRate) return 0;
  const value = Math.round(Math.abs(netCents) * Number(vatRate)) / 100;
  return Math.sign(netCents) * Math.round(value);
}

/**
 * The month's entries of one decision grouped into sales items. The net of an item is the sum of
 * its entries' amounts, so the invoice equals the dataset to the cent.
 */
export async function reportItems(db: DbOrTx, decisionId: string, span: MonthSpan): Promise<ReportItem[]> {
  const rows = await db
    .select({
      serviceId: serviceEntries.serviceId,
      serviceCode: services.code,
      serviceNameEt: services.nameEt,
      serviceNameEn: services.nameEn,
      unit: services.billingUnit,
      unitPriceCents: serviceEntries.unitPriceCents,
      vatStatus: serviceEntries.vatStatus,
      vatRate: serviceEntries.vatRate,
      quantity: sql<string>`sum(${serviceEntries.units})::text`,
      netCents: sql<string>`sum(${serviceEntries.amountCents})`,
      entries: sql<number>`count(*)::int`,
      serviceDates: sql<string[]>`array_agg(DISTINCT ${serviceEntries.serviceDate}::text ORDER BY ${serviceEntries.serviceDate}::text)`,
    })
    .from(serviceEntries)
    .innerJoin(services, eq(services.id, serviceEntries.serviceId))
    .where(
      and(eq(serviceEntries.decisionId, decisionId), gte(serviceEntries.serviceDate, span.from), lt(serviceEntries.serviceDate, span.to)),
    )
    .groupBy(
      serviceEntries.serviceId,
      services.code,
      services.nameEt,
      services.nameEn,
      services.billingUnit,
      serviceEntries.unitPriceCents,
      serviceEntries.vatStatus,
      serviceEntries.vatRate,
    )
    .orderBy(services.code, serviceEntries.unitPriceCents);
  return rows.map((r) => {
    const netCents = Number(r.netCents);
    return { ...r, quantity: decimalText(Number(r.quantity)), netCents, vatCents: vatOf(netCents, r.vatRate) };
  });
}

const sumCents = sql<string>`coalesce(sum(${serviceEntries.amountCents}), 0)`;

/**
 * Everything that must be settled before the month is confirmed: entries without a price,
 * sessions of the client in the month that are still only planned or agreed, and hard limits
 * the stored entries go beyond (a limit lowered after the entries were made).
 */
export async function reportProblems(db: DbOrTx, d: Decision, span: MonthSpan, items: ReportItem[]): Promise<ReportProblem[]> {
  const problems: ReportProblem[] = [];
  if (items.length === 0) problems.push({ kind: "noEntries" });
  const monthFilter = and(
    eq(serviceEntries.decisionId, d.id),
    gte(serviceEntries.serviceDate, span.from),
    lt(serviceEntries.serviceDate, span.to),
  );
  const year = yearSpan(span.from);
  const [unpriced, open, [period], [yearRow], limits, volumes] = await Promise.all([
    db
      .select({ date: serviceEntries.serviceDate, code: services.code })
      .from(serviceEntries)
      .innerJoin(services, eq(services.id, serviceEntries.serviceId))
      .where(and(monthFilter, or(isNull(serviceEntries.priceVersionId), eq(serviceEntries.unitPriceCents, 0))))
      .orderBy(serviceEntries.serviceDate),
    db
      .select({ startsAt: sessions.startsAt, status: sessions.status, code: services.code })
      .from(sessionParticipants)
      .innerJoin(sessions, eq(sessions.id, sessionParticipants.sessionId))
      .innerJoin(services, eq(services.id, sessions.serviceId))
      .where(
        and(
          eq(sessionParticipants.clientId, d.clientId),
          or(eq(sessionParticipants.decisionId, d.id), isNull(sessionParticipants.decisionId)),
          inArray(sessions.status, ["planned", "agreed"]),
          sql`tallinn_month(${sessions.startsAt}) = ${span.from}::date`,
        ),
      )
      .orderBy(sessions.startsAt),
    db.select({ cents: sumCents }).from(serviceEntries).where(eq(serviceEntries.decisionId, d.id)),
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
        ),
      ),
    db
      .select({ serviceId: decisionServiceLimits.serviceId, maxUnits: decisionServiceLimits.maxUnits })
      .from(decisionServiceLimits)
      .where(eq(decisionServiceLimits.decisionId, d.id)),
    db
      .select({ serviceId: serviceEntries.serviceId, code: services.code, units: sql<string>`sum(${serviceEntries.units})` })
      .from(serviceEntries)
      .innerJoin(services, eq(services.id, serviceEntries.serviceId))
      .where(eq(serviceEntries.decisionId, d.id))
      .groupBy(serviceEntries.serviceId, services.code),
  ]);
  for (const u of unpriced) problems.push({ kind: "unpriced", date: u.date, serviceCode: u.code });
  for (const s of open) problems.push({ kind: "sessionNotDone", startsAt: s.startsAt, serviceCode: s.code, status: s.status });
  const monthCents = items.reduce((sum, i) => sum + i.netCents, 0);
  const money = (limit: "period" | "yearly" | "monthly", cap: number | null, used: number) => {
    if (cap !== null && used > cap) problems.push({ kind: "limit", limit, capCents: cap, usedCents: used });
  };
  money("period", d.periodCapCents, Number(period?.cents ?? 0));
  money("yearly", d.yearlyCapCents, Number(yearRow?.cents ?? 0));
  money("monthly", d.monthlyCapCents, monthCents);
  if (limits.length > 0) {
    const inMonth = new Set(items.map((i) => i.serviceId));
    for (const v of volumes) {
      const limit = limits.find((l) => l.serviceId === v.serviceId);
      if (!limit) {
        if (inMonth.has(v.serviceId)) problems.push({ kind: "notInPlan", serviceCode: v.code });
      } else if (Number(v.units) > Number(limit.maxUnits) && inMonth.has(v.serviceId)) {
        problems.push({ kind: "volume", serviceCode: v.code, maxUnits: Number(limit.maxUnits), usedUnits: Number(v.units) });
      }
    }
  }
  return problems;
}
