import { eq } from "drizzle-orm";
import {
  decisionServiceLimits,
  fundingDecisions,
  fundingSources,
  priceListItems,
  priceListVersions,
  services,
  type BillingUnit,
  type FundingKind,
  type VatRateKind,
  type VatStatus,
} from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { makeClient } from "./factories";

/**
 * Funding rows written straight into the tables, so tests of clients and funding depend neither
 * on the catalogue's domain functions nor on its seed.
 */

let counter = 0;
const next = () => ++counter;

export async function makeFundingSource(db: DbOrTx, opts: { kind?: FundingKind; name?: string } = {}): Promise<string> {
  const kind = opts.kind ?? "SRT";
  const [row] = await db
    .insert(fundingSources)
    .values({ kind, name: opts.name ?? `${kind} funder ${next()}`, payerName: "Sotsiaalkindlustusamet", payerRegistryCode: "70001975" })
    .returning({ id: fundingSources.id });
  return row!.id;
}

export async function makeService(
  db: DbOrTx,
  opts: { code?: string; nameEt?: string; billingUnit?: BillingUnit; specialtyId?: string | null } = {},
): Promise<string> {
  const n = next();
  const [row] = await db
    .insert(services)
    .values({
      code: opts.code ?? `T${n}`,
      nameEt: opts.nameEt ?? `Teenus ${n}`,
      nameEn: `Service ${n}`,
      billingUnit: opts.billingUnit ?? "hour",
      specialtyId: opts.specialtyId ?? null,
    })
    .returning({ id: services.id });
  return row!.id;
}

export type PriceItemSpec = { serviceId: string; unitPriceCents: number; vatStatus?: VatStatus; vatRateKind?: VatRateKind | null };

/** A price list version valid from..to (inclusive; open when `validTo` is null) with its items. */
export async function makePriceVersion(
  db: DbOrTx,
  opts: { fundingSourceId: string; validFrom: string; validTo?: string | null; items: PriceItemSpec[] },
): Promise<string> {
  const [row] = await db
    .insert(priceListVersions)
    .values({ fundingSourceId: opts.fundingSourceId, validFrom: opts.validFrom, validTo: opts.validTo ?? null })
    .returning({ id: priceListVersions.id });
  if (opts.items.length) {
    await db.insert(priceListItems).values(
      opts.items.map((i) => ({
        versionId: row!.id,
        serviceId: i.serviceId,
        unitPriceCents: i.unitPriceCents,
        vatStatus: i.vatStatus ?? "exempt",
        vatRateKind: i.vatRateKind ?? (i.vatStatus === "taxable" ? "standard" : null),
      })),
    );
  }
  return row!.id;
}

export type DecisionSpec = {
  clientId: string;
  fundingSourceId: string;
  startDate: string;
  endDate: string;
  number?: string;
  periodCapCents?: number | null;
  yearlyCapCents?: number | null;
  monthlyCapCents?: number | null;
  serviceLimits?: { serviceId: string; maxUnits: number }[];
};

/** A decision inserted directly (no overlap check of the app; the database's constraints still hold). */
export async function makeDecision(db: DbOrTx, spec: DecisionSpec): Promise<string> {
  const [source] = await db.select({ kind: fundingSources.kind }).from(fundingSources).where(eq(fundingSources.id, spec.fundingSourceId));
  const [row] = await db
    .insert(fundingDecisions)
    .values({
      clientId: spec.clientId,
      fundingSourceId: spec.fundingSourceId,
      fundingKind: source!.kind,
      decisionNumber: spec.number ?? `F-${next()}`,
      decisionDate: spec.startDate,
      startDate: spec.startDate,
      endDate: spec.endDate,
      periodCapCents: spec.periodCapCents ?? null,
      yearlyCapCents: spec.yearlyCapCents ?? null,
      monthlyCapCents: spec.monthlyCapCents ?? null,
    })
    .returning({ id: fundingDecisions.id });
  if (spec.serviceLimits?.length) {
    await db
      .insert(decisionServiceLimits)
      .values(spec.serviceLimits.map((l) => ({ decisionId: row!.id, serviceId: l.serviceId, maxUnits: String(l.maxUnits) })));
  }
  return row!.id;
}

/** The psychologist's hour of the state price list: 29.36 until 2018-07-31, 29.40 from 2018-08-01. */
export const PRICE_BEFORE_CENTS = 2936;
export const PRICE_AFTER_CENTS = 2940;
export const PRICE_CHANGE_DAY = "2018-08-01";

export type FundingWorld = { sourceId: string; serviceId: string; otherServiceId: string; versionBefore: string; versionAfter: string };

/**
 * A funding source of `kind` with two services and two price list versions around 2018-08-01:
 * 2018-01-01..2018-07-31 and 2018-08-01 onwards (open). Nothing is priced before 2018.
 */
export async function makeFundingWorld(db: DbOrTx, kind: FundingKind = "SRT"): Promise<FundingWorld> {
  const sourceId = await makeFundingSource(db, { kind });
  const serviceId = await makeService(db, { nameEt: "Psühholoogi individuaalteenus" });
  const otherServiceId = await makeService(db, { nameEt: "Füsioterapeudi individuaalteenus" });
  const versionBefore = await makePriceVersion(db, {
    fundingSourceId: sourceId,
    validFrom: "2018-01-01",
    validTo: "2018-07-31",
    items: [
      { serviceId, unitPriceCents: PRICE_BEFORE_CENTS },
      { serviceId: otherServiceId, unitPriceCents: 2900 },
    ],
  });
  const versionAfter = await makePriceVersion(db, {
    fundingSourceId: sourceId,
    validFrom: PRICE_CHANGE_DAY,
    validTo: null,
    items: [
      { serviceId, unitPriceCents: PRICE_AFTER_CENTS },
      { serviceId: otherServiceId, unitPriceCents: 2936 },
    ],
  });
  return { sourceId, serviceId, otherServiceId, versionBefore, versionAfter };
}

/** A client of `unitIds` with a case manager and team, and one decision for them. */
export async function makeClientWithDecision(
  db: DbOrTx,
  opts: { unitIds: string[]; caseManagerId?: string | null; teamIds?: string[]; decision: Omit<DecisionSpec, "clientId"> },
): Promise<{ clientId: string; decisionId: string }> {
  const clientId = await makeClient(db, { unitIds: opts.unitIds, caseManagerId: opts.caseManagerId ?? null, teamIds: opts.teamIds });
  const decisionId = await makeDecision(db, { ...opts.decision, clientId });
  return { clientId, decisionId };
}
