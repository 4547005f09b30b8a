import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { BillingUnit, VatStatus } from "./catalogue";
import { fundingSources, services } from "./catalogue";
import { clients } from "./clients";
import { createdAt, id, updatedAt } from "./columns";
import { SEND_CHANNELS, type InvoiceStatus, type SendChannel } from "./enums";
import { fundingDecisions } from "./funding";
import { employees } from "./org";
import type { InvoiceIssuer, InvoiceParty } from "@/server/billing/document";

export const REPORT_STATUSES = ["confirmed", "reopened"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * The monthly service report of one client and decision (teenuse aruanne). While its status is
 * `confirmed` the month is LOCKED for that client and decision: triggers in db/functions/
 * refuse any write of entries or sessions in it, whatever the code path. Re-opening keeps the
 * row (status `reopened`, who, when, why); confirming again sets it back.
 */
export const serviceReports = pgTable(
  "service_reports",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => fundingDecisions.id, { onDelete: "restrict" }),
    /** The first day of the month. */
    month: date("month").notNull(),
    status: text("status").$type<ReportStatus>().notNull(),
    confirmedBy: uuid("confirmed_by").references(() => employees.id, { onDelete: "set null" }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull(),
    reopenedBy: uuid("reopened_by").references(() => employees.id, { onDelete: "set null" }),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
    reopenReason: text("reopen_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("service_reports_one_per_decision_and_month").on(t.decisionId, t.month),
    check("service_reports_month_is_first_day", sql`extract(day from ${t.month}) = 1`),
    check("service_reports_status_known", sql`${t.status} IN ('confirmed', 'reopened')`),
    check("service_reports_reopen_has_reason", sql`${t.status} = 'confirmed' OR length(trim(coalesce(${t.reopenReason}, ''))) > 0`),
    index("service_reports_client_month_idx").on(t.clientId, t.month),
    index("service_reports_month_idx").on(t.month),
  ],
);

export { INVOICE_STATUSES, type InvoiceStatus } from "./enums";
export { SEND_CHANNELS, type SendChannel };
export const SEND_STATES = ["idle", "sending", "failed", "delivered"] as const;
export type SendState = (typeof SEND_STATES)[number];

/** The next number of each invoice series; taken under the row's lock, so numbers have no gaps. */
export const invoiceSeries = pgTable("invoice_series", {
  prefix: text("prefix").primaryKey(),
  nextNumber: integer("next_number").notNull().default(1),
});

/**
 * An invoice (DEB) or credit note (CRE) to a funder for one month, optionally for one client.
 * A draft has no number; confirming it takes the next number of the series and freezes the
 * seller and buyer as they were. Lines come from confirmed service reports.
 */
export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    type: text("type").$type<"DEB" | "CRE">().notNull().default("DEB"),
    status: text("status").$type<InvoiceStatus>().notNull().default("draft"),
    fundingSourceId: uuid("funding_source_id")
      .notNull()
      .references(() => fundingSources.id, { onDelete: "restrict" }),
    /** Set when the funder wants one invoice per client. */
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "restrict" }),
    month: date("month").notNull(),
    seriesPrefix: text("series_prefix"),
    sequenceNumber: integer("sequence_number"),
    number: text("number"),
    invoiceDate: date("invoice_date"),
    dueDate: date("due_date"),
    referenceNumber: text("reference_number"),
    seller: jsonb("seller").$type<InvoiceParty>(),
    buyer: jsonb("buyer").$type<InvoiceParty>(),
    /** Who confirmed it and how to reach them, as printed on it; frozen with the number (db/functions/invoices_issuer_frozen_once_numbered.sql). */
    issuer: jsonb("issuer").$type<InvoiceIssuer>(),
    paymentTermDays: integer("payment_term_days"),
    netCents: bigint("net_cents", { mode: "number" }).notNull().default(0),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull().default(0),
    totalCents: bigint("total_cents", { mode: "number" }).notNull().default(0),
    creditedInvoiceId: uuid("credited_invoice_id"),
    note: text("note").notNull().default(""),
    confirmedBy: uuid("confirmed_by").references(() => employees.id, { onDelete: "set null" }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /**
     * The first day from which a numbered invoice owes nothing for good (its payments by then
     * cover what it asks for, credit notes subtracted); null while it still owes. Kept by
     * db/functions/invoices_settled_on_keep.sql, defined by invoice_settled_on.sql: the
     * receivables report reads only the invoices still open on its day.
     */
    settledOn: date("settled_on"),
    /** e-Financials: the remote id once created there, and how far delivery got. */
    remoteId: bigint("remote_id", { mode: "number" }),
    remoteRegistered: boolean("remote_registered").notNull().default(false),
    sendState: text("send_state").$type<SendState>().notNull().default("idle"),
    sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
    lastSendMessages: jsonb("last_send_messages").$type<string[]>(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("invoices_number_unique").on(t.number),
    unique("invoices_series_sequence_unique").on(t.seriesPrefix, t.sequenceNumber),
    check("invoices_type_known", sql`${t.type} IN ('DEB', 'CRE')`),
    check("invoices_status_known", sql`${t.status} IN ('draft', 'confirmed', 'sent', 'paid', 'credited')`),
    check("invoices_send_state_known", sql`${t.sendState} IN ('idle', 'sending', 'failed', 'delivered')`),
    check("invoices_numbered_unless_draft", sql`(${t.status} = 'draft') = (${t.number} IS NULL)`),
    check("invoices_credit_note_names_invoice", sql`(${t.type} = 'CRE') = (${t.creditedInvoiceId} IS NOT NULL)`),
    check("invoices_total_is_net_plus_vat", sql`${t.totalCents} = ${t.netCents} + ${t.vatCents}`),
    // One open draft per funder, month (and client; a credit note: per credited invoice):
    // confirmed reports gather on it.
    uniqueIndex("invoices_one_draft_per_funder_month")
      .on(
        t.type,
        t.fundingSourceId,
        t.month,
        sql`coalesce(${t.clientId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        sql`coalesce(${t.creditedInvoiceId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`${t.status} = 'draft'`),
    index("invoices_month_idx").on(t.month),
    // invoice_balances looks up each invoice's credit notes: without it, a scan of all invoices per invoice.
    index("invoices_credited_invoice_idx").on(t.creditedInvoiceId),
    // Receivables on a day: the numbered invoices not yet settled by then (a few), not all of them.
    index("invoices_open_on_idx")
      .on(sql`coalesce(${t.settledOn}, 'infinity'::date)`, t.invoiceDate)
      .where(sql`${t.type} = 'DEB' AND ${t.status} <> 'draft'`),
  ],
);

/** A sales item (müügiartikkel): one service at one price of one report; a copy, not a reference. */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: id(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    serviceReportId: uuid("service_report_id")
      .notNull()
      .references(() => serviceReports.id, { onDelete: "restrict" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    clientName: text("client_name").notNull(),
    clientCode: text("client_code"),
    decisionNumber: text("decision_number").notNull(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    serviceCode: text("service_code").notNull(),
    serviceName: text("service_name").notNull(),
    quantity: numeric("quantity", { precision: 10, scale: 2 }).notNull(),
    unit: text("unit").$type<BillingUnit>().notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    netCents: bigint("net_cents", { mode: "number" }).notNull(),
    vatStatus: text("vat_status").$type<VatStatus>().notNull(),
    vatRate: numeric("vat_rate", { precision: 4, scale: 2 }),
    vatCents: bigint("vat_cents", { mode: "number" }).notNull(),
    /** The days the service was given in the month (one per date, ascending): printed on the invoice. */
    serviceDates: date("service_dates")
      .array()
      .notNull()
      .default(sql`'{}'::date[]`),
    /** How many entries the line sums up: the number of occasions. */
    occasions: integer("occasions").notNull().default(0),
  },
  (t) => [
    // With the client and the amounts, an invoice's lines are read from the index alone (the
    // receivables' share per unit, the reach): numbered lines never change, so the pages stay visible.
    index("invoice_lines_invoice_idx").on(t.invoiceId, t.clientId, t.netCents, t.vatCents),
    index("invoice_lines_report_idx").on(t.serviceReportId),
  ],
);

/**
 * Every request of every send attempt and its answer, for the accountant and the auditor: to
 * e-Financials (one row per HTTP request), another e-invoice operator, or the SMTP server.
 */
export const invoiceSendLog = pgTable(
  "invoice_send_log",
  {
    id: id(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    channel: text("channel").$type<SendChannel>().notNull().default("e-financials"),
    operation: text("operation").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    httpStatus: integer("http_status"),
    responseCode: integer("response_code"),
    messages: jsonb("messages").$type<string[]>().notNull(),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("invoice_send_log_invoice_idx").on(t.invoiceId, t.createdAt)],
);

/**
 * e-Financials (e-arveldaja) API credentials of this installation: one row (id = 1). The
 * password never leaves the server; the settings page only says whether one is set.
 */
export const eFinancialsSettings = pgTable(
  "e_financials_settings",
  {
    id: integer("id").primaryKey().default(1),
    mode: text("mode").$type<"demo" | "live">().notNull().default("demo"),
    baseUrl: text("base_url").notNull().default("https://demo-rmp-api.rik.ee/v1"),
    apiKeyId: text("api_key_id").notNull().default(""),
    apiPublicValue: text("api_public_value").notNull().default(""),
    apiPassword: text("api_password").notNull().default(""),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("e_financials_settings_single_row", sql`${t.id} = 1`),
    check("e_financials_settings_mode_known", sql`${t.mode} IN ('demo', 'live')`),
  ],
);
