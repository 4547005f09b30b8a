/**
 * The one Node entry: starts (or connects to) PostgreSQL, migrates, seeds the demo on first
 * start, builds when needed, then serves Next.js, tRPC and Socket.io on one port.
 */
import http from "node:http";
import next from "next";
import { bootAuthSecret, bootDatabase } from "@/server/boot/database";
import { buildIfStale } from "@/server/boot/build";
import { healthHandler } from "@/server/boot/health";
import { icalHandler } from "@/server/boot/ical";
import { seedOnFirstStart } from "@/server/boot/seed";
import { runMigrations } from "@/server/db/migrate";
import { closeDb, rawSql } from "@/server/db/client";
import { env } from "@/server/env";
import { createContext } from "@/server/api/context";
import { createApiHandler } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { attachRealtime } from "@/server/realtime/io";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const log = (m: string) => console.log(`[hoolekanne] ${m}`);

let stopDatabase: () => Promise<void> = async () => {};

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
  const app = next({ dev, hostname: "localhost", port });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const upgradeHandler = app.getUpgradeHandler();

  // tRPC on the Node server itself: the booking path skips Next's routing entirely.
  const trpcHandler = createApiHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: (req) => createContext({ cookie: req.headers.cookie, ip: String(req.headers["x-real-ip"] ?? "") || null, userAgent: req.headers["user-agent"] ?? null }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error.cause ?? error);
    },
  });

  const health = healthHandler(rawSql);
  const server = http.createServer((req, res) => {
    // The client address that sign-in throttling and the audit log record; never taken from
    // the request unless a trusted proxy sets it.
    const forwarded = config.TRUST_PROXY === "1" ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim() : "";
    req.headers["x-real-ip"] = forwarded || req.socket.remoteAddress || "";
    const url = req.url ?? "/";
    if (url.startsWith("/api/trpc/")) return void trpcHandler(req, res);
    if (url === "/api/health") return void health(req, res);
    if (url.startsWith("/api/ical/")) return void icalHandler(req, res);
    void nextHandler(req, res);
  });
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
  console.error(err);
  await closeDb().catch(() => {});
  await stopDatabase().catch(() => {});
  process.exit(1);
});
