/**
 * The value lists of the schema's enumerated text columns, in display order. Kept free of
 * drizzle so the forms can import the very lists the columns are typed with (and the check
 * constraints written from) instead of copies: a new value is then added in one place.
 */

export const FUNDING_KINDS = ["SRT", "TRT", "EHT", "KOV", "PRIVATE"] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];
export const BILLING_UNITS = ["hour", "academic_hour", "session", "day", "month", "km"] as const;
export type BillingUnit = (typeof BILLING_UNITS)[number];
export const VAT_STATUSES = ["exempt", "taxable", "not_taxable"] as const;
export type VatStatus = (typeof VAT_STATUSES)[number];
/** How a funder's invoices go out: through e-Financials, another e-invoice operator, or e-mail (PDF + XML). */
export const SEND_CHANNELS = ["e-financials", "operator", "email"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

export const LANGUAGES = ["et", "ru", "en", "uk", "other"] as const;
export type Language = (typeof LANGUAGES)[number];
export const NETWORK_KINDS = ["relative", "municipal_social_worker", "funder_case_manager", "other"] as const;
export const CONSENTS = ["share_information", "attend_meetings", "receive_documents", "contact_in_emergency"] as const;

export const SESSION_STATUSES = ["planned", "agreed", "done", "cancelled", "no_show"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const ATTENDANCE = ["expected", "present", "absent", "excused"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/**
 * The billing page's filter on a client's month: "open" (no report confirmed yet) and the month
 * report's states. Here rather than beside the list's zod input, so that the page's filter does
 * not load every billing schema (and zod) with it.
 */
export const REPORT_FILTER_STATUSES = ["open", "confirmed", "reopened"] as const;
export const INVOICE_STATUSES = ["draft", "confirmed", "sent", "paid", "credited"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
