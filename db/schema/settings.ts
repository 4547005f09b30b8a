import { sql } from "drizzle-orm";
import { check, customType, integer, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/** The installation's own institution: exactly one row (id = 1), created by migration. */
export const institutionSettings = pgTable(
  "institution_settings",
  {
    id: integer("id").primaryKey().default(1),
    legalName: text("legal_name").notNull().default(""),
    registryCode: text("registry_code"),
    address: text("address").notNull().default(""),
    iban: text("iban"),
    vatNumber: text("vat_number"),
    email: text("email"),
    phone: text("phone"),
    timeZone: text("time_zone").notNull().default("Europe/Tallinn"),
    invoiceSeriesPrefix: text("invoice_series_prefix").notNull().default("ARV"),
    paymentTermDays: integer("payment_term_days").notNull().default(14),
    logo: bytea("logo"),
    logoMime: text("logo_mime"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("institution_settings_single_row", sql`${t.id} = 1`),
    check(
      "institution_settings_registry_code_valid",
      sql`${t.registryCode} IS NULL OR is_valid_registry_code(${t.registryCode})`,
    ),
    check("institution_settings_payment_term_range", sql`${t.paymentTermDays} BETWEEN 0 AND 365`),
  ],
);
