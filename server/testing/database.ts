import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb, createPool, type Db } from "@/server/db/client";

export type TestDatabase = {
  /** Drizzle over a pool of `max` connections to this file's own database. */
  db: Db;
  /** The postgres.js client under `db`, for plain SQL (what the app would never write). */
  sql: postgres.Sql;
  url: string;
  name: string;
  close: () => Promise<void>;
};

function admin() {
  return postgres(inject("testDatabaseAdminUrl"), { max: 1, onnotice: () => {} });
}

/**
 * A fresh, migrated, empty database cloned from the template of global-setup.ts. Files run in
 * parallel, each against databases of its own. Call `close()` when done (useTestDatabase does).
 */
export async function createTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const template = inject("testTemplateDatabase");
  const a = admin();
  try {
    await a.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await a.end();
  }
  const url = inject("testDatabaseAdminUrl").replace(/\/[^/]+$/, `/${name}`);
  const { db, sql } = createPool(url, opts.max ?? 10);
  return {
    db,
    sql,
    url,
    name,
    close: async () => {
      await sql.end({ timeout: 5 });
      const b = admin();
      try {
        await b.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await b.end();
      }
    },
  };
}

/**
 * The usual way in: at the top of a test file, `const t = await useTestDatabase();`. Also points
 * DATABASE_URL (and so the global pool of server/db/client.ts, used by e.g. cachedActor) at it.
 */
export async function useTestDatabase(opts: { max?: number } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(opts);
  process.env.DATABASE_URL = database.url;
  afterAll(async () => {
    await closeDb();
    await database.close();
  });
  return database;
}
