import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, pgView, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { invoices } from "./billing";
import { createdAt, id } from "./columns";
import { employees } from "./org";

/**
 * One imported ISO 20022 camt.053 statement. The same statement (its Id on the same account)
 * imports once: the unique key refuses a second copy even from two imports at the same moment.
 */
export const bankStatements = pgTable(
  "bank_statements",
  {
    id: id(),
    accountIban: text("account_iban").notNull(),
    statementRef: text("statement_ref").notNull(),
    messageId: text("message_id"),
    fromDate: date("from_date"),
    toDate: date("to_date"),
    /** Entries read from the file, and how many of them were new payments (not debits, not seen before). */
    entryCount: integer("entry_count").notNull(),
    newPayments: integer("new_payments").notNull(),
    fileSha256: text("file_sha256").notNull(),
    importedBy: uuid("imported_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [unique("bank_statements_imported_once").on(t.accountIban, t.statementRef)],
);

export const PAYMENT_SOURCES = ["bank", "manual"] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];
/** Why an incoming payment was not allocated in full when it was imported (shown in the waiting list). */
export const UNMATCHED_REASONS = ["no_match", "amount_differs", "overpaid", "no_open_invoice", "larger_than_any_open"] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

/**
 * Money that came in: a credit entry of a bank statement, or a payment an accountant recorded by
 * hand (date and amount). What part of it settles which invoice is in payment_allocations; what
 * is left over waits for a person unless they ignore it (a refund, not a receivable).
 */
export const payments = pgTable(
  "payments",
  {
    id: id(),
    source: text("source").$type<PaymentSource>().notNull(),
    statementId: uuid("statement_id").references(() => bankStatements.id, { onDelete: "restrict" }),
    accountIban: text("account_iban"),
    /** The bank's own id of the entry (AcctSvcrRef, else NtryRef, else statement Id and position). */
    entryRef: text("entry_ref"),
    bookingDate: date("booking_date").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    payerName: text("payer_name"),
    payerIban: text("payer_iban"),
    /** The structured creditor reference (viitenumber), if the payer gave one. */
    reference: text("reference"),
    remittance: text("remittance").notNull().default(""),
    unmatchedReason: text("unmatched_reason").$type<UnmatchedReason>(),
    ignoredAt: timestamp("ignored_at", { withTimezone: true }),
    ignoredBy: uuid("ignored_by").references(() => employees.id, { onDelete: "set null" }),
    ignoreNote: text("ignore_note"),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("payments_amount_positive", sql`${t.amountCents} > 0`),
    check("payments_source_known", sql`${t.source} IN ('bank', 'manual')`),
    check(
      "payments_bank_entry_identified",
      sql`(${t.source} = 'bank') = (${t.statementId} IS NOT NULL AND ${t.accountIban} IS NOT NULL AND ${t.entryRef} IS NOT NULL)`,
    ),
    // An entry that two statements both contain (a day's and the month's) is one payment.
    uniqueIndex("payments_bank_entry_once")
      .on(t.accountIban, t.entryRef)
      .where(sql`${t.source} = 'bank'`),
    index("payments_booking_date_idx").on(t.bookingDate),
  ],
);

export const ALLOCATION_METHODS = ["reference", "invoice_number", "person"] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

/**
 * What part of a payment settles which invoice. Migration 0023's trigger keeps the sum of a
 * payment's allocations within the payment and an invoice's within what it asks for, and
 * allows them only on numbered invoices (not credit notes).
 */
export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    id: id(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "restrict" }),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    method: text("method").$type<AllocationMethod>().notNull(),
    allocatedBy: uuid("allocated_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("payment_allocations_amount_positive", sql`${t.amountCents} > 0`),
    check("payment_allocations_method_known", sql`${t.method} IN ('reference', 'invoice_number', 'person')`),
    unique("payment_allocations_once_per_invoice").on(t.paymentId, t.invoiceId),
    index("payment_allocations_invoice_idx").on(t.invoiceId),
  ],
);

/** What each numbered invoice asks for and what is paid on it: the view of migration 0024. */
export const invoiceBalances = pgView("invoice_balances", {
  invoiceId: uuid("invoice_id").notNull(),
  totalCents: bigint("total_cents", { mode: "number" }).notNull(),
  dueCents: bigint("due_cents", { mode: "number" }).notNull(),
  paidCents: bigint("paid_cents", { mode: "number" }).notNull(),
  outstandingCents: bigint("outstanding_cents", { mode: "number" }).notNull(),
}).existing();
