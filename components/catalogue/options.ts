import type { BillingUnit, FundingKind, VatStatus } from "@/db/schema";

/** The values the catalogue's selects offer, in display order; their labels live in the messages. */
export const FUNDING_KINDS: readonly FundingKind[] = ["SRT", "TRT", "EHT", "KOV", "PRIVATE"];
export const BILLING_UNITS: readonly BillingUnit[] = ["hour", "academic_hour", "session", "day", "month", "km"];
export const VAT_STATUSES: readonly VatStatus[] = ["exempt", "taxable", "not_taxable"];
/** The standard rate since 2024; a taxable price-list row starts with it. */
export const STANDARD_VAT_RATE = 22;

export type { BillingUnit, FundingKind, VatStatus };
