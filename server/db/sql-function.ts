import { sql } from "drizzle-orm";
import type postgres from "postgres";
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

/** An argument's value as its one parameter; the statement casts it to the argument's type. */
function param(type: SqlArgType, value: unknown): unknown {
  switch (type) {
    // An array literal as one parameter: sets of ids may be large. NULL elements stay NULL.
    case "uuid[]":
      return `{${(value as (string | null)[]).map((v) => v ?? "NULL").join(",")}}`;
    case "timestamptz":
      return (value as Date).toISOString();
    case "jsonb":
      return JSON.stringify(value);
    default:
      return value;
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
  // The statement's text is the same on every call: written once, as the pieces between its
  // parameters. Built per call from nested sql`` fragments, Drizzle walked some ten chunks an
  // argument to write it: for book_session's 17 arguments that was about a tenth of the server's
  // CPU in npm run bench:booking (CPU profile), more than anything on the request path but the
  // sockets.
  const head = `SELECT ${returns === "table" ? "* FROM " : ""}${name}(`;
  const tail = `)${returns === "uuid[]" ? "::text" : ""}${returns === "table" ? "" : " AS result"}`;
  const casts = keys.map((k) => `::${args[k]}`);
  // Before each value its argument's name (after the previous value's cast); after the last, its cast and the tail.
  const pieces = [...keys.map((k, i) => `${i === 0 ? head : `${casts[i - 1]}, `}${sqlArgName(k)} => `), `${casts.at(-1) ?? head}${tail}`];
  // Drizzle's sql`` tag called with those pieces: a flat statement of the pieces and the plain
  // values, which Drizzle passes as parameters at a glance (a Param object costs it a walk of
  // class chains per value).
  const strings = Object.assign([...pieces], { raw: [...pieces] }) as unknown as TemplateStringsArray;
  // The same statement as text with numbered parameters, for the pool itself (below).
  const text = pieces.reduce((whole, piece, i) => `${whole}$${i}${piece}`);
  const values = (input: SqlFunctionInput<A>) => keys.map((k) => param(args[k]!, input[k]));
  // Outside a transaction the call goes to the pool's postgres.js client (Drizzle's public
  // `$client`, which prepares it as every statement is, prepared-statements.ts): Drizzle's
  // execute, its tracing span and the walk of the statement's chunks were ~4 % of the server's
  // CPU for a booking (bench:booking's profile), for a statement whose text never changes. In a
  // transaction, through Drizzle, which holds the transaction's connection.
  // (A transaction handle has no `$client`, also where it stands in for the database's.)
  const rows = (db: DbOrTx, input: SqlFunctionInput<A>): Promise<readonly Record<string, unknown>[]> => {
    const client = (db as { $client?: postgres.Sql }).$client;
    return client ? client.unsafe(text, values(input) as never[]) : db.execute(sql(strings, ...values(input)));
  };
  const call = async (db: DbOrTx, input: SqlFunctionInput<A>): Promise<Ret extends "table" ? z.output<R>[] : z.output<R>> => {
    const parse = (value: unknown) => {
      const parsed = result.safeParse(value);
      if (!parsed.success) throw new SqlResultShapeError(name, parsed.error);
      return parsed.data;
    };
    if (returns === "table") return [...(await rows(db, input))].map(parse) as never;
    const [row] = await rows(db, input);
    return parse(decode(returns, row?.result)) as never;
  };
  return Object.assign(call, { sqlName: name, args: keys.map((k) => ({ name: sqlArgName(k), type: args[k]! })), returns });
}
