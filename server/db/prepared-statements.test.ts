import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { units } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { createPool } from "./client";
import { customPlan } from "./prepared-statements";

/**
 * The pool's Drizzle queries are prepared once per connection (prepared-statements.ts). If an
 * upgrade of Drizzle or postgres.js changes how Drizzle calls the client, the statements stop
 * showing up in pg_prepared_statements and this fails, instead of bookings quietly slowing down.
 */

const t = await useTestDatabase();
const one = createPool(t.url, 1); // one connection: the statements below all land on it
afterAll(() => one.sql.end({ timeout: 5 }));

const prepared = async (db: typeof one.db) =>
  (await db.execute<{ statement: string }>(sql`SELECT statement FROM pg_prepared_statements`)).map((r) => r.statement);

describe("prepared statements", () => {
  it("a parameterised Drizzle query is prepared on its connection and reused", async () => {
    const id = "00000000-0000-4000-8000-000000000001";
    await one.db.select().from(units).where(eq(units.id, id));
    await one.db.select().from(units).where(eq(units.id, id));
    const statements = await prepared(one.db);
    expect(statements.filter((s) => s.includes('from "units" where "units"."id" = $1'))).toHaveLength(1);
  });

  it("so is one inside a transaction and a savepoint", async () => {
    await one.db.transaction(async (tx) => {
      await tx.select({ id: units.id }).from(units).where(eq(units.name, "in a transaction"));
      await tx.transaction(async (sp) => {
        await sp.select({ id: units.id }).from(units).where(eq(units.name, "in a savepoint")).limit(1);
      });
    });
    const statements = await prepared(one.db);
    expect(statements.some((s) => s.includes('"units"."name" = $1') && !s.includes("limit"))).toBe(true);
    expect(statements.some((s) => s.includes('"units"."name" = $1') && s.includes("limit"))).toBe(true);
  });

  it("a statement marked customPlan is not prepared, however often it runs", async () => {
    const query = (marked: boolean) => {
      const statement = sql`SELECT count(*) FROM ${units} WHERE ${units.name} = ${"custom plan probe"}`;
      return marked ? customPlan(statement) : statement;
    };
    for (let i = 0; i < 7; i++) await one.db.execute(query(true));
    expect((await prepared(one.db)).filter((s) => s.includes("custom plan"))).toEqual([]);
    await one.db.execute(query(false));
    expect((await prepared(one.db)).some((s) => s.startsWith('SELECT count(*) FROM "units" WHERE "units"."name" = $1'))).toBe(true);
  });
});
