import { and, eq, inArray, sql } from "drizzle-orm";
import { invoiceLines, invoices } from "@/db/schema";
import type { DbOrTx, Tx } from "@/server/db/client";
import type { ReportItem } from "./report-contents";
import { decimalText } from "@/lib/format";

type DraftKey = { type: "DEB" | "CRE"; fundingSourceId: string; month: string; clientId: string | null; creditedInvoiceId: string | null };

/**
 * The open draft for a funder and month (and client, or credited invoice), made when missing and
 * locked: two confirmations at the same moment add to the same draft one after the other.
 * `month` is the first day of the month.
 */
export async function lockDraft(tx: Tx, key: DraftKey): Promise<string> {
  await tx.execute(sql`
    INSERT INTO invoices (type, status, funding_source_id, month, client_id, credited_invoice_id)
    VALUES (${key.type}, 'draft', ${key.fundingSourceId}, ${key.month}, ${key.clientId}, ${key.creditedInvoiceId})
    ON CONFLICT (type, funding_source_id, month, coalesce(client_id, '00000000-0000-0000-0000-000000000000'::uuid),
                 coalesce(credited_invoice_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE status = 'draft'
    DO NOTHING`);
  const rows = await tx.execute<{ id: string }>(sql`
    SELECT id FROM invoices
    WHERE status = 'draft' AND type = ${key.type} AND funding_source_id = ${key.fundingSourceId} AND month = ${key.month}
      AND client_id IS NOT DISTINCT FROM ${key.clientId}::uuid AND credited_invoice_id IS NOT DISTINCT FROM ${key.creditedInvoiceId}::uuid
    FOR UPDATE`);
  return rows[0]!.id;
}

/** Totals from the lines: net and VAT are sums of the lines' own rounded cents. */
export async function recomputeTotals(tx: Tx, invoiceId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE invoices i SET net_cents = t.net, vat_cents = t.vat, total_cents = t.net + t.vat, updated_at = now()
    FROM (SELECT coalesce(sum(net_cents), 0) AS net, coalesce(sum(vat_cents), 0) AS vat FROM invoice_lines WHERE invoice_id = ${invoiceId}) t
    WHERE i.id = ${invoiceId}`);
}

export type ReportRef = { reportId: string; clientId: string; clientName: string; clientCode: string | null; decisionNumber: string };

export async function addReportLines(tx: Tx, invoiceId: string, report: ReportRef, items: ReportItem[], sign: 1 | -1 = 1): Promise<void> {
  if (items.length === 0) return;
  await tx.insert(invoiceLines).values(
    items.map((i) => ({
      invoiceId,
      serviceReportId: report.reportId,
      clientId: report.clientId,
      clientName: report.clientName,
      clientCode: report.clientCode,
      decisionNumber: report.decisionNumber,
      serviceId: i.serviceId,
      serviceCode: i.serviceCode,
      serviceName: i.serviceNameEt,
      quantity: decimalText(sign * Number(i.quantity)),
      unit: i.unit,
      unitPriceCents: i.unitPriceCents,
      netCents: sign * i.netCents,
      vatStatus: i.vatStatus,
      vatRate: i.vatRate,
      vatCents: sign * i.vatCents,
      serviceDates: i.serviceDates,
      occasions: i.entries,
    })),
  );
  await recomputeTotals(tx, invoiceId);
}

/**
 * Takes a re-opened report off the invoices: off a draft its lines simply go (an empty draft
 * goes too); a numbered invoice is never edited, so what it charged for the report is cancelled
 * by a credit note (a CRE draft that names the invoice), to be confirmed and sent like an invoice.
 */
export async function withdrawReport(tx: Tx, reportId: string): Promise<{ creditNoteIds: string[] }> {
  const holding = await tx
    .selectDistinct({
      id: invoices.id,
      status: invoices.status,
      type: invoices.type,
      fundingSourceId: invoices.fundingSourceId,
      month: invoices.month,
      clientId: invoices.clientId,
    })
    .from(invoices)
    .innerJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .where(and(eq(invoiceLines.serviceReportId, reportId), eq(invoices.type, "DEB")));
  const creditNoteIds: string[] = [];
  for (const inv of holding) {
    if (inv.status === "draft") {
      await tx.delete(invoiceLines).where(and(eq(invoiceLines.invoiceId, inv.id), eq(invoiceLines.serviceReportId, reportId)));
      const [left] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(invoiceLines)
        .where(eq(invoiceLines.invoiceId, inv.id));
      if (left!.n === 0) await tx.delete(invoices).where(eq(invoices.id, inv.id));
      else await recomputeTotals(tx, inv.id);
      continue;
    }
    // What of this report the invoice still charges after earlier credit notes (drafts included).
    const charged = await tx
      .select({ line: invoiceLines })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(
        and(eq(invoiceLines.serviceReportId, reportId), sql`(${invoices.id} = ${inv.id} OR ${invoices.creditedInvoiceId} = ${inv.id})`),
      );
    const byItem = new Map<
      string,
      (typeof charged)[number]["line"] & { sumNet: number; sumVat: number; sumQty: number; dates: Set<string> }
    >();
    for (const { line } of charged) {
      const key = `${line.serviceId}|${line.unitPriceCents}|${line.vatStatus}|${line.vatRate}`;
      const acc = byItem.get(key) ?? { ...line, sumNet: 0, sumVat: 0, sumQty: 0, dates: new Set<string>() };
      // The credit note names the days of what it cancels: those the invoice charged.
      if (line.netCents > 0) for (const d of line.serviceDates) acc.dates.add(d);
      acc.sumNet += line.netCents;
      acc.sumVat += line.vatCents;
      acc.sumQty += Number(line.quantity);
      byItem.set(key, acc);
    }
    const open = [...byItem.values()].filter((l) => l.sumNet !== 0 || l.sumQty !== 0);
    if (open.length === 0) continue;
    const creditId = await lockDraft(tx, {
      type: "CRE",
      fundingSourceId: inv.fundingSourceId,
      month: inv.month,
      clientId: inv.clientId,
      creditedInvoiceId: inv.id,
    });
    await tx.insert(invoiceLines).values(
      open.map((l) => ({
        invoiceId: creditId,
        serviceReportId: reportId,
        clientId: l.clientId,
        clientName: l.clientName,
        clientCode: l.clientCode,
        decisionNumber: l.decisionNumber,
        serviceId: l.serviceId,
        serviceCode: l.serviceCode,
        serviceName: l.serviceName,
        quantity: decimalText(-l.sumQty),
        unit: l.unit,
        unitPriceCents: l.unitPriceCents,
        netCents: -l.sumNet,
        vatStatus: l.vatStatus,
        vatRate: l.vatRate,
        vatCents: -l.sumVat,
        serviceDates: [...l.dates].sort(),
        occasions: l.dates.size,
      })),
    );
    await recomputeTotals(tx, creditId);
    creditNoteIds.push(creditId);
  }
  return { creditNoteIds };
}

/** The invoices (any status) that hold lines of these reports: for the month view. */
export async function invoicesOfReports(tx: DbOrTx, reportIds: string[]) {
  if (reportIds.length === 0) return [];
  return tx
    .selectDistinct({
      reportId: invoiceLines.serviceReportId,
      invoiceId: invoices.id,
      number: invoices.number,
      status: invoices.status,
      type: invoices.type,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(inArray(invoiceLines.serviceReportId, reportIds));
}
