import type { EinvoiceFormat } from "@/db/schema/catalogue";
import type { InvoiceDocument } from "../document";
import { buildEInvoiceXml } from "../einvoice";
import { buildUblXml } from "./ubl";

export type FunderEInvoice = { format: EinvoiceFormat; xml: string; fileName: string };

/**
 * The e-invoice to send a funder, in the format of its setting (funding_sources.einvoice_format):
 * EN 16931 unless both parties agreed on the Estonian e-invoice 1.2. Sending (e-mail attachment,
 * an e-invoice operator) takes the file from here so every channel sends the same thing.
 */
export function funderEInvoice(doc: InvoiceDocument, format: EinvoiceFormat): FunderEInvoice {
  const base = doc.number.replace(/[^A-Za-z0-9_-]/g, "_");
  if (format === "einvoice_1_2") return { format, xml: buildEInvoiceXml(doc), fileName: `${base}.xml` };
  return { format, xml: buildUblXml(doc), fileName: `${base}-en16931.xml` };
}
