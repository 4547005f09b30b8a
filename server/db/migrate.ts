import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createPool } from "./client";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/** Applies pending migrations; concurrent starts are serialised by drizzle's own lock table. */
export async function runMigrations(url: string): Promise<void> {
  const { db, sql } = createPool(url, 1);
  try {
    await sql`SELECT pg_advisory_lock(hashtext('hoolekanne_migrations'))`;
    await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
