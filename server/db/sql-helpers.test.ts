import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { runOnce, textArray, uuidArray } from "./sql-helpers";

const t = await useTestDatabase();

describe("array parameters", () => {
  it("a text[] keeps each element as it was: commas, braces, quotes, backslashes, spaces, NULL as text, empty", async () => {
    const values = ["plain", "a,b", "{braced}", 'say "hi"', "back\\slash", "  spaced  ", "NULL", "", "õun"];
    const [row] = await t.db.execute<{ v: string[] }>(sql`SELECT ${textArray(values)} AS v`);
    expect(row!.v).toEqual(values);
  });

  it("an empty list is an empty array of either type", async () => {
    const [row] = await t.db.execute<{ t: number; u: number }>(
      sql`SELECT cardinality(${textArray([])}) AS t, cardinality(${uuidArray([])}) AS u`,
    );
    expect(row).toEqual({ t: 0, u: 0 });
  });
});

describe("runOnce", () => {
  it("a query awaited in two places runs once with it; without it, the second wait fails the test", async () => {
    await t.db.execute(sql`CREATE TABLE run_once_probe (n int)`);
    const count = async () => (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM run_once_probe`))[0]!.n;
    const insert = () => t.db.execute(sql`INSERT INTO run_once_probe VALUES (1) RETURNING n`);

    const once = runOnce(insert());
    const [first, second] = await Promise.all([once, once.then((rows) => rows)]);
    expect(first).toEqual([{ n: 1 }]);
    expect(second).toEqual([{ n: 1 }]);
    expect(await count()).toBe(1);

    // Drizzle would run it again, and insert again: server/testing/query-once.ts stops it.
    const plain = insert();
    await plain;
    expect(() => plain.then((rows) => rows)).toThrow(/ran a second time/);
    expect(await count()).toBe(2);
  });
});
