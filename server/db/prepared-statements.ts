import { sql, type SQL } from "drizzle-orm";
import type postgres from "postgres";

const CUSTOM_PLAN = "/* custom plan */ ";

/**
 * A statement planned anew for its own parameters on every run, not prepared: the organisation
 * reports. A prepared statement's plan becomes PostgreSQL's generic one after five runs on a
 * connection, made without knowing the period or the lists it is given, and for the reports that
 * plan was several times slower (work per employee's entries of a year: 180-310 ms against 40,
 * a nested loop and a sort on disk where the custom plan hashes). Planning costs a millisecond
 * at most, little beside what these statements read.
 */
export const customPlan = (query: SQL): SQL => sql`${sql.raw(CUSTOM_PLAN)}${query}`;

/**
 * Drizzle (0.45) runs every query through postgres.js's `unsafe(query, params, { prepare: false })`,
 * which overrides postgres.js's own `prepare: true` option: PostgreSQL then parses and plans each
 * query anew and postgres.js asks for its parameter types first, an extra round trip. On the
 * booking path that was about a third of the database's work and, retried without this in #16,
 * a quarter of Node's CPU per request and several milliseconds each. No public option of either
 * library turns it back on, so this hands Drizzle a client whose parameterised queries (also in
 * transactions and savepoints) are prepared once per connection and reused.
 * prepared-statements.test.ts fails loudly if an upgrade of either library changes the calls.
 * Statements marked with customPlan are left unprepared.
 */
export function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: (params?.length ?? 0) > 0 && !query.startsWith(CUSTOM_PLAN) });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.Sql) => unknown;
          const open = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
          return open.apply(target, [...args, (tx: postgres.Sql) => callback(preparing(tx))]);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
