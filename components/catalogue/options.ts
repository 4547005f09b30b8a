import type { BillingUnit, FundingKind, VatStatus } from "@/db/schema";

/** The values the catalogue's selects offer, in display order; their labels live in the messages. */
export const FUNDING_KINDS: readonly FundingKind[] = ["SRT", "TRT", "EHT", "KOV", "PRIVATE"];
export const BILLING_UNITS: readonly BillingUnit[] = ["hour", "academic_hour", "session", "day", "month", "km"];
export const VAT_STATUSES: readonly VatStatus[] = ["exempt", "taxable", "not_taxable"];
export { VAT_RATE_KINDS, type VatRateKind } from "@/lib/vat-rates";
export { EINVOICE_FORMATS, type EinvoiceFormat } from "@/lib/einvoice-format";

export type { BillingUnit, FundingKind, VatStatus };
