import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import type { VatStatus } from "@/db/schema/catalogue";
import { isValidReferenceNumber } from "@/lib/reference-number";
import { invalid } from "@/server/errors";
import type { InvoiceDocument, InvoiceLine, InvoiceParty, InvoiceVatGroup } from "../document";
import { money } from "../einvoice";
import { EXEMPTION, UNIT_CODES, VAT_CATEGORY } from "./codes";

/**
 * An invoice or credit note as UBL 2.1 following Peppol BIS Billing 3.0, the syntax of EN 16931
 * that Estonian operators exchange (domain.md §10). Element order follows the UBL 2.1 XSD
 * sequences; what the business rules demand is refused here with a message naming the field,
 * never guessed. Checked in server/billing/ubl/ubl.test.ts against the XSD and both rule sets.
 */

const NS = {
  Invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  CreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
};
/** Set by Peppol BIS Billing 3.0 (BT-23, BT-24). */
export const PEPPOL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const PEPPOL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
/** ISO 6523 ICD of the Estonian Business Register: parties are identified by registry code. */
export const ESTONIAN_REGISTRY_SCHEME = "0191";

export function buildUblXml(doc: InvoiceDocument): string {
  assertExportable(doc);
  const credit = doc.type === "CRE";
  // Our credit note carries negative lines; UBL says "credit" by the document type, so its amounts are positive.
  const sign = credit ? -1 : 1;
  const kind = credit ? "CreditNote" : "Invoice";
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(NS[kind], kind, { "xmlns:cac": NS.cac, "xmlns:cbc": NS.cbc });

  cbc(root, "CustomizationID", PEPPOL_CUSTOMIZATION_ID);
  cbc(root, "ProfileID", PEPPOL_PROFILE_ID);
  cbc(root, "ID", doc.number);
  cbc(root, "IssueDate", doc.invoiceDate);
  if (!credit) cbc(root, "DueDate", doc.dueDate);
  cbc(root, credit ? "CreditNoteTypeCode" : "InvoiceTypeCode", credit ? "381" : "380");
  if (text(doc.note)) cbc(root, "Note", text(doc.note));
  cbc(root, "DocumentCurrencyCode", doc.currency);
  cbc(root, "BuyerReference", buyerReference(doc));
  const period = root.ele(NS.cac, "cac:InvoicePeriod");
  cbc(period, "StartDate", doc.periodStart);
  cbc(period, "EndDate", doc.periodEnd);
  if (credit) cbc(root.ele(NS.cac, "cac:BillingReference").ele(NS.cac, "cac:InvoiceDocumentReference"), "ID", doc.creditedNumber!);

  party(root.ele(NS.cac, "cac:AccountingSupplierParty").ele(NS.cac, "cac:Party"), doc.seller, true);
  party(root.ele(NS.cac, "cac:AccountingCustomerParty").ele(NS.cac, "cac:Party"), doc.buyer, false);

  const means = root.ele(NS.cac, "cac:PaymentMeans");
  cbc(means, "PaymentMeansCode", "58", { name: "SEPA credit transfer" });
  if (credit) cbc(means, "PaymentDueDate", doc.dueDate);
  cbc(means, "PaymentID", doc.referenceNumber);
  const account = means.ele(NS.cac, "cac:PayeeFinancialAccount");
  cbc(account, "ID", iban(doc.seller.iban!));
  cbc(account, "Name", text(doc.seller.name));
  cbc(root.ele(NS.cac, "cac:PaymentTerms"), "Note", `${doc.paymentTermDays} päeva`);

  const taxTotal = root.ele(NS.cac, "cac:TaxTotal");
  amount(taxTotal, "TaxAmount", sign * doc.vatCents);
  for (const group of doc.vatGroups) subtotal(taxTotal.ele(NS.cac, "cac:TaxSubtotal"), group, sign);

  const totals = root.ele(NS.cac, "cac:LegalMonetaryTotal");
  amount(totals, "LineExtensionAmount", sign * doc.netCents);
  amount(totals, "TaxExclusiveAmount", sign * doc.netCents);
  amount(totals, "TaxInclusiveAmount", sign * doc.totalCents);
  amount(totals, "PayableAmount", sign * doc.totalCents);

  for (const line of doc.lines) invoiceLine(root.ele(NS.cac, credit ? "cac:CreditNoteLine" : "cac:InvoiceLine"), line, credit, sign);
  return root.end({ prettyPrint: true });
}

function assertExportable(doc: InvoiceDocument): void {
  if (!doc.seller.registryCode)
    throw invalid("seller", "billingErrors.einvoiceSellerRegistryCode", "The e-invoice needs the seller's registry code");
  if (!doc.buyer.registryCode)
    throw invalid("buyer", "billingErrors.einvoiceBuyerRegistryCode", "The e-invoice needs the buyer's registry code");
  if (!doc.seller.iban) throw invalid("seller", "billingErrors.einvoiceSellerIban", "The e-invoice needs the seller's IBAN");
  if (doc.lines.length === 0) throw invalid("lines", "billingErrors.einvoiceNoLines", "An e-invoice needs at least one line");
  if (doc.type === "CRE" && !doc.creditedNumber)
    throw invalid("creditedNumber", "billingErrors.einvoiceCreditedNumber", "A credit note must name the invoice it corrects");
  if (!doc.referenceNumber || !isValidReferenceNumber(doc.referenceNumber)) {
    throw invalid("referenceNumber", "billingErrors.referenceNumberInvalid", "The payment reference fails the 7-3-1 check");
  }
  // BR-S-02: a taxed line needs the seller's VAT number.
  if (doc.lines.some((l) => l.vatStatus === "taxable") && !doc.seller.vatNumber) {
    throw invalid("seller", "billingErrors.ublSellerVatNumber", "A taxed EN 16931 invoice needs the seller's VAT number");
  }
  // BR-O-11..14: "not subject to VAT" may not stand beside other categories in one document.
  const statuses = new Set(doc.lines.map((l) => l.vatStatus));
  if (statuses.has("not_taxable") && statuses.size > 1) {
    throw invalid(
      "lines",
      "billingErrors.ublNotTaxableMixed",
      "EN 16931 does not allow lines outside the scope of VAT beside taxed or exempt lines",
    );
  }
}

/** BT-10 is required by Peppol (R003); funders check invoices against their decisions. */
function buyerReference(doc: InvoiceDocument): string {
  const decisions = [...new Set(doc.lines.map((l) => l.decisionNumber))];
  const ref = decisions.length === 1 ? decisions[0]! : doc.periodStart.slice(0, 7);
  return text(ref).slice(0, 200);
}

function party(el: XMLBuilder, p: InvoiceParty, seller: boolean): void {
  cbc(el, "EndpointID", p.registryCode!, { schemeID: ESTONIAN_REGISTRY_SCHEME });
  cbc(el.ele(NS.cac, "cac:PartyIdentification"), "ID", p.registryCode!, { schemeID: ESTONIAN_REGISTRY_SCHEME });
  cbc(el.ele(NS.cac, "cac:PartyName"), "Name", text(p.name));
  postalAddress(el.ele(NS.cac, "cac:PostalAddress"), p.address);
  const vat = p.vatNumber?.replace(/\s+/g, "");
  if (vat) taxScheme(el, vat, "VAT");
  // BR-E-02: exempt lines need a seller tax identifier; without a VAT number it is the registry code (BT-32).
  else if (seller) taxScheme(el, p.registryCode!, "TAX");
  const legal = el.ele(NS.cac, "cac:PartyLegalEntity");
  cbc(legal, "RegistrationName", text(p.name));
  cbc(legal, "CompanyID", p.registryCode!, { schemeID: ESTONIAN_REGISTRY_SCHEME });
  const email = p.email?.trim();
  if (p.phone || email) {
    const contact = el.ele(NS.cac, "cac:Contact");
    if (p.phone) cbc(contact, "Telephone", text(p.phone));
    if (email) cbc(contact, "ElectronicMail", text(email));
  }
}

function taxScheme(el: XMLBuilder, companyId: string, scheme: string): void {
  const s = el.ele(NS.cac, "cac:PartyTaxScheme");
  cbc(s, "CompanyID", companyId);
  cbc(s.ele(NS.cac, "cac:TaxScheme"), "ID", scheme);
}

/** One address line ("Endla 8, 10142 Tallinn"): the last comma part is "[postal code] city". */
function postalAddress(el: XMLBuilder, address: string): void {
  const parts = address
    .split(",")
    .map((s) => text(s))
    .filter(Boolean);
  const last = parts.length > 1 ? parts.pop()! : "";
  const postal = /\b\d{5}\b/.exec(last)?.[0];
  const city = (postal ? last.replace(postal, "") : last).replace(/\s+/g, " ").trim();
  if (parts.length) cbc(el, "StreetName", parts.join(", "));
  if (city) cbc(el, "CityName", city);
  if (postal) cbc(el, "PostalZone", postal);
  cbc(el.ele(NS.cac, "cac:Country"), "IdentificationCode", "EE");
}

function subtotal(el: XMLBuilder, group: InvoiceVatGroup, sign: number): void {
  amount(el, "TaxableAmount", sign * group.netCents);
  amount(el, "TaxAmount", sign * group.vatCents);
  const category = el.ele(NS.cac, "cac:TaxCategory");
  cbc(category, "ID", VAT_CATEGORY[group.vatStatus]);
  const rate = percent(group.vatStatus, group.vatRate);
  if (rate !== null) cbc(category, "Percent", rate);
  const reason = EXEMPTION[group.vatStatus];
  if (reason) {
    cbc(category, "TaxExemptionReasonCode", reason.code);
    cbc(category, "TaxExemptionReason", reason.text);
  }
  cbc(category.ele(NS.cac, "cac:TaxScheme"), "ID", "VAT");
}

function invoiceLine(el: XMLBuilder, line: InvoiceLine, credit: boolean, sign: number): void {
  cbc(el, "ID", String(line.position));
  const who = line.clientCode ? `${line.clientName} (${line.clientCode})` : line.clientName;
  cbc(el, "Note", text(`${who}; otsus ${line.decisionNumber}`));
  const qty = sign < 0 ? negate(line.quantity) : line.quantity;
  cbc(el, credit ? "CreditedQuantity" : "InvoicedQuantity", qty, { unitCode: UNIT_CODES[line.unit] });
  amount(el, "LineExtensionAmount", sign * line.netCents);
  cbc(el.ele(NS.cac, "cac:OrderLineReference"), "LineID", text(line.decisionNumber));
  const item = el.ele(NS.cac, "cac:Item");
  cbc(item, "Name", text(`${line.serviceCode} ${line.serviceName}`).slice(0, 200));
  cbc(item.ele(NS.cac, "cac:SellersItemIdentification"), "ID", text(line.serviceCode));
  const category = item.ele(NS.cac, "cac:ClassifiedTaxCategory");
  cbc(category, "ID", VAT_CATEGORY[line.vatStatus]);
  const rate = percent(line.vatStatus, line.vatRate);
  if (rate !== null) cbc(category, "Percent", rate);
  cbc(category.ele(NS.cac, "cac:TaxScheme"), "ID", "VAT");
  amount(el.ele(NS.cac, "cac:Price"), "PriceAmount", line.unitPriceCents);
}

/** S carries its rate, E carries 0 (BR-E-05), O carries none (BR-O-05). */
function percent(status: VatStatus, rate: string | null): string | null {
  if (status === "not_taxable") return null;
  if (status === "exempt") return "0";
  if (!rate || !/^\d{1,3}(\.\d{1,2})?$/.test(rate))
    throw invalid("vatRate", "billingErrors.vatRateInvalid", `A taxable line needs a VAT rate, got ${rate}`);
  return String(Number(rate));
}

function cbc(parent: XMLBuilder, name: string, value: string, attrs: Record<string, string> = {}): void {
  parent.ele(NS.cbc, `cbc:${name}`, attrs).txt(value);
}

function amount(parent: XMLBuilder, name: string, cents: number): void {
  cbc(parent, name, money(cents), { currencyID: "EUR" });
}

function negate(q: string): string {
  return q.startsWith("-") ? q.slice(1) : `-${q}`;
}

/** Drops characters XML 1.0 cannot carry and folds whitespace. */
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
function text(s: string): string {
  return s.replace(NOT_IN_XML, "").replace(/\s+/g, " ").trim();
}

function iban(s: string): string {
  return s.replace(/\s+/g, "").toUpperCase();
}
