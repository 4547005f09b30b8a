import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "./client";

/** The PostgreSQL argument types the wrapped functions take, and what TypeScript passes for each. */
type ArgTypes = {
  uuid: string | null;
  text: string | null;
  int: number;
  boolean: boolean;
  timestamptz: Date;
  jsonb: unknown;
  "uuid[]": readonly (string | null)[];
};
export type SqlArgType = keyof ArgTypes;
/** How the result comes back: one value, or the rows of a set-returning function. */
type Returns = "jsonb" | "boolean" | "uuid[]" | "void" | "table";

export type SqlFunctionInput<A extends Record<string, SqlArgType>> = { [K in keyof A]: ArgTypes[A[K]] };

/** The SQL name of an argument: `p_` and the key in snake case (`unitSubtree` -> `p_unit_subtree`). */
export const sqlArgName = (key: string) => `p_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

function arg(type: SqlArgType, value: unknown): SQL {
  switch (type) {
    // An array literal as one parameter: sets of ids may be large. NULL elements stay NULL.
    case "uuid[]":
      return sql`${`{${(value as (string | null)[]).map((v) => v ?? "NULL").join(",")}}`}::uuid[]`;
    case "timestamptz":
      return sql`${(value as Date).toISOString()}::timestamptz`;
    case "jsonb":
      return sql`${JSON.stringify(value)}::jsonb`;
    default:
      return sql`${value}::${sql.raw(type)}`;
  }
}

/** A result that is not what the function is declared to return: a programming error, never the caller's. */
export class SqlResultShapeError extends Error {
  constructor(fn: string, error: z.ZodError) {
    // Paths and expectations only, never the values: they may be about a client.
    super(`${fn} returned an unexpected shape: ${error.issues.map((i) => `${i.path.join(".") || "(result)"}: ${i.message}`).join("; ")}`);
    this.name = "SqlResultShapeError";
  }
}

function decode(returns: Returns, value: unknown): unknown {
  if (returns === "jsonb" && typeof value === "string") return JSON.parse(value);
  // Arrays are read as text: Drizzle's postgres.js driver leaves a plain field's parsing to columns.
  if (returns === "uuid[]" && typeof value === "string") return value.replace(/[{}]/g, "").split(",").filter(Boolean);
  return value;
}

/**
 * A typed call of one SQL function. The arguments are an object and go by name
 * (`fn(p_room => $1::uuid, ...)`, PostgreSQL's named notation), so no argument can land in
 * another's slot whatever order either side lists them in; the result is parsed with `result`
 * (a row's schema for "table"), and a different shape throws SqlResultShapeError instead of
 * flowing on as an unchecked cast. sql-functions.test.ts checks every wrapper's arguments
 * against the database's own definition.
 */
export function sqlFunction<A extends Record<string, SqlArgType>, Ret extends Returns, R extends z.ZodType>(
  name: string,
  args: A,
  returns: Ret,
  result: R,
) {
  const keys = Object.keys(args);
  const call = async (db: DbOrTx, input: SqlFunctionInput<A>): Promise<Ret extends "table" ? z.output<R>[] : z.output<R>> => {
    const named = sql.join(
      keys.map((k) => sql`${sql.raw(sqlArgName(k))} => ${arg(args[k]!, input[k])}`),
      sql`, `,
    );
    const fn = sql`${sql.raw(name)}(${named})`;
    const parse = (value: unknown) => {
      const parsed = result.safeParse(value);
      if (!parsed.success) throw new SqlResultShapeError(name, parsed.error);
      return parsed.data;
    };
    if (returns === "table") return [...(await db.execute(sql`SELECT * FROM ${fn}`))].map(parse) as never;
    const cast = returns === "uuid[]" ? sql`::text` : sql``;
    const [row] = await db.execute<{ result: unknown }>(sql`SELECT ${fn}${cast} AS result`);
    return parse(decode(returns, row?.result)) as never;
  };
  return Object.assign(call, { sqlName: name, args: keys.map((k) => ({ name: sqlArgName(k), type: args[k]! })), returns });
}
