import type { InvoiceDocument } from "./document";
import { funderEInvoice } from "./ubl/funder-einvoice";

/**
 * The machine-readable form of an invoice that travels with it: embedded in the PDF/A-3 and
 * attached to the e-mail. It is the e-invoice of the funder's setting (funding_sources.
 * einvoice_format, carried on the document): EN 16931 UBL unless the funder agreed to the
 * Estonian e-invoice 1.2. A document without the setting (built by hand) gets e-invoice 1.2.
 */
export type InvoiceXml = { format: "einvoice-1.2" | "en16931-ubl"; fileName: string; content: string; description: string };

export function invoiceXml(doc: InvoiceDocument): InvoiceXml {
  const chosen = funderEInvoice(doc, doc.einvoiceFormat ?? "einvoice_1_2");
  return chosen.format === "en16931"
    ? { format: "en16931-ubl", fileName: chosen.fileName, content: chosen.xml, description: `EN 16931: ${doc.number}` }
    : { format: "einvoice-1.2", fileName: chosen.fileName, content: chosen.xml, description: `e-arve 1.2: ${doc.number}` };
}
