import type { EinvoiceFormat } from "@/db/schema/catalogue";
import type { BillingUnit, VatStatus } from "@/db/schema/catalogue";

/**
 * One invoice as every output sees it (PDF, e-invoice XML, e-Financials): plain data with all
 * amounts already in cents, so the renderers never round or add up anything themselves.
 * Built from the stored invoice by server/invoicing/invoices.ts.
 */
export type InvoiceParty = {
  name: string;
  registryCode: string | null;
  vatNumber: string | null;
  address: string;
  email: string | null;
  phone: string | null;
  iban: string | null;
  /** e-invoice routing of the buyer (its registry code at the operator or a channel address). */
  einvoiceRecipient: string | null;
};

/** The person who issued the invoice, printed so that the funder's accountant knows whom to ask. */
export type InvoiceIssuer = { name: string; email: string | null; phone: string | null };

export type InvoiceLine = {
  /** 1-based order on the invoice. */
  position: number;
  clientName: string;
  /** Personal code, or null for a foreign client without one. */
  clientCode: string | null;
  decisionNumber: string;
  serviceCode: string;
  serviceName: string;
  /** Decimal as text with up to two decimals ("1.50"): hours, sessions, days, km. */
  quantity: string;
  unit: BillingUnit;
  unitPriceCents: number;
  /** quantity × unit price, rounded half away from zero to a cent; negative on a credit note. */
  netCents: number;
  vatStatus: VatStatus;
  /** Percent as text ("22.00") when taxable, else null. */
  vatRate: string | null;
  vatCents: number;
  /** The days of the service in the period, ascending (YYYY-MM-DD); empty when not recorded. */
  serviceDates: string[];
  /** How many times the service was given (entries summed up in the line). */
  occasions: number;
};

export type InvoiceVatGroup = { vatStatus: VatStatus; vatRate: string | null; netCents: number; vatCents: number };

export type InvoiceDocument = {
  number: string;
  /** DEB: an invoice; CRE: a credit note that cancels (part of) an earlier one. */
  type: "DEB" | "CRE";
  /** The invoice a credit note corrects. */
  creditedNumber: string | null;
  /** Dates as YYYY-MM-DD in Europe/Tallinn. */
  invoiceDate: string;
  dueDate: string;
  paymentTermDays: number;
  /** The service month: its first and last day. */
  periodStart: string;
  periodEnd: string;
  /** Payment reference (viitenumber), 7-3-1 method. */
  referenceNumber: string;
  currency: "EUR";
  seller: InvoiceParty;
  buyer: InvoiceParty;
  lines: InvoiceLine[];
  vatGroups: InvoiceVatGroup[];
  netCents: number;
  vatCents: number;
  totalCents: number;
  /** Free text shown on the invoice (e.g. the funder's contract). */
  note: string;
  /** The e-invoice the funder receives (its setting when the document was read). */
  einvoiceFormat?: EinvoiceFormat;
  /** Who confirmed it; null on invoices confirmed before this was recorded. */
  issuer: InvoiceIssuer | null;
};
