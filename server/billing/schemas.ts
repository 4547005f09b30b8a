import { z } from "@/lib/zod";
import { isoMonth, multiLine, singleLine } from "@/lib/schemas";
import { INVOICE_STATUSES } from "@/db/schema/enums";

/** Inputs of the monthly reports, invoices and the e-Financials connection (server/billing). */
export const monthInput = z.object({ month: isoMonth });
export const reportKey = z.object({ decisionId: z.uuid(), month: isoMonth });
export const reopenReportInput = reportKey.extend({ reason: multiLine(1000) });
export const invoiceKey = z.object({ id: z.uuid() });

export const connectionInput = z.object({
  mode: z.enum(["demo", "live"]),
  baseUrl: singleLine(300).min(1),
  apiKeyId: singleLine(200),
  apiPublicValue: singleLine(200),
  apiPassword: singleLine(500, { trim: false }).nullable(),
});

/**
 * The billing page's filters: the clients' unit (with its subtree), the funder and a client's
 * name or personal code, for the month's service reports and invoices alike, each with its own
 * status ("open": no report confirmed yet).
 */
const listFilters = {
  month: isoMonth,
  unitId: z.uuid().nullish(),
  fundingSourceId: z.uuid().nullish(),
  client: z.string().trim().max(100).nullish(),
};
export const REPORT_FILTER_STATUSES = ["open", "confirmed", "reopened"] as const;
export const monthListInput = z.object({ ...listFilters, status: z.enum(REPORT_FILTER_STATUSES).nullish() });
export const invoiceListInput = z.object({ ...listFilters, status: z.enum(INVOICE_STATUSES).nullish() });
