import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, numeric, pgTable, primaryKey, text, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";

/**
 * The organisation's unit tree. A trigger (db/functions/units_refuse_cycle.sql) refuses a parent that would make a
 * cycle; ON DELETE RESTRICT on members and children refuses deleting a unit still in use.
 */
export const units = pgTable(
  "units",
  {
    id: id(),
    name: text("name").notNull(),
    /** The name in the English UI; empty: the Estonian name is shown there too. */
    nameEn: text("name_en").notNull().default(""),
    parentId: uuid("parent_id").references((): AnyPgColumn => units.id, { onDelete: "restrict" }),
    headEmployeeId: uuid("head_employee_id").references((): AnyPgColumn => employees.id, {
      onDelete: "set null",
    }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("units_sibling_names_unique").on(t.parentId, t.name).nullsNotDistinct(),
    check("units_name_not_blank", sql`length(trim(${t.name})) > 0`),
    check("units_not_own_parent", sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    index("units_parent_idx").on(t.parentId),
  ],
);

export const specialties = pgTable(
  "specialties",
  {
    id: id(),
    code: text("code").notNull().unique("specialties_code_unique"),
    nameEt: text("name_et").notNull(),
    nameEn: text("name_en").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [check("specialties_name_not_blank", sql`length(trim(${t.nameEt})) > 0`)],
);

/** Personal codes are checked by is_valid_personal_code() (db/functions/) as well as in the app. */
export const employees = pgTable(
  "employees",
  {
    id: id(),
    personalCode: text("personal_code").notNull().unique("employees_personal_code_unique"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    active: boolean("active").notNull().default(true),
    weeklyHours: numeric("weekly_hours", { precision: 4, scale: 1 }).notNull().default("40"),
    /** Counted in time accounting (the month's sheet); a manager leaves out people without client work. */
    timeAccounted: boolean("time_accounted").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("employees_personal_code_valid", sql`is_valid_personal_code(${t.personalCode})`),
    check("employees_weekly_hours_range", sql`${t.weeklyHours} >= 0 AND ${t.weeklyHours} <= 60`),
    check("employees_names_not_blank", sql`length(trim(${t.firstName})) > 0 AND length(trim(${t.lastName})) > 0`),
  ],
);

/**
 * One row whose number changes, in the same transaction, with every change to who is employed,
 * who is active and who works in which unit (db/functions/staff_generation_bump.sql). What a
 * booker may do with a team of specialists depends on nothing else of the database, so the
 * calendars keep those answers per generation (session-actions.ts) and ask again when it moved.
 */
export const staffGeneration = pgTable(
  "staff_generation",
  {
    id: boolean("id").primaryKey().default(true),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("staff_generation_one_row", sql`${t.id}`)],
);

export const employeeUnits = pgTable(
  "employee_units",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.unitId] }), index("employee_units_unit_idx").on(t.unitId)],
);

export const employeeSpecialties = pgTable(
  "employee_specialties",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.specialtyId] })],
);
