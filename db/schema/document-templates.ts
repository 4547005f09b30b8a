import { sql } from "drizzle-orm";
import { check, customType, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { employees } from "./org";

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

/** What an institution sets per document type; validated by server/documents/templates.ts before it is stored. */
export type TemplateSettings = {
  headerText: string;
  footerText: string;
  accentColor: string;
  hiddenColumns: string[];
  signatureLines: string[];
  texts: { heading: string; closing: string };
};

/**
 * Document templates per installation, one row per saved version: a save never edits a row, it
 * adds the next version, so a document generated with version n can be laid out exactly as it was.
 * The newest version of a type is the one in use; with none, the built-in default.
 */
export const documentTemplates = pgTable(
  "document_templates",
  {
    id: id(),
    type: text("type").notNull(),
    version: integer("version").notNull(),
    settings: jsonb("settings").$type<TemplateSettings>().notNull(),
    /** The template's own logo; null: the institution's logo (Asutuse andmed) at the time of generation. */
    logo: bytea("logo"),
    logoMime: text("logo_mime"),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("document_templates_one_row_per_version").on(t.type, t.version),
    check(
      "document_templates_type_known",
      sql`${t.type} IN ('dataset', 'attendance', 'invoice_annex', 'confirmation', 'rehab_plan', 'summary_assessment')`,
    ),
    check("document_templates_version_positive", sql`${t.version} >= 1`),
    check("document_templates_logo_typed", sql`(${t.logo} IS NULL) = (${t.logoMime} IS NULL)`),
    check("document_templates_logo_size_limited", sql`${t.logo} IS NULL OR octet_length(${t.logo}) <= 524288`),
  ],
);
