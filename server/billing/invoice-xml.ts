import type { InvoiceDocument } from "./document";
import { buildEInvoiceXml } from "./einvoice";

/**
 * The machine-readable form of an invoice that travels with it: embedded in the PDF/A-3 and
 * attached to the e-mail. One place to choose it, so switching to the EN 16931 UBL (built in
 * server/billing/ubl/ on another branch) is a change of this function alone; until then it is
 * the Estonian e-invoice 1.2.
 */
export type InvoiceXml = { format: "einvoice-1.2" | "en16931-ubl"; fileName: string; content: string; description: string };

export function invoiceXml(doc: InvoiceDocument): InvoiceXml {
  const name = doc.number.replace(/[^A-Za-z0-9_-]/g, "_");
  return { format: "einvoice-1.2", fileName: `${name}.xml`, content: buildEInvoiceXml(doc), description: `e-arve 1.2: ${doc.number}` };
}
