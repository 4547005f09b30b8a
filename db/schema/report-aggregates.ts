import { sql } from "drizzle-orm";
import { bigint, date, index, integer, numeric, pgTable, primaryKey, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * The client dataset summed per month, client, decision, service, specialist and specialty: what
 * the organisation reports read for whole months instead of every entry (a year of a large
 * institution is 300,000 entries, about 60,000 rows here). Kept exact by statement triggers on
 * service_entries, sessions and services (db/functions/service_entry_months_*.sql), never written
 * by the application. Client, decision and funder filters join it at read time, so a client moving
 * unit or a decision's funder needs no upkeep here.
 *
 * Sessions are not additive (a group session's entries fall on several rows): `soloSessions`
 * counts the entries that are alone on their session (or have none), and the sessions shared by
 * several entries are listed in service_entry_shared_sessions and counted from the entries.
 */
export const serviceEntryMonths = pgTable(
  "service_entry_months",
  {
    month: date("month").notNull(),
    clientId: uuid("client_id").notNull(),
    decisionId: uuid("decision_id").notNull(),
    serviceId: uuid("service_id").notNull(),
    specialistId: uuid("specialist_id").notNull(),
    /** The entry's specialty, or its service's when the entry names none (as the reports group). */
    specialtyId: uuid("specialty_id"),
    entries: integer("entries").notNull(),
    soloSessions: integer("solo_sessions").notNull(),
    units: numeric("units").notNull(),
    /** Hours as the reports count them: hour units, academic hours * 0.75, else the session's length. */
    hours: numeric("hours").notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
  },
  (t) => [
    // The triggers upsert on this key; no specialty is one key of its own.
    uniqueIndex("service_entry_months_key").on(
      t.month,
      t.clientId,
      t.decisionId,
      t.serviceId,
      t.specialistId,
      sql`coalesce(${t.specialtyId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index("service_entry_months_specialist_idx").on(t.specialistId, t.month),
    index("service_entry_months_decision_idx").on(t.decisionId, t.month),
    index("service_entry_months_client_idx").on(t.clientId, t.month),
  ],
);

/** Sessions with two or more entries (group sessions): their occasions are counted once, from the entries. */
export const serviceEntrySharedSessions = pgTable("service_entry_shared_sessions", {
  sessionId: uuid("session_id").primaryKey(),
});

/**
 * What the numbered invoices holding each service report ask for and have received, per decision
 * and month (a service report's key): the sums over the distinct invoices with a line of the
 * report of invoice_balances' due_cents (total, confirmed credit notes subtracted) and paid_cents.
 * Money brought in reads a period's rows from the key alone, instead of joining a year's 60,000
 * reports to their invoice lines and balances. Kept exact by row triggers on invoices and
 * payment_allocations that add each change's difference (db/functions/service_report_balances_keep.sql),
 * never written by the application.
 */
export const serviceReportBalances = pgTable(
  "service_report_balances",
  {
    month: date("month").notNull(),
    decisionId: uuid("decision_id").notNull(),
    dueCents: bigint("due_cents", { mode: "number" }).notNull(),
    paidCents: bigint("paid_cents", { mode: "number" }).notNull(),
  },
  // The migration adds INCLUDE (due_cents, paid_cents), which Drizzle's builder has no words for.
  (t) => [primaryKey({ name: "service_report_balances_pkey", columns: [t.month, t.decisionId] })],
);
