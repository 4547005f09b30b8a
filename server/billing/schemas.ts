import { z } from "@/lib/zod";
import { fromForm, orNull } from "@/lib/form-schema";
import { isoMonth, multiLine, singleLine } from "@/lib/schemas";
import { INVOICE_STATUSES, REPORT_FILTER_STATUSES } from "@/db/schema/enums";

/** Inputs of the monthly reports, invoices and the e-Financials connection (server/billing). */
export const monthInput = z.object({ month: isoMonth });
export const reportKey = z.object({ decisionId: z.uuid(), month: isoMonth });
export const reopenReportInput = reportKey.extend({ reason: multiLine(1000) });
export const invoiceKey = z.object({ id: z.uuid() });

/** Where e-Financials (e-arveldaja) answers; the demo is RIK's own test environment. */
export const E_FINANCIALS_URLS = { demo: "https://demo-rmp-api.rik.ee/v1", live: "https://rmp-api.rik.ee/v1" } as const;

export const connectionInput = z.object({
  mode: z.enum(["demo", "live"]),
  baseUrl: singleLine(300).min(1),
  apiKeyId: singleLine(200),
  apiPublicValue: singleLine(200),
  apiPassword: singleLine(500, { trim: false }).nullable(),
});
export type ConnectionInput = z.output<typeof connectionInput>;

/**
 * The API address as saveConnection stores it, or null when it is not one: https, or http to
 * this machine only (the mock server of the tests). The domain refuses by it; the form says it first.
 */
export function apiAddress(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const local = url.protocol === "http:" && ["localhost", "127.0.0.1"].includes(url.hostname);
  return url.protocol === "https:" || local ? url : null;
}

/** The connection form's values: an empty password field keeps the stored password. */
export type ConnectionValues = Omit<ConnectionInput, "apiPassword"> & { apiPassword: string };
const toConnection = (v: ConnectionValues) => ({ ...v, apiPassword: orNull(v.apiPassword) });
export const connectionForm = Object.assign(
  fromForm(connectionInput, toConnection).refine((c) => apiAddress(c.baseUrl) !== null, {
    path: ["baseUrl"],
    message: "billingErrors.baseUrlInvalid",
  }),
  { toInput: toConnection },
);

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
export const monthListInput = z.object({ ...listFilters, status: z.enum(REPORT_FILTER_STATUSES).nullish() });
export const invoiceListInput = z.object({ ...listFilters, status: z.enum(INVOICE_STATUSES).nullish() });
