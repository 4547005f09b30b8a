import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { services } from "./catalogue";
import { clients } from "./clients";
import { createdAt, id, updatedAt } from "./columns";
import { fundingDecisions, serviceEntries } from "./funding";
import { employees, units } from "./org";

import { ATTENDANCE, SESSION_STATUSES, type Attendance, type SessionStatus } from "./enums";

export { ATTENDANCE, SESSION_STATUSES, type Attendance, type SessionStatus };

export const rooms = pgTable(
  "rooms",
  {
    id: id(),
    name: text("name").notNull(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "restrict" }),
    capacity: integer("capacity").notNull().default(1),
    equipment: text("equipment").notNull().default(""),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    unique("rooms_name_unique").on(t.name),
    check("rooms_capacity_positive", sql`${t.capacity} >= 1`),
    check("rooms_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

/** A weekly (every n weeks) series; each occurrence is its own session row. */
export const sessionSeries = pgTable(
  "session_series",
  {
    id: id(),
    intervalWeeks: integer("interval_weeks").notNull().default(1),
    untilDate: date("until_date"),
    occurrences: integer("occurrences"),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("session_series_interval_range", sql`${t.intervalWeeks} BETWEEN 1 AND 8`),
    check("session_series_bounded", sql`${t.untilDate} IS NOT NULL OR ${t.occurrences} IS NOT NULL`),
  ],
);

/**
 * A service session. Nobody is in two places at once: exclusion constraints on half-open
 * [starts_at, ends_at) ranges, ignoring cancelled sessions, for the room (sessions_room_no_overlap)
 * and, through the times copied into the join tables by trigger, for every specialist
 * (session_specialists_no_overlap) and every client (session_participants_no_overlap).
 * Migration 0006.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    seriesId: uuid("series_id").references(() => sessionSeries.id, { onDelete: "set null" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "restrict" }),
    roomId: uuid("room_id").references(() => rooms.id, { onDelete: "restrict" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    status: text("status").$type<SessionStatus>().notNull().default("planned"),
    notes: text("notes").notNull().default(""),
    createdBy: uuid("created_by").references(() => employees.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("sessions_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("sessions_status_known", sql`${t.status} IN ('planned', 'agreed', 'done', 'cancelled', 'no_show')`),
    index("sessions_starts_idx").on(t.startsAt),
    // The calendars ask which sessions overlap a week or a month: a range search (calendar.ts).
    index("sessions_time_range_idx").using("gist", sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`),
    index("sessions_room_idx").on(t.roomId, t.startsAt),
    index("sessions_series_idx").on(t.seriesId),
  ],
);

export const sessionSpecialists = pgTable(
  "session_specialists",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "restrict" }),
    // Copies of the session's time and state (trigger), so the exclusion constraint can see them.
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    active: boolean("active").notNull().default(true),
    /** A copy of the session's status (trigger): a specialist's hours by status need no look into the sessions. */
    status: text("status").$type<SessionStatus>().notNull().default("planned"),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.employeeId] }),
    // Migration 0042 adds INCLUDE (ends_at, status): a specialist's hours by status from the index alone.
    index("session_specialists_employee_idx").on(t.employeeId, t.startsAt),
    // A calendar of many rooms: the active rows of a week by their time (server/scheduling/calendar.ts).
    index("session_specialists_active_time_idx")
      .using("gist", sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`)
      .where(sql`${t.active}`),
  ],
);

export const sessionParticipants = pgTable(
  "session_participants",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id, { onDelete: "restrict" }),
    attendance: text("attendance").$type<Attendance>().notNull().default("expected"),
    /** The decision the service is charged to when done. */
    decisionId: uuid("decision_id").references(() => fundingDecisions.id, { onDelete: "restrict" }),
    entryId: uuid("entry_id").references(() => serviceEntries.id, { onDelete: "set null" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    active: boolean("active").notNull().default(true),
    /** A copy of the session's status (trigger): the reports find done or open sessions waiting for an entry from these rows alone. */
    status: text("status").$type<SessionStatus>().notNull().default("planned"),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.clientId] }),
    check("session_participants_attendance_known", sql`${t.attendance} IN ('expected', 'present', 'absent', 'excused')`),
    index("session_participants_client_idx").on(t.clientId, t.startsAt),
    index("session_participants_decision_idx").on(t.decisionId),
    // The decisions report's planned volume per decision: the open participants of a decision
    // not yet entered, a few rows, where the decision's index above holds all its sessions.
    index("session_participants_decision_open_idx")
      .on(t.decisionId)
      .where(sql`${t.entryId} IS NULL AND ${t.status} IN ('planned', 'agreed')`),
    // Work per employee: the done sessions' participants still waiting for their entry, found by
    // time without visiting every session of the period (or every planned one of its future).
    index("session_participants_missing_entry_idx")
      .on(t.startsAt)
      .where(sql`${t.entryId} IS NULL AND ${t.attendance} <> 'absent' AND ${t.status} = 'done'`),
    // A calendar of many rooms: the active rows of a week by their time (server/scheduling/calendar.ts).
    index("session_participants_active_time_idx")
      .using("gist", sql`tstzrange(${t.startsAt}, ${t.endsAt}, '[)')`)
      .where(sql`${t.active}`),
  ],
);

/**
 * A secret calendar feed (iCal) of one specialist or one room for phone calendars: times and room
 * only, never client data. Only the token's SHA-256 is stored; revoking ends it.
 */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: id(),
    kind: text("kind").$type<"specialist" | "room">().notNull(),
    targetId: uuid("target_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    unique("calendar_feeds_token_unique").on(t.tokenHash),
    check("calendar_feeds_kind_known", sql`${t.kind} IN ('specialist', 'room')`),
    index("calendar_feeds_creator_idx").on(t.createdBy),
  ],
);
