import fs from "node:fs/promises";
import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { AFTER_SCHEMA, BEFORE_SCHEMA } from "@/db/functions/order";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");
export const FUNCTIONS_DIR = path.join(process.cwd(), "db", "functions");

type Tx = postgres.TransactionSql;

/**
 * Brings a database to the current schema and rules in ONE transaction, so a failure anywhere
 * leaves it as it was: the functions the schema uses, the pending migrations, then every function
 * and trigger of db/functions/ (see db/functions/order.ts). Concurrent starts queue on an advisory
 * lock. Idempotent: with nothing pending it re-applies the functions and changes nothing.
 */
export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const sources = await readFunctionFiles();
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('hoolekanne_migrations'))`;
      // A LANGUAGE sql body is checked at creation, whatever the server's default: order.ts says why.
      await tx`SET LOCAL check_function_bodies = on`;
      await applyFunctions(tx, sources, BEFORE_SCHEMA);
      await applyPendingMigrations(tx);
      await applyFunctions(tx, sources, AFTER_SCHEMA);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Every file of db/functions/ by name. A file missing from order.ts fails the migrate rather than
 * being skipped: a rule that is never applied would otherwise go unnoticed.
 */
async function readFunctionFiles(): Promise<Map<string, string>> {
  const listed = new Set<string>([...BEFORE_SCHEMA, ...AFTER_SCHEMA]);
  const files = (await fs.readdir(FUNCTIONS_DIR)).filter((f) => f.endsWith(".sql"));
  const sources = new Map<string, string>();
  for (const file of files) {
    const name = file.slice(0, -".sql".length);
    if (!listed.has(name)) throw new Error(`db/functions/${file} is not listed in db/functions/order.ts`);
    sources.set(name, await fs.readFile(path.join(FUNCTIONS_DIR, file), "utf8"));
  }
  return sources;
}

async function applyFunctions(tx: Tx, sources: Map<string, string>, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const text = sources.get(name);
    if (text === undefined) throw new Error(`db/functions/order.ts lists ${name}, but db/functions/${name}.sql does not exist`);
    try {
      // No parameters: the simple protocol, which takes the function and its triggers in one go.
      await tx.unsafe(text);
    } catch (err) {
      throw new Error(`db/functions/${name}.sql: ${(err as Error).message}`, { cause: err });
    }
  }
}

/**
 * drizzle's journal and bookkeeping (drizzle.__drizzle_migrations, a migration runs when its
 * journal time is newer than the newest recorded), so drizzle-kit and this agree on what ran; run
 * here rather than by drizzle's migrate() because that opens a transaction of its own, and the
 * functions must be applied in the same one.
 */
async function applyPendingMigrations(tx: Tx): Promise<void> {
  await tx`CREATE SCHEMA IF NOT EXISTS drizzle`;
  await tx`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`;
  const [last] = await tx<{ created_at: string }[]>`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`;
  for (const migration of readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR })) {
    if (last && Number(last.created_at) >= migration.folderMillis) continue;
    for (const statement of migration.sql) {
      if (statement.replace(/--[^\n]*/g, "").trim() === "") continue;
      await tx.unsafe(statement);
    }
    await tx`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${migration.hash}, ${migration.folderMillis})`;
  }
}
