import { sql } from "drizzle-orm";
import { boolean, check, date, index, numeric, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { employees, units } from "./org";

/**
 * Kinds of general work (meeting, supervision, training…) that staff log time under. A type of
 * a unit is for the people of that unit's subtree; without a unit, for everyone. Retired types
 * stay for the entries made under them.
 */
export const workTypes = pgTable(
  "work_types",
  {
    id: id(),
    name: text("name").notNull(),
    /** The name in the English UI; empty: the Estonian name is shown there too. */
    nameEn: text("name_en").notNull().default(""),
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "restrict" }),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("work_types_name_unique").on(t.unitId, t.name).nullsNotDistinct(),
    check("work_types_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

/**
 * Time logged under a general work type. Migration 0011 (workload_invariants) guarantees what
 * the app checks first: at most 24 hours per person and day across entries, a type of the
 * person's own units, and no writes into a month whose time sheet is approved.
 */
export const timeEntries = pgTable(
  "time_entries",
  {
    id: id(),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "restrict" }),
    workTypeId: uuid("work_type_id")
      .notNull()
      .references(() => workTypes.id, { onDelete: "restrict" }),
    workDate: date("work_date").notNull(),
    hours: numeric("hours", { precision: 4, scale: 2 }).notNull(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("time_entries_hours_range", sql`${t.hours} > 0 AND ${t.hours} <= 24`),
    check("time_entries_note_length", sql`length(${t.note}) <= 2000`),
    index("time_entries_employee_idx").on(t.employeeId, t.workDate),
    index("time_entries_date_idx").on(t.workDate),
  ],
);

/** A month's possible hours set by hand (leave, a part-time month…), instead of the computed ones. */
export const possibleHoursOverrides = pgTable(
  "possible_hours_overrides",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    /** The first day of the month. */
    month: date("month").notNull(),
    hours: numeric("hours", { precision: 6, scale: 2 }).notNull(),
    note: text("note").notNull().default(""),
    setBy: uuid("set_by").references(() => employees.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.employeeId, t.month] }),
    check("possible_hours_overrides_hours_not_negative", sql`${t.hours} >= 0`),
    check("possible_hours_overrides_hours_at_most_month", sql`${t.hours} <= 744`),
    check("possible_hours_overrides_month_first_day", sql`extract(day from ${t.month}) = 1`),
  ],
);

/**
 * A manager's approval of a unit subtree's time sheet for a month. It locks the month for the
 * people it covered (timesheet_locks); re-opening is recorded here and in the audit log.
 */
export const timesheetApprovals = pgTable(
  "timesheet_approvals",
  {
    id: id(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "restrict" }),
    month: date("month").notNull(),
    approvedBy: uuid("approved_by").references(() => employees.id, { onDelete: "set null" }),
    approvedAt: timestamp("approved_at", { withTimezone: true }).notNull().defaultNow(),
    reopenedBy: uuid("reopened_by").references(() => employees.id, { onDelete: "set null" }),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
  },
  (t) => [
    check("timesheet_approvals_month_first_day", sql`extract(day from ${t.month}) = 1`),
    uniqueIndex("timesheet_approvals_one_open_per_unit_month")
      .on(t.unitId, t.month)
      .where(sql`${t.reopenedAt} IS NULL`),
    index("timesheet_approvals_month_idx").on(t.month),
  ],
);

/** One person's month locked by an approval: the triggers in db/functions/ refuse writes into it. */
export const timesheetLocks = pgTable(
  "timesheet_locks",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    month: date("month").notNull(),
    approvalId: uuid("approval_id")
      .notNull()
      .references(() => timesheetApprovals.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.month] }), index("timesheet_locks_approval_idx").on(t.approvalId)],
);
