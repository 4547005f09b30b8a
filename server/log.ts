import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { inspect } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import { pgErrorOf } from "@/server/errors";

/**
 * The server log: one JSON object per line (pino). Nothing about a client may reach it, so the
 * code below never hands it query parameters, inputs or database messages; `redact` is the
 * second line of defence for a field someone passes by mistake later.
 */
const REDACTED = ["params", "parameters", "input", "rawInput", "detail", "query", "body", "personalCode", "notes"];

/** The request a line is written for, so that what Next.js prints while rendering carries its id. */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();
export const inRequest = <T>(requestId: string, fn: () => T): T => requestScope.run({ requestId }, fn);

export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED, ...REDACTED.map((k) => `*.${k}`)], censor: "[redacted]" },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export const log: Logger = createLogger();

type ErrorLike = Error & { cause?: unknown };

/** The errors of a cause chain, outermost first. */
function chainOf(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let e = err; e instanceof Error && chain.length < 6; e = (e as ErrorLike).cause) chain.push(e as ErrorLike);
  return chain;
}

/**
 * What may be logged of an error. Drizzle's "Failed query … params: …", PostgreSQL's messages
 * and DETAIL ("Key (personal_code)=(…)") and every wrapper that copied them (tRPC takes the
 * cause's message) carry client data: where the chain holds a database error, only its SQLSTATE,
 * constraint and table are kept. Other errors keep message and stack for whoever debugs.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  const chain = chainOf(err);
  const pg = pgErrorOf(err);
  const fromDatabase = pg || chain.some((e) => e.name === "DrizzleQueryError" || /Failed query:|params:/.test(e.message));
  // Next.js's digest of a failed page: the number the person sees on the error page.
  const digest = chain.map((e) => (e as { digest?: unknown }).digest).find((d) => typeof d === "string");
  if (fromDatabase) {
    return {
      type: chain.map((e) => e.name).join(" < ") || "DatabaseError",
      code: pg?.code ?? null,
      constraint: pg?.constraint_name ?? null,
      table: (pg as { table_name?: string } | undefined)?.table_name ?? null,
      ...(digest ? { digest } : {}),
    };
  }
  const first = chain[0];
  if (!first) return { type: typeof err };
  return {
    type: first.name,
    message: first.message,
    stack: first.stack,
    ...(chain[1] ? { cause: { type: chain[1].name, message: chain[1].message } } : {}),
  };
}

/** One line for a procedure that failed unexpectedly: which, where, why in codes; never its input. */
export function logProcedureError(
  logger: Logger,
  opts: { error: Error & { code?: string }; path: string | undefined; requestId: string | null },
) {
  if (opts.error.code !== "INTERNAL_SERVER_ERROR") return;
  const pg = pgErrorOf(opts.error);
  const base = { requestId: opts.requestId, procedure: opts.path ?? null };
  if (pg) logger.error({ ...base, code: pg.code, constraint: pg.constraint_name ?? null }, "procedure failed: database error");
  else logger.error({ ...base, err: errorFields(opts.error) }, "procedure failed");
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives the request its id, answered as X-Request-Id and carried into the context and the log.
 * A proxy's own id is kept only behind a trusted proxy; otherwise a client could plant ids.
 */
export function assignRequestId(req: http.IncomingMessage, res: http.ServerResponse, trustProxy: boolean): string {
  const given = trustProxy ? String(req.headers["x-request-id"] ?? "") : "";
  const id = REQUEST_ID.test(given) ? given : randomUUID();
  req.headers["x-request-id"] = id;
  res.setHeader("X-Request-Id", id);
  return id;
}

/** The id assignRequestId gave the request. */
export const requestIdOf = (req: http.IncomingMessage): string | null => {
  const id = req.headers["x-request-id"];
  return typeof id === "string" ? id : null;
};

/** Drizzle's text after "params:", should it ever arrive as a plain string. */
const scrub = (text: string) => text.replace(/params:[\s\S]*/, "params: [redacted]");

/**
 * Next.js prints failures of pages and route handlers with console.error, the whole error with
 * it. In server.ts's process every console call becomes a log line whose errors go through
 * errorFields. Returns the way back (for tests).
 */
export function routeConsole(logger: Logger): () => void {
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  const write =
    (level: "info" | "warn" | "error" | "debug") =>
    (...args: unknown[]) => {
      const error = args.find((a) => a instanceof Error);
      const text = args
        .filter((a) => !(a instanceof Error))
        .map((a) => (typeof a === "string" ? a : inspect(a, { depth: 2 })))
        .join(" ");
      logger[level](error ? { err: errorFields(error) } : {}, scrub(text) || (error ? "error" : ""));
    };
  Object.assign(console, { log: write("info"), info: write("info"), warn: write("warn"), error: write("error"), debug: write("debug") });
  // Node prints its process warnings through console.error, so a dependency's deprecation (the
  // zip libraries under exceljs still call Buffer(), DEP0005) was logged as an error.
  const printers = process.listeners("warning");
  process.removeAllListeners("warning");
  const onWarning = (w: Error & { code?: string }) => logger.warn({ warning: { name: w.name, code: w.code ?? null } }, scrub(w.message));
  process.on("warning", onWarning);
  return () => {
    Object.assign(console, original);
    process.off("warning", onWarning);
    for (const printer of printers) process.on("warning", printer);
  };
}
