import { createWriteStream, existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmbeddedPostgres } from "@/server/db/embedded";

export type BootDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

export const dataDir = () => path.resolve(process.env.DATA_DIR ?? ".data");

/**
 * DATABASE_URL switches to an external server; otherwise the embedded PostgreSQL under
 * DATA_DIR (.data) is started. EMBEDDED_PG_DURABLE=0 (tests only) turns fsync off.
 */
export async function bootDatabase(log: (m: string) => void): Promise<BootDatabase> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  log(`Starting the embedded PostgreSQL in ${path.join(dataDir(), "pg")}…`);
  await fs.mkdir(dataDir(), { recursive: true });
  // One stream, in order, flushed when the database has stopped: PostgreSQL's last lines (the
  // shutdown checkpoint) are written before the app exits, not lost with pending appends.
  const pgLog = createWriteStream(path.join(dataDir(), "postgres.log"), { flags: "a" });
  pgLog.on("error", () => {});
  const db = await startEmbeddedPostgres({
    dataDir: dataDir(),
    database: "hoolekanne",
    durable: process.env.EMBEDDED_PG_DURABLE !== "0",
    log: (line) => void pgLog.write(line.endsWith("\n") ? line : `${line}\n`),
    supervise: { log },
  });
  const stop = async () => {
    await db.stop();
    await new Promise<void>((resolve) => pgLog.end(resolve));
  };
  return { url: db.url, embedded: true, stop };
}

/** AUTH_SECRET from the environment, or for the embedded installation one kept under .data. */
export async function bootAuthSecret(embedded: boolean): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (!embedded) {
    throw new Error(
      "AUTH_SECRET is not set. With DATABASE_URL, set AUTH_SECRET to a random value of at least 32 characters (e.g. `openssl rand -base64 48`).",
    );
  }
  const file = path.join(dataDir(), "auth-secret");
  if (existsSync(file)) return (await fs.readFile(file, "utf8")).trim();
  const secret = randomBytes(48).toString("base64url");
  await fs.writeFile(file, secret, { mode: 0o600 });
  return secret;
}
