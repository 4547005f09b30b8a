import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { fundingSources, priceListVersions, services, type FundingKind, type VatStatus } from "./catalogue";
import { clients } from "./clients";
import { createdAt, id, updatedAt } from "./columns";
import { employees, specialties } from "./org";

/**
 * A funder's decision for one client (suunamisotsus, tegevuskava): its period and HARD limits.
 * funding_kind repeats the source's kind (kept true by the composite foreign key) so that the
 * exclusion constraint funding_decisions_rehabilitation_no_overlap (migration 0004) can forbid
 * SRT and TRT decisions of one client overlapping in time.
 */
export const fundingDecisions = pgTable(
  "funding_decisions",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    fundingSourceId: uuid("funding_source_id").notNull(),
    fundingKind: text("funding_kind").$type<FundingKind>().notNull(),
    decisionNumber: text("decision_number").notNull(),
    decisionDate: date("decision_date").notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    targetGroup: text("target_group").notNull().default(""),
    /** Money cap for the whole decision period. */
    periodCapCents: integer("period_cap_cents"),
    /** Money cap per calendar year (SRT: 1237 EUR adults, 2660 EUR children). */
    yearlyCapCents: integer("yearly_cap_cents"),
    /** Monthly maximum (EHT capitation, pearaha). */
    monthlyCapCents: integer("monthly_cap_cents"),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "funding_decisions_source_kind_fk",
      columns: [t.fundingSourceId, t.fundingKind],
      foreignColumns: [fundingSources.id, fundingSources.kind],
    })
      .onUpdate("cascade")
      .onDelete("restrict"),
    unique("funding_decisions_number_unique").on(t.fundingSourceId, t.decisionNumber),
    check("funding_decisions_period_valid", sql`${t.endDate} >= ${t.startDate}`),
    check(
      "funding_decisions_caps_positive",
      sql`coalesce(${t.periodCapCents}, 1) > 0 AND coalesce(${t.yearlyCapCents}, 1) > 0 AND coalesce(${t.monthlyCapCents}, 1) > 0`,
    ),
    check("funding_decisions_number_not_blank", sql`length(trim(${t.decisionNumber})) > 0`),
    index("funding_decisions_client_idx").on(t.clientId, t.startDate),
  ],
);

/** Per-service volumes approved by the funder (the action plan); a hard limit. */
export const decisionServiceLimits = pgTable(
  "decision_service_limits",
  {
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => fundingDecisions.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    maxUnits: numeric("max_units", { precision: 10, scale: 2 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.serviceId] }), check("decision_service_limits_positive", sql`${t.maxUnits} > 0`)],
);

/** The provider's own plan for a funding period (juhtumiplaan): goals and SOFT limits. */
export const casePlans = pgTable("case_plans", {
  id: id(),
  decisionId: uuid("decision_id")
    .notNull()
    .unique("case_plans_one_per_decision")
    .references(() => fundingDecisions.id, { onDelete: "cascade" }),
  goals: text("goals").notNull().default(""),
  updatedBy: uuid("updated_by").references(() => employees.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

export const casePlanItems = pgTable(
  "case_plan_items",
  {
    casePlanId: uuid("case_plan_id")
      .notNull()
      .references(() => casePlans.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    plannedUnits: numeric("planned_units", { precision: 10, scale: 2 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.casePlanId, t.serviceId] }), check("case_plan_items_positive", sql`${t.plannedUnits} > 0`)],
);

/**
 * The client dataset (andmestik): one row per service occasion, charged to a decision. The
 * price, VAT and amount are set by the trigger service_entries_price_and_limits (db/functions/)
 * from the price list valid on service_date, which also refuses entries beyond a hard limit
 * under a lock of the client row, so two people entering at once cannot together exceed one.
 */
export const serviceEntries = pgTable(
  "service_entries",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => fundingDecisions.id, { onDelete: "restrict" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    serviceDate: date("service_date").notNull(),
    units: numeric("units", { precision: 8, scale: 2 }).notNull(),
    specialistId: uuid("specialist_id")
      .notNull()
      .references(() => employees.id, { onDelete: "restrict" }),
    specialtyId: uuid("specialty_id").references(() => specialties.id, { onDelete: "restrict" }),
    description: text("description").notNull().default(""),
    priceVersionId: uuid("price_version_id").references(() => priceListVersions.id, { onDelete: "restrict" }),
    unitPriceCents: integer("unit_price_cents").notNull().default(0),
    amountCents: integer("amount_cents").notNull().default(0),
    vatStatus: text("vat_status").$type<VatStatus>().notNull().default("exempt"),
    vatRate: numeric("vat_rate", { precision: 4, scale: 2 }),
    /** The session this entry came from (scheduling); null for entries made by hand. */
    sessionId: uuid("session_id"),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("service_entries_units_positive", sql`${t.units} > 0`),
    check("service_entries_amount_is_units_times_price", sql`${t.amountCents} = round(${t.units} * ${t.unitPriceCents})`),
    index("service_entries_client_idx").on(t.clientId, t.serviceDate),
    index("service_entries_decision_idx").on(t.decisionId, t.serviceDate),
    index("service_entries_specialist_idx").on(t.specialistId, t.serviceDate),
    // The reports' days at a period's edges (whole months come from service_entry_months), and a
    // session's entries for the aggregate's triggers.
    index("service_entries_date_idx").on(t.serviceDate),
    index("service_entries_session_idx").on(t.sessionId),
  ],
);
