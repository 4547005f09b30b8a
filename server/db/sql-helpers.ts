import { sql } from "drizzle-orm";

/** A uuid[] parameter, for `= ANY(...)` over sets that may be large. */
export const uuidArray = (ids: Iterable<string>) => sql`${`{${[...ids].join(",")}}`}::uuid[]`;

/** A text[] parameter: each element quoted, so commas, braces, quotes and backslashes stay text. */
export const textArray = (values: Iterable<string>) =>
  sql`${`{${[...values].map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`}::text[]`;

/** Text for LIKE/ILIKE with its own % _ and \ taken literally. */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, "\\$&");

/** An ILIKE pattern that finds the text anywhere. */
export const containing = (text: string) => `%${escapeLike(text)}%`;

/** JSON of a plain sql field or execute() result arrives as text (Drizzle's driver leaves parsing to columns). */
export const fromJson = <T>(value: unknown): T | null =>
  value === null || value === undefined ? null : ((typeof value === "string" ? JSON.parse(value) : value) as T);

/**
 * A Drizzle query started now, as a promise that runs it once. Drizzle's queries are thenables
 * that run again on every `then`: one kept in a variable and awaited in two places (a
 * `Promise.all` and a `.then`) ran, and wrote, twice.
 */
export const runOnce = <T>(query: PromiseLike<T>): Promise<T> => Promise.resolve(query);
