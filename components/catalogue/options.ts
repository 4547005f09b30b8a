import { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus } from "@/db/schema/enums";

/** The values the catalogue's selects offer: the schema's own lists; their labels live in the messages. */
export { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES };
export { VAT_RATE_KINDS, type VatRateKind } from "@/lib/vat-rates";
export { EINVOICE_FORMATS, type EinvoiceFormat } from "@/lib/einvoice-format";

export type { BillingUnit, FundingKind, VatStatus };
