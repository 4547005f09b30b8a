/**
 * Creates the first administrator of a clean installation:
 *   npm run admin:create -- <personal code> <first name> <last name> [--password]
 * With --password a random password is generated and printed once; without it the person signs
 * in with eID. Refuses when an administrator already exists. Uses DATABASE_URL, or the embedded
 * database under .data when the app is not running.
 */
import { randomBytes } from "node:crypto";
import { bootDatabase } from "@/server/boot/database";
import { closeDb, createPool } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { createFirstAdministrator } from "@/server/seed/first-admin";
import { runScript } from "./run-script";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const withPassword = args.includes("--password");
  const [code, firstName, lastName] = args.filter((a) => !a.startsWith("--"));
  if (!code || !firstName || !lastName) {
    console.error("Usage: npm run admin:create -- <personal code> <first name> <last name> [--password]");
    return 2;
  }
  const database = await bootDatabase((m) => console.log(m));
  const { db, sql } = createPool(database.url, 2);
  try {
    await runMigrations(database.url);
    const password = withPassword ? randomBytes(12).toString("base64url") : null;
    const result = await createFirstAdministrator(db, { personalCode: code, firstName, lastName, password });
    if (!result.ok) {
      console.error(result.message);
      return 1;
    }
    console.log(`Administrator ${firstName} ${lastName} (${code}) created.`);
    if (password) console.log(`One-time password: ${password}\nThe first sign-in asks for a password of your own.`);
    return 0;
  } finally {
    await sql.end();
    await closeDb();
    await database.stop();
  }
}

runScript(main);
