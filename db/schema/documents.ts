import { sql } from "drizzle-orm";
import { check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clients } from "./clients";
import { documentTemplates } from "./document-templates";
import { createdAt, id, updatedAt } from "./columns";
import { fundingDecisions } from "./funding";
import { employees } from "./org";

export const DOCUMENT_TYPES = ["dataset", "attendance", "rehab_plan", "summary_assessment", "invoice_annex", "confirmation"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export const DOCUMENT_FORMATS = ["pdf", "xlsx"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/**
 * The register of generated documents: what was generated for which client, by whom and when,
 * with the parameters it was made from (so it can be made again) and a SHA-256 of the data it
 * showed (so a later download can tell whether the data has changed since). The file itself is
 * not kept: it is regenerated from the parameters.
 */
export const generatedDocuments = pgTable(
  "generated_documents",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    type: text("type").$type<DocumentType>().notNull(),
    format: text("format").$type<DocumentFormat>().notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    contentHash: text("content_hash").notNull(),
    /** The template version it was laid out with; null: the built-in default. */
    templateId: uuid("template_id").references(() => documentTemplates.id, { onDelete: "restrict" }),
    /** The data it showed, as rendered: a signed or sent document is made again from this, exactly. */
    snapshot: jsonb("snapshot"),
    generatedBy: uuid("generated_by").references(() => employees.id, { onDelete: "set null" }),
    generatedAt: createdAt(),
  },
  (t) => [
    check(
      "generated_documents_type_known",
      sql`${t.type} IN ('dataset', 'attendance', 'rehab_plan', 'summary_assessment', 'invoice_annex', 'confirmation')`,
    ),
    check("generated_documents_format_known", sql`${t.format} IN ('pdf', 'xlsx')`),
    check("generated_documents_hash_is_sha256", sql`${t.contentHash} ~ '^[0-9a-f]{64}$'`),
    index("generated_documents_client_idx").on(t.clientId, t.generatedAt),
  ],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => "bytea" });

export const SCAN_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/**
 * The signed paper copy of a registered document (an attendance sheet signed by the client),
 * scanned and uploaded: its presence marks the document received and signed. Kept in the
 * database so that backups and the client's data export hold it; at most 5 MB (checked here too).
 */
export const documentScans = pgTable(
  "document_scans",
  {
    id: id(),
    documentId: uuid("document_id")
      .notNull()
      .unique("document_scans_one_per_document")
      .references(() => generatedDocuments.id, { onDelete: "cascade" }),
    mime: text("mime").$type<ScanType>().notNull(),
    bytes: bytea("bytes").notNull(),
    size: integer("size").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => employees.id, { onDelete: "set null" }),
    uploadedAt: createdAt(),
  },
  (t) => [
    check("document_scans_type_known", sql`${t.mime} IN ('application/pdf', 'image/png', 'image/jpeg')`),
    check("document_scans_size_limited", sql`${t.size} = octet_length(${t.bytes}) AND ${t.size} BETWEEN 1 AND 5242880`),
  ],
);

/**
 * The impact assessment (tulemuslikkuse hinnang) of a decision's dataset, written in the app, and
 * the dataset's signature. Once signed, the trigger service_entries_signed_dataset
 * (db/functions/service_entries_signed_dataset.sql) refuses any write of the decision's entries
 * in the signed period, and dataset_assessments_frozen_once_signed keeps the text and the
 * signature as they were signed.
 */
export const datasetAssessments = pgTable(
  "dataset_assessments",
  {
    decisionId: uuid("decision_id")
      .primaryKey()
      .references(() => fundingDecisions.id, { onDelete: "restrict" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    impactAssessment: text("impact_assessment").notNull().default(""),
    updatedBy: uuid("updated_by").references(() => employees.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
    signedBy: uuid("signed_by").references(() => employees.id, { onDelete: "restrict" }),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    signedFrom: date("signed_from"),
    signedTo: date("signed_to"),
  },
  (t) => [
    check(
      "dataset_assessments_signature_complete",
      sql`(${t.signedAt} IS NULL AND ${t.signedBy} IS NULL AND ${t.signedFrom} IS NULL AND ${t.signedTo} IS NULL)
      OR (${t.signedAt} IS NOT NULL AND ${t.signedBy} IS NOT NULL AND ${t.signedFrom} <= ${t.signedTo} AND length(trim(${t.impactAssessment})) > 0)`,
    ),
  ],
);
