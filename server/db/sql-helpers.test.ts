import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { textArray, uuidArray } from "./sql-helpers";

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
