import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import type { BillingUnit, VatStatus } from "@/db/schema/catalogue";
import { invalid } from "@/server/errors";
import { isValidReferenceNumber } from "@/lib/reference-number";
import type { InvoiceDocument, InvoiceLine, InvoiceParty } from "./document";

/**
 * The Estonian e-invoice (e-arve) 1.2 XML of one invoice (domain.md §6), valid against
 * server/testing/fixtures/estonian-e-invoice-1.2.xsd. Element order follows the XSD's sequences; the
 * schema's length limits are applied here so that long names never make the file invalid.
 */

/** Estonian unit names, shared with the PDF and e-Financials so all outputs say the same. */
export const BILLING_UNIT_LABELS_ET: Record<BillingUnit, string> = {
  hour: "tund",
  academic_hour: "akadeemiline tund",
  session: "seanss",
  day: "päev",
  month: "kuu",
  km: "km",
};

const VAT_IDS: Record<VatStatus, "TAX" | "TAXEX" | "NOTTAX"> = { taxable: "TAX", exempt: "TAXEX", not_taxable: "NOTTAX" };

// Limits of the XSD's simple types.
const NORMAL_TEXT = 100;
const SHORT_TEXT = 20;
const LONG_TEXT = 500;
const REG_TYPE = 15;

export type EInvoiceOptions = {
  /** Header/Date, the day the file is made; defaults to the invoice date so the same invoice always yields the same file. */
  fileDate?: string;
  /** Header/Test=YES marks a file that operators must not forward as a real invoice. */
  test?: boolean;
};

export function buildEInvoiceXml(doc: InvoiceDocument, options: EInvoiceOptions = {}): string {
  assertExportable(doc);
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("E_Invoice", {
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:noNamespaceSchemaLocation": "e-invoice_ver1.2.xsd",
  });

  const header = root.ele("Header");
  if (options.test) leaf(header, "Test", "YES");
  leaf(header, "Date", options.fileDate ?? doc.invoiceDate);
  leaf(header, "FileId", doc.number);
  leaf(header, "AppId", "HOOLEKANNE");
  leaf(header, "Version", "1.2");

  const invoice = root.ele("Invoice", invoiceAttributes(doc));
  const parties = invoice.ele("InvoiceParties");
  party(parties.ele("SellerParty"), doc.seller);
  party(parties.ele("BuyerParty"), doc.buyer);
  information(invoice.ele("InvoiceInformation"), doc);
  sums(invoice.ele("InvoiceSumGroup"), doc);
  items(invoice.ele("InvoiceItem"), doc.lines);
  // The note may be longer than one field allows; the schema lets it continue in further elements.
  for (const chunk of chunks(clean(doc.note), LONG_TEXT)) {
    const info = invoice.ele("AdditionalInformation");
    leaf(info, "InformationName", "Märkus");
    leaf(info, "InformationContent", chunk);
  }
  payment(invoice.ele("PaymentInfo"), doc);

  const footer = root.ele("Footer");
  leaf(footer, "TotalNumberInvoices", "1");
  leaf(footer, "TotalAmount", money(doc.totalCents));
  return root.end({ prettyPrint: true });
}

/** Things the schema requires that the document may lack: refused with a message, never guessed. */
function assertExportable(doc: InvoiceDocument): void {
  if (!doc.seller.registryCode)
    throw invalid("seller", "billingErrors.einvoiceSellerRegistryCode", "The e-invoice needs the seller's registry code");
  if (!doc.buyer.registryCode)
    throw invalid("buyer", "billingErrors.einvoiceBuyerRegistryCode", "The e-invoice needs the buyer's registry code");
  if (!doc.seller.iban) throw invalid("seller", "billingErrors.einvoiceSellerIban", "The e-invoice needs the seller's IBAN");
  if (!/^\S{1,20}$/.test(doc.number))
    throw invalid("number", "billingErrors.einvoiceNumber", "An e-invoice number must be 1-20 characters without spaces");
  if (doc.lines.length === 0) throw invalid("lines", "billingErrors.einvoiceNoLines", "An e-invoice needs at least one line");
  if (doc.referenceNumber && !isValidReferenceNumber(doc.referenceNumber)) {
    throw invalid("referenceNumber", "billingErrors.referenceNumberInvalid", "The payment reference fails the 7-3-1 check");
  }
  if (doc.type === "CRE" && !doc.creditedNumber)
    throw invalid("creditedNumber", "billingErrors.einvoiceCreditedNumber", "A credit note must name the invoice it corrects");
}

function invoiceAttributes(doc: InvoiceDocument): Record<string, string> {
  const attrs: Record<string, string> = {
    invoiceId: clip(doc.number, NORMAL_TEXT),
    regNumber: clip(doc.buyer.registryCode!, REG_TYPE),
    sellerRegnumber: clip(doc.seller.registryCode!, REG_TYPE),
    languageId: "et",
  };
  // Operators route by regNumber; only a recipient address that differs from it is a channel address.
  const recipient = doc.buyer.einvoiceRecipient?.trim();
  if (recipient && recipient !== doc.buyer.registryCode) attrs.channelAddress = clip(recipient, NORMAL_TEXT);
  return attrs;
}

function party(el: XMLBuilder, p: InvoiceParty): void {
  leaf(el, "Name", clip(p.name, NORMAL_TEXT));
  leaf(el, "RegNumber", p.registryCode && clip(p.registryCode, REG_TYPE));
  leaf(el, "VATRegNumber", p.vatNumber && clip(p.vatNumber.replace(/\s+/g, ""), REG_TYPE));
  const email = p.email?.trim();
  const address = p.address.trim();
  if (p.phone || email || address) {
    const contact = el.ele("ContactData");
    leaf(contact, "PhoneNumber", p.phone && clip(p.phone, NORMAL_TEXT));
    leaf(contact, "E-mailAddress", email && /.+@.+/.test(email) ? clean(email) : null);
    if (address) legalAddress(contact.ele("LegalAddress"), address);
  }
  if (p.iban) {
    const account = el.ele("AccountInfo");
    leaf(account, "AccountNumber", iban(p.iban));
    leaf(account, "IBAN", iban(p.iban));
  }
}

/**
 * The schema wants street and city apart; the document keeps one line ("Endla 8, 10142 Tallinn").
 * The last comma-separated part is read as "[postal code] city", the rest as the street.
 */
function legalAddress(el: XMLBuilder, address: string): void {
  const parts = address
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const last = parts.length > 1 ? parts.pop()! : "";
  const postal = /\b\d{5}\b/.exec(last)?.[0] ?? null;
  const city = postal ? last.replace(postal, "").replace(/\s+/g, " ").trim() : last;
  leaf(el, "PostalAddress1", clip(parts.join(", "), NORMAL_TEXT));
  leaf(el, "City", clip(city, NORMAL_TEXT));
  leaf(el, "PostalCode", postal);
}

function information(el: XMLBuilder, doc: InvoiceDocument): void {
  const type = el.ele("Type", { type: doc.type });
  if (doc.type === "CRE") leaf(type, "SourceInvoice", clip(doc.creditedNumber!, SHORT_TEXT));
  leaf(el, "DocumentName", doc.type === "CRE" ? "Kreeditarve" : "Arve");
  leaf(el, "InvoiceNumber", clip(doc.number, NORMAL_TEXT));
  leaf(el, "PaymentReferenceNumber", doc.referenceNumber || null);
  leaf(el, "InvoiceDate", doc.invoiceDate);
  leaf(el, "DueDate", doc.dueDate);
  leaf(el, "PaymentTerm", `${doc.paymentTermDays} päeva`);
  const period = el.ele("Period");
  leaf(period, "PeriodName", doc.periodStart.slice(0, 7));
  leaf(period, "StartDate", doc.periodStart);
  leaf(period, "EndDate", doc.periodEnd);
}

function sums(el: XMLBuilder, doc: InvoiceDocument): void {
  leaf(el, "InvoiceSum", money(doc.netCents));
  for (const group of doc.vatGroups) {
    const vat = el.ele("VAT", { vatId: VAT_IDS[group.vatStatus] });
    leaf(vat, "SumBeforeVAT", money(group.netCents));
    leaf(vat, "VATRate", vatRate(group.vatStatus, group.vatRate));
    leaf(vat, "VATSum", money(group.vatCents));
    leaf(vat, "Currency", doc.currency);
    leaf(vat, "SumAfterVAT", money(group.netCents + group.vatCents));
  }
  leaf(el, "TotalVATSum", money(doc.vatCents));
  leaf(el, "TotalSum", money(doc.totalCents));
  leaf(el, "TotalToPay", money(doc.totalCents));
  leaf(el, "Currency", doc.currency);
}

/** One item group per client and decision, the way funders check an invoice against their decisions. */
function items(el: XMLBuilder, lines: InvoiceLine[]): void {
  const groups = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    const key = `${line.clientCode ?? line.clientName}\u0000${line.decisionNumber}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  for (const group of groups.values()) {
    const groupEl = el.ele("InvoiceItemGroup");
    for (const line of group) itemEntry(groupEl.ele("ItemEntry"), line);
    const first = group[0]!;
    leaf(groupEl.ele("GroupEntry"), "GroupDescription", clip(`${first.clientName}, otsus ${first.decisionNumber}`, NORMAL_TEXT));
  }
}

function itemEntry(el: XMLBuilder, line: InvoiceLine): void {
  leaf(el, "RowNo", String(line.position));
  leaf(el, "SellerProductId", clip(line.serviceCode, SHORT_TEXT));
  leaf(el, "CustomerRef", clip(line.decisionNumber, NORMAL_TEXT));
  const who = line.clientCode ? `${line.clientName} (${line.clientCode})` : line.clientName;
  leaf(el, "Description", clip(`${line.serviceCode} ${line.serviceName}; ${who}; otsus ${line.decisionNumber}`, LONG_TEXT));
  const detail = el.ele("ItemDetailInfo");
  leaf(detail, "ItemUnit", BILLING_UNIT_LABELS_ET[line.unit]);
  leaf(detail, "ItemAmount", quantity(line.quantity));
  leaf(detail, "ItemPrice", money(line.unitPriceCents));
  leaf(el, "ItemSum", money(line.netCents));
  const vat = el.ele("VAT", { vatId: VAT_IDS[line.vatStatus] });
  leaf(vat, "VATRate", vatRate(line.vatStatus, line.vatRate));
  leaf(vat, "VATSum", money(line.vatCents));
  leaf(el, "ItemTotal", money(line.netCents + line.vatCents));
}

function payment(el: XMLBuilder, doc: InvoiceDocument): void {
  leaf(el, "Currency", doc.currency);
  leaf(el, "PaymentRefId", doc.referenceNumber || null);
  leaf(el, "PaymentDescription", paymentDescription(`${doc.type === "CRE" ? "Kreeditarve" : "Arve"} ${doc.number}`));
  // A credit note is settled against the credited invoice, not paid.
  leaf(el, "Payable", doc.type === "DEB" && doc.totalCents > 0 ? "YES" : "NO");
  leaf(el, "PayDueDate", doc.dueDate);
  leaf(el, "PaymentTotalSum", money(doc.totalCents));
  leaf(el, "PayerName", clip(doc.buyer.name, NORMAL_TEXT));
  leaf(el, "PaymentId", clip(doc.number, NORMAL_TEXT));
  leaf(el, "PayToAccount", iban(doc.seller.iban!));
  leaf(el, "PayToName", clip(doc.seller.name, NORMAL_TEXT));
}

/** Adds <name>value</name>; optional elements are left out rather than written empty. */
function leaf(parent: XMLBuilder, name: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === "") return;
  parent.ele(name).txt(value);
}

/** Drops characters XML 1.0 cannot carry (the builder would write them as they are). */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").trim();
}

function clip(s: string, max: number): string {
  const c = clean(s);
  return c.length <= max ? c : `${c.slice(0, max - 1)}…`;
}

function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The payment description travels to banks: the schema allows Latin-1 plus Š š Ž ž only. */
function paymentDescription(s: string): string {
  return clean(s)
    .replace(/[^\u0020-\u00ff\u0160\u0161\u017d\u017e]/g, "?")
    .slice(0, 210);
}

function iban(s: string): string {
  return s.replace(/\s+/g, "").toUpperCase();
}

/** Cents as a decimal with two places ("-1234.50"): exact, no floating point. */
export function money(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a cent amount: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function quantity(q: string): string {
  if (!/^-?\d+(\.\d{1,4})?$/.test(q)) throw invalid("quantity", "billingErrors.quantityInvalid", `Not a quantity: ${q}`);
  return q;
}

/** Exempt and out-of-scope lines carry rate 0: the schema requires a rate in every VAT element. */
function vatRate(status: VatStatus, rate: string | null): string {
  if (status !== "taxable") return "0.00";
  if (!rate || !/^\d{1,3}(\.\d{1,2})?$/.test(rate))
    throw invalid("vatRate", "billingErrors.vatRateInvalid", `A taxable line needs a VAT rate, got ${rate}`);
  return rate;
}
