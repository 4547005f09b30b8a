/**
 * The one Node entry: starts (or connects to) PostgreSQL, migrates, seeds the demo on first
 * start, builds when needed, then serves Next.js, tRPC and Socket.io on one port.
 */
import http from "node:http";
import next from "next";
import { startBackgroundJobs } from "@/server/boot/background";
import { bootAuthSecret, bootDatabase, dataDir } from "@/server/boot/database";
import { buildIfStale } from "@/server/boot/build";
import { healthHandler } from "@/server/boot/health";
import { icalHandler } from "@/server/boot/ical";
import { seedOnFirstStart } from "@/server/boot/seed";
import { runMigrations } from "@/server/db/migrate";
import { closeDb, db, rawSql } from "@/server/db/client";
import { env, oidcConfigured } from "@/server/env";
import { createContext } from "@/server/api/context";
import { createApiHandler } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { createRequestListener } from "@/server/http/listener";
import { attachRealtime } from "@/server/realtime/io";
import { assignRequestId, errorFields, inRequest, log as logger, logProcedureError, requestIdOf, routeConsole } from "@/server/log";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const log = (m: string) => logger.info(m);
// Next prints failed pages with console.error, Drizzle's query parameters in the message: every
// console line goes through the logger, which keeps only codes of database errors.
routeConsole(logger);

let stopDatabase: () => Promise<void> = async () => {};
let stopJobs: () => Promise<void> = async () => {};

async function main() {
  const dev = process.env.NODE_ENV === "development";
  const database = await bootDatabase(log);
  stopDatabase = database.stop;
  process.env.DATABASE_URL = database.url;
  process.env.EMBEDDED_DATABASE = database.embedded ? "1" : "0";
  process.env.AUTH_SECRET = await bootAuthSecret(database.embedded);
  const port = Number(process.env.PORT ?? 3000);
  process.env.AUTH_URL ??= `http://localhost:${port}`;

  const stop = async (signal: string) => {
    log(`${signal}: stopping…`);
    await stopJobs().catch(() => {});
    await closeDb().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  await runMigrations(database.url);
  await seedOnFirstStart(database.embedded, log);
  if (!dev) await buildIfStale(log);

  const config = env();
  const jobs = startBackgroundJobs({
    db: db(), target: { embedded: database.embedded, url: database.url, dataDir: dataDir() }, checkpointMinutes: config.AUDIT_CHECKPOINT_MINUTES, log,
  });
  stopJobs = jobs.stop;
  const app = next({ dev, hostname: "localhost", port });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const upgradeHandler = app.getUpgradeHandler();

  // tRPC on the Node server itself: the booking path skips Next's routing entirely.
  const trpcHandler = createApiHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: (req) => createContext({ cookie: req.headers.cookie, ip: String(req.headers["x-real-ip"] ?? "") || null, requestId: requestIdOf(req), userAgent: req.headers["user-agent"] ?? null }),
    onError: ({ error, path, req }) => logProcedureError(logger, { error, path, requestId: requestIdOf(req) }),
  });

  const listener = createRequestListener(
    { trpc: trpcHandler, health: healthHandler(rawSql), ical: icalHandler, next: nextHandler },
    { dev, authUrl: process.env.AUTH_URL, trustProxy: config.TRUST_PROXY === "1", oidcIssuer: oidcConfigured(config) ? config.OIDC_ISSUER : undefined },
  );
  const server = http.createServer((req, res) => inRequest(assignRequestId(req, res, config.TRUST_PROXY === "1"), () => listener(req, res)));
  const io = attachRealtime(server, database.url);
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/")) return; // Socket.io handles its own upgrades
    void upgradeHandler(req, socket, head);
  });
  server.listen(port, config.HOST, () => {
    log(`Ready on http://localhost:${port}${database.embedded ? " (embedded PostgreSQL)" : ""}`);
  });
  process.once("beforeExit", () => io.close());
}

main().catch(async (err) => {
  logger.fatal({ err: errorFields(err) }, "start failed");
  await closeDb().catch(() => {});
  await stopDatabase().catch(() => {});
  process.exit(1);
});
