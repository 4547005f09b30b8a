import type postgres from "postgres";

/**
 * Drizzle (0.45) runs every query through postgres.js's `unsafe(query, params, { prepare: false })`,
 * which overrides postgres.js's own `prepare: true` option: PostgreSQL then parses and plans each
 * query anew and postgres.js asks for its parameter types first, an extra round trip. On the
 * booking path that was about a third of the database's work and, retried without this in #16,
 * a quarter of Node's CPU per request and several milliseconds each. No public option of either
 * library turns it back on, so this hands Drizzle a client whose parameterised queries (also in
 * transactions and savepoints) are prepared once per connection and reused.
 * prepared-statements.test.ts fails loudly if an upgrade of either library changes the calls.
 */
export function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...options, prepare: (params?.length ?? 0) > 0 });
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
