import { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus } from "@/db/schema/enums";

/** The values the catalogue's selects offer: the schema's own lists; their labels live in the messages. */
export { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES };
/** The standard rate since 2024; a taxable price-list row starts with it. */
export const STANDARD_VAT_RATE = 22;

export type { BillingUnit, FundingKind, VatStatus };
