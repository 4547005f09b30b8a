/**
 * The order in which server/db/migrate.ts applies db/functions/<name>.sql, on every migrate and
 * inside the migration's transaction. Each file holds one function's current definition (CREATE
 * OR REPLACE) and the triggers that run it, so a change to a rule is a diff of one file.
 *
 * BEFORE_SCHEMA: applied before the pending migrations, because the schema itself refers to them
 * (CHECK constraints), and a fresh database must have them when its tables are created. They may
 * use only built-ins and each other, never a table, which a fresh database does not have yet.
 * Replacing one does not re-check stored rows: a stricter check needs a migration that does.
 *
 * AFTER_SCHEMA: applied after the migrations, against the schema they leave. A LANGUAGE sql
 * function's body is checked when it is created, so it comes after the functions it calls;
 * PL/pgSQL bodies are checked when they run, so among those the order is free (grouped by area).
 *
 * Migrations may use BEFORE_SCHEMA functions; an AFTER_SCHEMA one does not exist yet on a fresh
 * database while the migrations run. A function that changes its return type or parameters
 * cannot be replaced: its migration drops the old one (DROP FUNCTION IF EXISTS name(types)), and
 * the file creates the new one. A function that goes for good is dropped the same way and its
 * file and its line here are deleted.
 */
export const BEFORE_SCHEMA = [
  "estonian_check_digit",
  "is_valid_personal_code",
  "is_valid_registry_code", // SQL: after estonian_check_digit
] as const;

export const AFTER_SCHEMA = [
  // Organisation and roles
  "units_refuse_cycle",
  "role_without_permissions_refused",
  "roles_require_permission",
  "role_permissions_keep_one",
  // Audit log (audit_row_hash takes an audit_log row: it needs the table)
  "audit_row_hash",
  "audit_log_chain",
  "audit_log_refuse_change",
  "audit_chain_head_guard",
  "audit_verify",
  // Who works where, for what the calendars keep per generation
  "staff_generation_bump",
  // Sign-in
  "auth_sessions_revoke_on_deactivation",
  "sign_in_delay",
  // Funding
  "service_entry_refused",
  "service_entries_price_and_limits",
  // Month locks
  "tallinn_month",
  "month_locked",
  "raise_month_locked",
  "service_entries_month_lock",
  "session_participants_month_lock",
  "sessions_month_lock",
  // Signed datasets (#13): the period's entries frozen, the signature kept
  "service_entries_signed_dataset",
  "dataset_assessments_frozen_once_signed",
  "rehabilitation_plans_transition",
  "rehabilitation_plan_parts_draft_only",
  // Template versions (#13): append-only
  "document_templates_append_only",
  // Invoices
  "invoices_frozen_once_numbered",
  "invoice_lines_frozen_once_numbered",
  "invoices_issuer_frozen_once_numbered",
  // Payments
  "payment_allocations_within_limits",
  // Receivables: the day an invoice is settled (SQL: before the trigger that keeps it)
  "invoice_settled_on",
  "invoices_settled_on_keep",
  // Money brought in: what each service report's invoices ask for and have received
  "service_report_balances_rebuild",
  "service_report_balances_add",
  "service_report_balances_keep",
  // Workload
  "workload_lock_employee",
  "workload_assert_month_open",
  "time_entries_guard",
  "possible_hours_overrides_guard",
  "timesheet_locks_serialise",
  // Scheduling: which services a session may have (billed_by_time is SQL: before its users)
  "billed_by_time",
  "sessions_service_billed_by_time",
  "services_keep_sessions_billed_by_time",
  // Scheduling: the copies of a session's time on its join rows, then booking
  "session_member_copy_time",
  "sessions_propagate_time",
  "booking_refusal",
  "session_min_minutes",
  "session_time_refusal",
  "sessions_time_plausible",
  "client_visible",
  "covers_specialists",
  "booking_access_refusal",
  "room_refusal",
  "lock_session_resources",
  "session_clash",
  "dashboard_units",
  "book_session",
  // Reports: the monthly dataset aggregate and what keeps it exact
  "service_entry_months_rebuild",
  "service_entry_months_apply",
  "service_entry_months_session_hours",
  "service_entry_months_service_changed",
] as const;
