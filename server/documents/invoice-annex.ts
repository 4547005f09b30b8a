import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { invoiceLines, invoices, serviceEntries, serviceReports, services, type BillingUnit } from "@/db/schema";
import { nextMonthStart } from "@/lib/calendar-days";
import { requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { institutionLines } from "./institution";
import { decimalText } from "@/lib/format";

export const invoiceAnnexInput = z.object({ clientId: z.uuid(), invoiceId: z.uuid() });
export type InvoiceAnnexInput = z.infer<typeof invoiceAnnexInput>;

export const annexInvoicesInput = z.object({ clientId: z.uuid() });

/** The numbered invoices and credit notes (and open drafts) that hold lines of the client, newest first, for choosing an annex. */
export async function listAnnexInvoices(ctx: DomainContext, input: z.infer<typeof annexInvoicesInput>) {
  await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  return ctx.db
    .selectDistinct({ id: invoices.id, number: invoices.number, month: invoices.month, type: invoices.type, status: invoices.status })
    .from(invoices)
    .innerJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .where(eq(invoiceLines.clientId, input.clientId))
    .orderBy(desc(invoices.month), desc(invoices.number));
}

export type AnnexRow = { date: string; units: string; unitPriceCents: number; amountCents: number };
export type AnnexLine = {
  decisionNumber: string;
  serviceCode: string;
  serviceName: string;
  unit: BillingUnit;
  unitPriceCents: number;
  quantity: string;
  netCents: number;
  rows: AnnexRow[];
};
export type InvoiceAnnex = {
  institution: string[];
  client: { name: string; personalCode: string | null };
  invoice: { number: string | null; month: string; type: "DEB" | "CRE" };
  lines: AnnexLine[];
  netCents: number;
};

/**
 * The invoice annex of one client (#13 item 5): for each line of the invoice that is the
 * client's, the service entries it sums up (date, units, price, sum). The entries are found the
 * way the line was made (server/billing/report-contents.ts: the report's decision and month, one
 * service at one price and VAT), so the annex's sums are the line's to the cent; a credit note's
 * rows carry its sign.
 */
export async function loadInvoiceAnnex(ctx: DomainContext, input: InvoiceAnnexInput): Promise<InvoiceAnnex> {
  const { client } = await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  const [invoice] = await ctx.db.select().from(invoices).where(eq(invoices.id, input.invoiceId));
  if (!invoice) throw notFound("invoice");
  const lines = await ctx.db
    .select({ line: invoiceLines, decisionId: serviceReports.decisionId, month: serviceReports.month })
    .from(invoiceLines)
    .innerJoin(serviceReports, eq(serviceReports.id, invoiceLines.serviceReportId))
    .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.clientId, input.clientId)))
    .orderBy(asc(invoiceLines.decisionNumber), asc(invoiceLines.serviceCode), asc(invoiceLines.unitPriceCents));
  if (lines.length === 0) {
    throw invalid("invoiceId", "errors.invoiceAnnexNoLines", "The invoice has no lines for this client", {
      number: invoice.number ?? "",
    });
  }
  const sign = invoice.type === "CRE" ? -1 : 1;
  const out: AnnexLine[] = [];
  for (const { line, decisionId, month } of lines) {
    const entries = await ctx.db
      .select({ date: serviceEntries.serviceDate, units: serviceEntries.units, amountCents: serviceEntries.amountCents })
      .from(serviceEntries)
      .innerJoin(services, eq(services.id, serviceEntries.serviceId))
      .where(
        and(
          eq(serviceEntries.decisionId, decisionId),
          eq(serviceEntries.serviceId, line.serviceId),
          eq(serviceEntries.unitPriceCents, line.unitPriceCents),
          eq(serviceEntries.vatStatus, line.vatStatus),
          sql`${serviceEntries.vatRate} IS NOT DISTINCT FROM ${line.vatRate}::numeric`,
          gte(serviceEntries.serviceDate, month),
          lt(serviceEntries.serviceDate, nextMonthStart(month.slice(0, 7))),
        ),
      )
      .orderBy(asc(serviceEntries.serviceDate), asc(serviceEntries.createdAt));
    out.push({
      decisionNumber: line.decisionNumber,
      serviceCode: line.serviceCode,
      serviceName: line.serviceName,
      unit: line.unit,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      netCents: line.netCents,
      rows: entries.map((e) => ({
        date: e.date,
        units: decimalText(sign * Number(e.units)),
        unitPriceCents: line.unitPriceCents,
        amountCents: sign * e.amountCents,
      })),
    });
  }
  return {
    institution: await institutionLines(ctx.db),
    client: { name: `${client.firstName} ${client.lastName}`, personalCode: client.personalCode },
    invoice: { number: invoice.number, month: invoice.month.slice(0, 7), type: invoice.type },
    lines: out,
    netCents: out.reduce((s, l) => s + l.netCents, 0),
  };
}
