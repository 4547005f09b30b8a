import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as tar from "tar";
import { afterAll, describe, expect, inject, it } from "vitest";
import { AFTER_SCHEMA, BEFORE_SCHEMA } from "@/db/functions/order";
import { FUNCTIONS_DIR, MIGRATIONS_DIR, runMigrations } from "./migrate";

/**
 * The last commit whose migrations still defined the functions themselves; its migrations are
 * kept as an archive (`git archive 0e1af94` of db/migrations), so a shallow clone runs this too.
 */
const BEFORE_FUNCTION_FILES = "0e1af94";
const OLD_MIGRATIONS = path.join(process.cwd(), "server/testing/fixtures", `migrations-${BEFORE_FUNCTION_FILES}.tar.gz`);

const made: string[] = [];
const admin = () => postgres(inject("testDatabaseAdminUrl"), { max: 1, onnotice: () => {} });

async function emptyDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const a = admin();
  try {
    await a.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await a.end();
  }
  made.push(name);
  return inject("testDatabaseAdminUrl").replace(/\/[^/]+$/, `/${name}`);
}

afterAll(async () => {
  const a = admin();
  try {
    for (const name of made) await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await a.end();
  }
});

type Definitions = { functions: Record<string, string>; triggers: Record<string, string> };

/** Every function of the application (not of extensions) and every user trigger, with its definition. */
async function definitions(url: string): Promise<Definitions> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const functions = await sql<{ name: string; def: string }[]>`
      SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
        FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
       ORDER BY 1, 2`;
    const triggers = await sql<{ name: string; def: string }[]>`
      SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS def FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1, 2`;
    const byName = (rows: { name: string; def: string }[]) => {
      const out: Record<string, string> = {};
      // Two overloads of one name would show here as one name with two definitions.
      for (const r of rows) out[r.name] = out[r.name] === undefined ? r.def : `${out[r.name]}\n${r.def}`;
      return out;
    };
    return { functions: byName(functions), triggers: byName(triggers) };
  } finally {
    await sql.end();
  }
}

async function sqlFiles(dir: string): Promise<Map<string, string>> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return new Map(await Promise.all(files.map(async (f) => [f, await fs.readFile(path.join(dir, f), "utf8")] as const)));
}

const withoutComments = (text: string) => text.replace(/--[^\n]*/g, "");
const DEFINES = /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(FUNCTION|PROCEDURE|TRIGGER)\s+(?:public\.)?"?(\w+)"?/gi;

describe("functions and triggers live in db/functions/, one file each", () => {
  it("no migration defines a function, procedure or trigger", async () => {
    const found: string[] = [];
    for (const [file, text] of await sqlFiles(MIGRATIONS_DIR)) {
      for (const m of withoutComments(text).matchAll(DEFINES)) found.push(`${file}: ${m[1]} ${m[2]}`);
    }
    expect(found).toEqual([]);
  });

  it("each file defines the one function it is named after (and triggers no other file defines), and order.ts lists each once", async () => {
    const files = await sqlFiles(FUNCTIONS_DIR);
    const triggerHomes = new Map<string, string[]>();
    for (const [file, text] of files) {
      const defined = [...withoutComments(text).matchAll(DEFINES)];
      expect(
        defined.filter((m) => m[1]!.toUpperCase() !== "TRIGGER").map((m) => m[2]),
        file,
      ).toEqual([file.slice(0, -4)]);
      for (const m of defined.filter((d) => d[1]!.toUpperCase() === "TRIGGER"))
        triggerHomes.set(m[2]!, [...(triggerHomes.get(m[2]!) ?? []), file]);
    }
    expect([...triggerHomes].filter(([, homes]) => homes.length > 1)).toEqual([]);
    const listed = [...BEFORE_SCHEMA, ...AFTER_SCHEMA];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...files.keys()].map((f) => f.slice(0, -4)).sort());
  });

  it(
    "a fresh database has exactly the functions and triggers of the files, and migrating again changes nothing",
    { timeout: 120_000 },
    async () => {
      const url = await emptyDatabase();
      await runMigrations(url);
      const fresh = await definitions(url);

      const files = await sqlFiles(FUNCTIONS_DIR);
      const triggers = [...files.values()].flatMap((text) =>
        [...withoutComments(text).matchAll(DEFINES)].filter((m) => m[1]!.toUpperCase() === "TRIGGER").map((m) => m[2]!),
      );
      expect(Object.keys(fresh.functions).sort()).toEqual([...files.keys()].map((f) => f.slice(0, -4)).sort());
      expect(Object.keys(fresh.triggers).sort()).toEqual(triggers.sort());

      await runMigrations(url);
      expect(await definitions(url)).toEqual(fresh);
    },
  );

  it(
    `a database migrated by the migrations as they were at ${BEFORE_FUNCTION_FILES} upgrades to the same definitions as a fresh one`,
    { timeout: 180_000 },
    async () => {
      // The old migrations, run the way the old code ran them (drizzle's own migrate).
      const oldDir = await fs.mkdtemp(path.join(os.tmpdir(), "hoolekanne-old-migrations-"));
      try {
        await tar.x({ file: OLD_MIGRATIONS, cwd: oldDir, strip: 2 });
        const oldUrl = await emptyDatabase();
        const sql = postgres(oldUrl, { max: 1, onnotice: () => {} });
        try {
          await drizzleMigrate(drizzle(sql), { migrationsFolder: oldDir });
          // Sanity: the old migrations really did define the functions.
          const rows = await sql`SELECT 1 FROM pg_proc WHERE proname = 'book_session'`;
          expect(rows.length).toBe(1);
        } finally {
          await sql.end();
        }

        await runMigrations(oldUrl);
        const freshUrl = await emptyDatabase();
        await runMigrations(freshUrl);
        expect(await definitions(oldUrl)).toEqual(await definitions(freshUrl));
      } finally {
        await fs.rm(oldDir, { recursive: true, force: true });
      }
    },
  );
});
