import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { employees, units } from "./org";

/**
 * The facts the access policy needs about a client: units, case manager, team and grants.
 * The client/funding issue extends this table with the rest of the record.
 */
export const clients = pgTable(
  "clients",
  {
    id: id(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    personalCode: text("personal_code"),
    caseManagerId: uuid("case_manager_id").references(() => employees.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "clients_personal_code_valid",
      sql`${t.personalCode} IS NULL OR is_valid_personal_code(${t.personalCode})`,
    ),
    index("clients_case_manager_idx").on(t.caseManagerId),
  ],
);

export const clientUnits = pgTable(
  "client_units",
  {
    clientId: uuid("client_id").notNull().references(() => clients.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").notNull().references(() => units.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.unitId] }), index("client_units_unit_idx").on(t.unitId)],
);

export const clientTeamMembers = pgTable(
  "client_team_members",
  {
    clientId: uuid("client_id").notNull().references(() => clients.id, { onDelete: "cascade" }),
    employeeId: uuid("employee_id").notNull().references(() => employees.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.employeeId] }),
    index("client_team_members_employee_idx").on(t.employeeId),
  ],
);

/** Explicit, time-limited access to one client's data, always with a reason. */
export const clientAccessGrants = pgTable(
  "client_access_grants",
  {
    id: id(),
    clientId: uuid("client_id").notNull().references(() => clients.id, { onDelete: "cascade" }),
    employeeId: uuid("employee_id").notNull().references(() => employees.id, { onDelete: "cascade" }),
    grantedBy: uuid("granted_by").references(() => employees.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull().defaultNow(),
    validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("client_access_grants_reason_given", sql`length(trim(${t.reason})) > 0`),
    check("client_access_grants_period_valid", sql`${t.validUntil} > ${t.validFrom}`),
    index("client_access_grants_employee_idx").on(t.employeeId, t.validUntil),
  ],
);
