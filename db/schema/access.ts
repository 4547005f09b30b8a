import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { employees } from "./org";

/** A role is a named set of permissions; a deferred trigger (db/functions/roles_require_permission.sql) refuses an empty one. */
export const roles = pgTable(
  "roles",
  {
    id: id(),
    /** Stable key of the seeded roles (administrator, manager…); null for roles made by admins. */
    key: text("key").unique("roles_key_unique"),
    name: text("name").notNull().unique("roles_name_unique"),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [check("roles_name_not_blank", sql`length(trim(${t.name})) > 0`)],
);

export const rolePermissions = pgTable(
  "role_permissions",
  {
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    resource: text("resource").notNull(),
    action: text("action").notNull(),
    scope: text("scope").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.resource, t.action] }),
    check("role_permissions_scope_known", sql`${t.scope} IN ('own', 'unit', 'all')`),
  ],
);

export const employeeRoles = pgTable(
  "employee_roles",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    roleId: uuid("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.roleId] })],
);

export const passwordCredentials = pgTable("password_credentials", {
  employeeId: uuid("employee_id")
    .primaryKey()
    .references(() => employees.id, { onDelete: "cascade" }),
  passwordHash: text("password_hash").notNull(),
  /** Set by an administrator's reset: the one-time password only lets the person choose a new one. */
  mustChange: boolean("must_change").notNull().default(false),
  updatedAt: updatedAt(),
});

/**
 * One row per sign-in; the session cookie carries its id (sid). A session is valid while it is
 * not revoked and not expired, so sign-out, deactivation, a password change or an administrator
 * ends it at once rather than when the cookie expires.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: id(),
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    method: text("method").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (t) => [
    index("auth_sessions_employee_idx").on(t.employeeId),
    check("auth_sessions_revoked_with_reason", sql`(${t.revokedAt} IS NULL) = (${t.revokedReason} IS NULL)`),
  ],
);

/** Failed sign-ins per personal code and per IP, to slow down guessing. */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});
