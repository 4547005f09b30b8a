import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained audit log. Triggers (db/functions/audit_*.sql) assign `seq`, `chain`,
 * `prev_hash` and `hash` under the lock of one of the chains' heads in audit_chain_head, and
 * refuse UPDATE, DELETE and TRUNCATE; audit_verify() recomputes every chain. No foreign keys: the
 * log must outlive and never block what it describes.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    // seq, chain, prev_hash and hash are set by the audit_log_chain trigger; the placeholders never persist.
    seq: bigint("seq", { mode: "number" })
      .primaryKey()
      .$defaultFn(() => 0),
    /** Which chain (audit_chain_head.id) the row links into; rows before 0016 are all in chain 1. */
    chain: smallint("chain").notNull().default(1),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorEmployeeId: uuid("actor_employee_id"),
    /** Who it was about when there is no employee: e.g. the personal code of a refused sign-in. */
    subject: text("subject"),
    action: text("action").notNull(),
    outcome: text("outcome").notNull().default("ok"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    clientId: uuid("client_id"),
    ip: text("ip"),
    details: jsonb("details").notNull().default({}),
    prevHash: text("prev_hash")
      .notNull()
      .$defaultFn(() => ""),
    hash: text("hash")
      .notNull()
      .$defaultFn(() => ""),
  },
  (t) => [
    check("audit_log_outcome_known", sql`${t.outcome} IN ('ok', 'refused', 'failed')`),
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorEmployeeId, t.at),
    index("audit_log_client_idx").on(t.clientId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
  ],
);

export const auditChainHead = pgTable(
  "audit_chain_head",
  {
    id: integer("id").primaryKey().default(1),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    lastHash: text("last_hash").notNull(),
  },
  (t) => [check("audit_chain_head_known_chain", sql`${t.id} BETWEEN 1 AND 32`)],
);
