import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import type { EinvoiceFormat } from "../../lib/einvoice-format";
import type { VatRateKind } from "../../lib/vat-rates";
import { specialties } from "./org";

import { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus } from "./enums";

export { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus };
export { VAT_RATE_KINDS, type VatRateKind } from "../../lib/vat-rates";
export { EINVOICE_FORMATS, type EinvoiceFormat } from "../../lib/einvoice-format";

/** Who pays: SKA (social rehabilitation, special welfare), Töötukassa, a municipality, the client. */
export const fundingSources = pgTable(
  "funding_sources",
  {
    id: id(),
    kind: text("kind").$type<FundingKind>().notNull(),
    name: text("name").notNull(),
    /** The name in the English UI; empty: the Estonian name is shown there too. */
    nameEn: text("name_en").notNull().default(""),
    payerName: text("payer_name").notNull(),
    payerRegistryCode: text("payer_registry_code"),
    payerAddress: text("payer_address").notNull().default(""),
    payerEmail: text("payer_email"),
    /** e-invoice routing: the recipient's registry code at the operator, or a channel address. */
    einvoiceRecipient: text("einvoice_recipient"),
    /**
     * The e-invoice the funder receives: EN 16931 (UBL, Peppol BIS 3.0), the Accounting Act's
     * default since 2025-07-01, or the Estonian e-invoice 1.2 where both parties agreed.
     */
    einvoiceFormat: text("einvoice_format").$type<EinvoiceFormat>().notNull().default("en16931"),
    /** How its invoices are sent (billing SEND_CHANNELS); e-mail goes to payerEmail. */
    sendChannel: text("send_channel").notNull().default("e-financials"),
    /** The funder wants one invoice per client instead of one per month. */
    invoicePerClient: boolean("invoice_per_client").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    unique("funding_sources_name_unique").on(t.name),
    // Lets decisions carry the kind with a foreign key that keeps it true.
    unique("funding_sources_id_kind_unique").on(t.id, t.kind),
    check("funding_sources_kind_known", sql`${t.kind} IN ('SRT', 'TRT', 'EHT', 'KOV', 'PRIVATE')`),
    check("funding_sources_einvoice_format_known", sql`${t.einvoiceFormat} IN ('en16931', 'einvoice_1_2')`),
    check("funding_sources_send_channel_known", sql`${t.sendChannel} IN ('e-financials', 'operator', 'email')`),
    check("funding_sources_registry_code_valid", sql`${t.payerRegistryCode} IS NULL OR is_valid_registry_code(${t.payerRegistryCode})`),
  ],
);

/** The service catalogue: codes of the state price list and the provider's own. */
export const services = pgTable(
  "services",
  {
    id: id(),
    code: text("code").notNull(),
    nameEt: text("name_et").notNull(),
    nameEn: text("name_en").notNull(),
    specialtyId: uuid("specialty_id").references(() => specialties.id, { onDelete: "restrict" }),
    isGroup: boolean("is_group").notNull().default(false),
    maxGroupSize: integer("max_group_size"),
    billingUnit: text("billing_unit").$type<BillingUnit>().notNull(),
    vatStatus: text("vat_status").$type<VatStatus>().notNull().default("exempt"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    unique("services_code_unique").on(t.code),
    check("services_billing_unit_known", sql`${t.billingUnit} IN ('hour', 'academic_hour', 'session', 'day', 'month', 'km')`),
    check("services_vat_status_known", sql`${t.vatStatus} IN ('exempt', 'taxable', 'not_taxable')`),
    check("services_group_size_only_for_groups", sql`${t.maxGroupSize} IS NULL OR (${t.isGroup} AND ${t.maxGroupSize} >= 2)`),
  ],
);

/**
 * A price list version of one funding source, valid from a day to a day (inclusive; open when
 * valid_to is null). Versions of one source never overlap: exclusion constraint
 * price_list_versions_no_overlap in migration 0004.
 */
export const priceListVersions = pgTable(
  "price_list_versions",
  {
    id: id(),
    fundingSourceId: uuid("funding_source_id")
      .notNull()
      .references(() => fundingSources.id, { onDelete: "restrict" }),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    check("price_list_versions_period_valid", sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
    index("price_list_versions_source_idx").on(t.fundingSourceId, t.validFrom),
  ],
);

export const priceListItems = pgTable(
  "price_list_items",
  {
    versionId: uuid("version_id")
      .notNull()
      .references(() => priceListVersions.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    unitPriceCents: integer("unit_price_cents").notNull(),
    /** VAT belongs to the price-list item: the same service can be exempt for one funder only. */
    vatStatus: text("vat_status").$type<VatStatus>().notNull().default("exempt"),
    /** A taxable item names the rate kind; the percentage comes from vat_rates on each service date. */
    vatRateKind: text("vat_rate_kind").$type<VatRateKind>(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.serviceId] }),
    check("price_list_items_price_not_negative", sql`${t.unitPriceCents} >= 0`),
    check("price_list_items_vat_status_known", sql`${t.vatStatus} IN ('exempt', 'taxable', 'not_taxable')`),
    check("price_list_items_vat_rate_when_taxable", sql`(${t.vatStatus} = 'taxable') = (${t.vatRateKind} IS NOT NULL)`),
    check(
      "price_list_items_vat_rate_kind_known",
      sql`${t.vatRateKind} IS NULL OR ${t.vatRateKind} IN ('standard', 'reduced', 'accommodation')`,
    ),
  ],
);

/**
 * Estonian VAT rates as dated data (valid_from..valid_to inclusive, open when valid_to is null).
 * Periods of one kind never overlap: exclusion constraint vat_rates_no_overlap (hand-written in
 * the migration that creates this table). A service entry takes the rate of its item's kind valid
 * on its service date (trigger service_entries_price_and_limits).
 */
export const vatRates = pgTable(
  "vat_rates",
  {
    id: id(),
    kind: text("kind").$type<VatRateKind>().notNull(),
    /** Percent, e.g. 24.00. */
    rate: numeric("rate", { precision: 4, scale: 2 }).notNull(),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    check("vat_rates_kind_known", sql`${t.kind} IN ('standard', 'reduced', 'accommodation')`),
    check("vat_rates_rate_range", sql`${t.rate} > 0 AND ${t.rate} < 100`),
    check("vat_rates_period_valid", sql`${t.validTo} IS NULL OR ${t.validTo} >= ${t.validFrom}`),
    index("vat_rates_kind_idx").on(t.kind, t.validFrom),
  ],
);
