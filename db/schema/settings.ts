import { sql } from "drizzle-orm";
import { boolean, check, customType, integer, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
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
    /** The server backs the embedded database up once a day at this hour of the institution's time zone. */
    nightlyBackup: boolean("nightly_backup").notNull().default(false),
    nightlyBackupHour: smallint("nightly_backup_hour").notNull().default(2),
    /** Outcome of the last nightly attempt, shown in the settings: failures must not go unnoticed. */
    lastBackupAt: timestamp("last_backup_at", { withTimezone: true }),
    lastBackupOk: boolean("last_backup_ok"),
    /** The file written, or why it failed (never client data: file names and error messages of the backup). */
    lastBackupDetail: text("last_backup_detail"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("institution_settings_single_row", sql`${t.id} = 1`),
    check("institution_settings_registry_code_valid", sql`${t.registryCode} IS NULL OR is_valid_registry_code(${t.registryCode})`),
    check("institution_settings_payment_term_range", sql`${t.paymentTermDays} BETWEEN 0 AND 365`),
    check("institution_settings_backup_hour_range", sql`${t.nightlyBackupHour} BETWEEN 0 AND 23`),
  ],
);
