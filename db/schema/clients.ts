import { sql } from "drizzle-orm";
import { check, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { COUNTIES } from "@/lib/counties";
import { createdAt, id } from "./columns";
import { employees, units } from "./org";
import { CONSENTS, LANGUAGES, NETWORK_KINDS, type Language } from "./enums";

/**
 * A client. Foreign clients have no Estonian personal code and give a birth date instead.
 * Anonymised clients keep their id and service history for accounting, nothing that names them.
 */
export const clients = pgTable(
  "clients",
  {
    id: id(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    personalCode: text("personal_code"),
    birthDate: date("birth_date"),
    email: text("email"),
    phone: text("phone"),
    address: text("address").notNull().default(""),
    /** The county of the address, a key of lib/counties.ts (clients_county_known); counted by the clients report. */
    county: text("county"),
    preferredLanguage: text("preferred_language").$type<Language>().notNull().default("et"),
    notes: text("notes").notNull().default(""),
    /** A guardian or other legal representative (name and contact as one line), printed in the dataset's header. */
    legalRepresentative: text("legal_representative").notNull().default(""),
    caseManagerId: uuid("case_manager_id").references(() => employees.id, { onDelete: "restrict" }),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    anonymisedAt: timestamp("anonymised_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    check("clients_personal_code_valid", sql`${t.personalCode} IS NULL OR is_valid_personal_code(${t.personalCode})`),
    check("clients_identified", sql`${t.personalCode} IS NOT NULL OR ${t.birthDate} IS NOT NULL OR ${t.anonymisedAt} IS NOT NULL`),
    check("clients_county_known", sql`${t.county} IS NULL OR ${t.county} IN (${sql.raw(COUNTIES.map((c) => `'${c}'`).join(", "))})`),
    check("clients_names_not_blank", sql`length(trim(${t.firstName})) > 0 AND length(trim(${t.lastName})) > 0`),
    uniqueIndex("clients_personal_code_unique")
      .on(t.personalCode)
      .where(sql`${t.personalCode} IS NOT NULL`),
    index("clients_case_manager_idx").on(t.caseManagerId),
    index("clients_name_idx").on(t.lastName, t.firstName),
  ],
);

export { CONSENTS, LANGUAGES, NETWORK_KINDS, type Language };

/** The client's network (võrgustik) and what each person may be told or shown. */
export const clientNetworkContacts = pgTable(
  "client_network_contacts",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    kind: text("kind").$type<(typeof NETWORK_KINDS)[number]>().notNull(),
    name: text("name").notNull(),
    organisation: text("organisation").notNull().default(""),
    phone: text("phone"),
    email: text("email"),
    consents: text("consents")
      .array()
      .$type<(typeof CONSENTS)[number][]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    check("client_network_contacts_kind_known", sql`${t.kind} IN ('relative', 'municipal_social_worker', 'funder_case_manager', 'other')`),
    check(
      "client_network_contacts_consents_known",
      sql`${t.consents} <@ ARRAY['share_information', 'attend_meetings', 'receive_documents', 'contact_in_emergency']::text[]`,
    ),
    check("client_network_contacts_name_not_blank", sql`length(trim(${t.name})) > 0`),
    index("client_network_contacts_client_idx").on(t.clientId),
  ],
);

export const clientUnits = pgTable(
  "client_units",
  {
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.unitId] }), index("client_units_unit_idx").on(t.unitId)],
);

export const clientTeamMembers = pgTable(
  "client_team_members",
  {
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.employeeId] }), index("client_team_members_employee_idx").on(t.employeeId)],
);

/** Explicit, time-limited access to one client's data, always with a reason. */
export const clientAccessGrants = pgTable(
  "client_access_grants",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "cascade" }),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
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
