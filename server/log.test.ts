import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import { createContext } from "@/server/api/context";
import { createApiHandler } from "@/server/api/http";
import { appRouter } from "@/server/api/root";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeUnit, newPersonalCode } from "@/server/testing/factories";
import { assignRequestId, createLogger, inRequest, logProcedureError, requestIdOf, routeConsole } from "./log";
import { signedInCookie } from "@/server/testing/sessions";

/**
 * The server log never carries client data: a database failure with a client's personal code,
 * name and notes among its query parameters is logged as codes and a request id, one JSON object
 * per line, both from a procedure and from what Next.js prints with console.error.
 */

const t = await useTestDatabase();

const lines: string[] = [];
const logger = createLogger({ write: (line: string) => void lines.push(...line.split("\n").filter(Boolean)) });
const secret = { personalCode: newPersonalCode(), firstName: "Salme", lastName: "Saladus-Tundmatu", notes: "Diagnoos F32.1, elab üksi" };

/** Every captured line is one JSON object; none carries the client's code, name or notes. */
function expectClean(captured: string[]) {
  expect(captured.length).toBeGreaterThan(0);
  for (const line of captured) {
    expect(() => JSON.parse(line), line).not.toThrow();
    for (const value of [secret.personalCode, secret.firstName, secret.lastName, "F32.1"]) expect(line).not.toContain(value);
  }
  return captured.map((l) => JSON.parse(l) as Record<string, unknown>);
}

let url: string;
let cookie: string;
let server: http.Server;
let unitId: string;

beforeAll(async () => {
  // An unexpected database failure on writing a client (as a full disk or a broken index would be).
  await t.db.execute(
    sql.raw(`
    CREATE FUNCTION test_clients_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not write block' USING ERRCODE = '58030'; END $$;
    CREATE TRIGGER test_clients_fail BEFORE INSERT ON clients FOR EACH ROW EXECUTE FUNCTION test_clients_fail();`),
  );
  const unit = (unitId = await makeUnit(t.db));
  const actor = await makeActor(t.db, { permissions: { "clients:read": "all", "clients:create": "all" }, unitIds: [unit] });
  cookie = (await signedInCookie(t.db, actor.employeeId)).cookie;
  // The request path of server.ts: a request id, then the API with its error logging.
  const api = createApiHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: (req) => createContext({ cookie: req.headers.cookie, ip: "127.0.0.1", requestId: requestIdOf(req) }),
    onError: ({ error, path, req }) => logProcedureError(logger, { error, path, requestId: requestIdOf(req) }),
  });
  server = http.createServer((req, res) => {
    assignRequestId(req, res, false);
    api(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("the server log", () => {
  it("a procedure's database failure is one JSON line with SQLSTATE, procedure and request id, and no client data", async () => {
    lines.length = 0;
    const input = {
      ...secret,
      birthDate: null,
      email: null,
      phone: null,
      address: "Saladuse 7",
      preferredLanguage: "et",
      unitIds: [unitId],
      caseManagerId: null,
    };
    const res = await fetch(`${url}clients.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-request-id": "planted-by-client" },
      body: JSON.stringify(superjson.serialize(input)),
    });
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id");
    // The client's own id is not taken (no trusted proxy): it could plant misleading ids.
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.text();
    expect(body).not.toContain(secret.personalCode);

    const entries = expectClean(lines);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      level: "error",
      time: expect.any(String),
      msg: "procedure failed: database error",
      requestId,
      procedure: "clients.create",
      code: "58030",
      constraint: null,
    });
  });

  it("what Next.js prints of a failed page with console.error is reduced to codes too", async () => {
    const failure = await t.db
      .insert(clients)
      .values({ ...secret })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(String(failure?.message)).toContain(secret.personalCode); // Drizzle's message carries the parameters
    lines.length = 0;
    const restore = routeConsole(logger);
    try {
      console.error(failure);
      inRequest("page-request-1", () => console.error(" ⨯", Object.assign(failure!, { digest: "2345678" })));
      console.error(`Error: ${failure?.message}`);
      console.log("plain progress line");
    } finally {
      restore();
    }
    const entries = expectClean(lines);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toMatchObject({ level: "error", err: { code: "58030" } });
    // Printed while rendering a request: its id and the digest the error page shows.
    expect(entries[1]).toMatchObject({ level: "error", requestId: "page-request-1", err: { code: "58030", digest: "2345678" } });
    expect(entries[3]).toMatchObject({ level: "info", msg: "plain progress line" });
  });

  it("a dependency's deprecation warning is logged as a warning, not as an error", async () => {
    lines.length = 0;
    const restore = routeConsole(logger);
    try {
      process.emitWarning("Buffer() is deprecated", "DeprecationWarning", "DEP0005");
      await new Promise((r) => setImmediate(r));
    } finally {
      restore();
    }
    const entries = expectClean(lines);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      level: "warn",
      msg: "Buffer() is deprecated",
      warning: { name: "DeprecationWarning", code: "DEP0005" },
    });
  });

  it("the embedded PostgreSQL's own log keeps neither an error's DETAIL nor the failed statement", async () => {
    const settings = await t.db.execute<{ name: string; setting: string }>(
      sql`SELECT name, setting FROM pg_settings WHERE name IN ('log_error_verbosity', 'log_min_error_statement') ORDER BY name`,
    );
    expect([...settings]).toEqual([
      { name: "log_error_verbosity", setting: "terse" },
      { name: "log_min_error_statement", setting: "panic" },
    ]);
  });

  it("a field named like client data is redacted even if someone passes it", () => {
    lines.length = 0;
    logger.warn({ input: secret, detail: `Key (personal_code)=(${secret.personalCode}) already exists.` }, "careless");
    expect(expectClean(lines)[0]).toMatchObject({ input: "[redacted]", detail: "[redacted]" });
  });
});
