import { sql } from "drizzle-orm";
import {
  boolean, check, date, index, integer, numeric, pgTable, primaryKey, text, unique, uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { specialties } from "./org";

import { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus } from "./enums";

export { BILLING_UNITS, FUNDING_KINDS, VAT_STATUSES, type BillingUnit, type FundingKind, type VatStatus };

/** Who pays: SKA (social rehabilitation, special welfare), Töötukassa, a municipality, the client. */
export const fundingSources = pgTable(
  "funding_sources",
  {
    id: id(),
    kind: text("kind").$type<FundingKind>().notNull(),
    name: text("name").notNull(),
    payerName: text("payer_name").notNull(),
    payerRegistryCode: text("payer_registry_code"),
    payerAddress: text("payer_address").notNull().default(""),
    payerEmail: text("payer_email"),
    /** e-invoice routing: the recipient's registry code at the operator, or a channel address. */
    einvoiceRecipient: text("einvoice_recipient"),
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
    fundingSourceId: uuid("funding_source_id").notNull().references(() => fundingSources.id, { onDelete: "restrict" }),
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
    versionId: uuid("version_id").notNull().references(() => priceListVersions.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id").notNull().references(() => services.id, { onDelete: "restrict" }),
    unitPriceCents: integer("unit_price_cents").notNull(),
    /** VAT belongs to the price-list item: the same service can be exempt for one funder only. */
    vatStatus: text("vat_status").$type<VatStatus>().notNull().default("exempt"),
    vatRate: numeric("vat_rate", { precision: 4, scale: 2 }),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.serviceId] }),
    check("price_list_items_price_not_negative", sql`${t.unitPriceCents} >= 0`),
    check("price_list_items_vat_status_known", sql`${t.vatStatus} IN ('exempt', 'taxable', 'not_taxable')`),
    check("price_list_items_vat_rate_when_taxable", sql`(${t.vatStatus} = 'taxable') = (${t.vatRate} IS NOT NULL)`),
  ],
);
