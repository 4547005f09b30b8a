import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { employees } from "./org";

/**
 * One row per write a client asked for with an idempotency key (one key per form submission).
 * The row is written in the same transaction as the write itself, so a committed write always
 * has its key and a retry of the same submission gets the first answer back instead of a second
 * write. Keys are per person; after a day they may be used again (server/db/idempotency.ts).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    employeeId: uuid("employee_id")
      .notNull()
      .references(() => employees.id, { onDelete: "cascade" }),
    key: uuid("key").notNull(),
    procedure: text("procedure").notNull(),
    /** sha256 of the request's input: the same key with another input is refused. */
    requestHash: text("request_hash").notNull(),
    /** The first answer (superjson), null while the write that claimed the key is running. */
    response: jsonb("response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.employeeId, t.key] }),
    check("idempotency_keys_procedure_not_blank", sql`length(${t.procedure}) > 0`),
    // Expired keys are swept by age.
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);
