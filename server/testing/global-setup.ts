import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/server/db/embedded";
import { runMigrations } from "@/server/db/migrate";

export const TEMPLATE_DATABASE = "hoolekanne_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the `postgres` maintenance database of the test cluster (superuser). */
    testDatabaseAdminUrl: string;
    /** The migrated database every test file clones. */
    testTemplateDatabase: string;
  }
}

/**
 * Starts one throw-away embedded PostgreSQL for the whole run (fsync off) and migrates a template
 * database once; test files clone it with CREATE DATABASE … TEMPLATE, which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hoolekanne-test-"));
  // When run as root, PostgreSQL runs as the `postgres` user, which must be able to enter the directory.
  await fs.chmod(dataDir, 0o755);
  const logLines: string[] = [];
  let database;
  try {
    database = await startEmbeddedPostgres({
      dataDir,
      database: TEMPLATE_DATABASE,
      durable: false,
      log: (line) => logLines.push(line),
    });
    await runMigrations(database.url);
  } catch (err) {
    console.error(`Test PostgreSQL failed to start:\n${logLines.join("").slice(-4000)}`);
    await database?.stop().catch(() => {});
    await fs.rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const adminUrl = database.url.replace(/\/[^/]+$/, "/postgres");
  // Nobody may stay connected to the template, or cloning it fails.
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${TEMPLATE_DATABASE} AND pid <> pg_backend_pid()`;
  await admin.end();

  project.provide("testDatabaseAdminUrl", adminUrl);
  project.provide("testTemplateDatabase", TEMPLATE_DATABASE);

  return async () => {
    await database.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
