import { z } from "@/lib/zod";
import { isoMonth, multiLine, singleLine } from "@/lib/schemas";

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
