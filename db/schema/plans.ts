import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { services } from "./catalogue";
import { clients } from "./clients";
import { createdAt, id, updatedAt } from "./columns";
import { invoices } from "./billing";
import { fundingDecisions } from "./funding";
import { employees, specialties } from "./org";

export const PLAN_STATUSES = ["draft", "sent_to_client", "client_approved", "sent_to_funder", "approved"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * A rehabilitation plan / action plan (rehabilitatsiooniplaan, tegevuskava) written in the app for
 * one funding decision. Its status moves only along draft -> sent_to_client -> client_approved ->
 * (TRT: sent_to_funder ->) approved; the trigger rehabilitation_plans_transition
 * (db/functions/) refuses any other move, any change of a plan that has left draft, and leaving
 * draft without goals or a team of three (for a child: with a social worker and a special
 * educator). for_child is decided by the application from the client's birth date on the
 * assessment date and kept so the trigger can check it.
 */
export const rehabilitationPlans = pgTable(
  "rehabilitation_plans",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => fundingDecisions.id, { onDelete: "restrict" }),
    status: text("status").$type<PlanStatus>().notNull().default("draft"),
    firstMeetingDate: date("first_meeting_date").notNull(),
    assessmentDate: date("assessment_date").notNull(),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to").notNull(),
    forChild: boolean("for_child").notNull(),
    /** Functioning by life area: area key -> the team's assessment. */
    functioning: jsonb("functioning").$type<Record<string, string>>().notNull().default({}),
    problems: text("problems").notNull().default(""),
    /** The goals agreed with the client, one per item. */
    goals: jsonb("goals").$type<string[]>().notNull().default([]),
    assistiveDevices: text("assistive_devices").notNull().default(""),
    recommendations: text("recommendations").notNull().default(""),
    network: text("network").notNull().default(""),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    statusChangedBy: uuid("status_changed_by").references(() => employees.id, { onDelete: "set null" }),
  },
  (t) => [
    check(
      "rehabilitation_plans_status_known",
      sql`${t.status} IN ('draft', 'sent_to_client', 'client_approved', 'sent_to_funder', 'approved')`,
    ),
    check("rehabilitation_plans_validity", sql`${t.validTo} >= ${t.validFrom}`),
    check("rehabilitation_plans_goals_array", sql`jsonb_typeof(${t.goals}) = 'array'`),
    index("rehabilitation_plans_client_idx").on(t.clientId),
    index("rehabilitation_plans_decision_idx").on(t.decisionId),
  ],
);

/** The assessing team: at least three specialists, each with the specialty they assessed in. */
export const rehabilitationPlanTeam = pgTable(
  "rehabilitation_plan_team",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => rehabilitationPlans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    specialtyId: uuid("specialty_id")
      .notNull()
      .references(() => specialties.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.position] }),
    check("rehabilitation_plan_team_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

/** The planned services: volume (in the service's unit), frequency and who gives them. */
export const rehabilitationPlanServices = pgTable(
  "rehabilitation_plan_services",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => rehabilitationPlans.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    units: numeric("units", { precision: 10, scale: 2 }).notNull(),
    frequency: text("frequency").notNull().default(""),
    specialists: text("specialists").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.planId, t.serviceId] }), check("rehabilitation_plan_services_units_positive", sql`${t.units} > 0`)],
);

export type SummaryGoal = { goal: string; met: boolean; reason: string };

/**
 * The summary assessment (kokkuvõttev hinnang) of a special-welfare (EHT) decision: each goal met
 * or not with the reason, the activities, the support need at the end. It may be attached to the
 * decision's last invoice (invoice_id), whose documents then name it.
 */
export const summaryAssessments = pgTable(
  "summary_assessments",
  {
    decisionId: uuid("decision_id")
      .primaryKey()
      .references(() => fundingDecisions.id, { onDelete: "restrict" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    goals: jsonb("goals").$type<SummaryGoal[]>().notNull(),
    activities: text("activities").notNull(),
    supportNeed: text("support_need").notNull(),
    invoiceId: uuid("invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => employees.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [check("summary_assessments_goals_array", sql`jsonb_typeof(${t.goals}) = 'array' AND jsonb_array_length(${t.goals}) > 0`)],
);
