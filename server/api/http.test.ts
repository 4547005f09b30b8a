import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { signedInCookie } from "@/server/testing/sessions";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeRoom, makeSchedulingWorld, tallinnWinter } from "@/server/testing/scheduling-factories";
import { createContext } from "./context";
import { createApiHandler } from "./http";
import { appRouter } from "./root";

/**
 * createApiHandler (the server's tRPC endpoint) must answer exactly as tRPC's own adapter does:
 * the same status, the same body, the same effects. It is that adapter today; these keep any
 * future shortcut on the booking path honest.
 */

const t = await useTestDatabase();

const contextOf = (req: http.IncomingMessage) => createContext({ cookie: req.headers.cookie, ip: "127.0.0.1" });
const errors: string[] = [];
const servers: http.Server[] = [];

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/`;
}

let lane: string;
let adapter: string;
let cookie: string;
let outsider: string;
let booking: Record<string, unknown>;

beforeAll(async () => {
  lane = await serve(
    createApiHandler({
      router: appRouter,
      basePath: "/api/trpc/",
      createContext: contextOf,
      onError: ({ error }) => errors.push(error.code),
    }),
  );
  adapter = await serve(createHTTPHandler({ router: appRouter, basePath: "/api/trpc/", createContext: ({ req }) => contextOf(req) }));
  const unit = await makeUnit(t.db);
  const world = await makeSchedulingWorld(t.db);
  const booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:late_entry": "all", "sessions:read": "all", "clients:read": "all" },
    unitIds: [unit],
  });
  const stranger = await makeActor(t.db, { permissions: { "clients:read": "own" } });
  const clientId = await makeClient(t.db, { unitIds: [unit] });
  const roomId = await makeRoom(t.db, { unitId: unit, name: "Kabinet 3" });
  const token = async (employeeId: string) => (await signedInCookie(t.db, employeeId)).cookie;
  cookie = await token(booker.employeeId);
  outsider = await token(stranger.employeeId);
  booking = {
    serviceId: world.individualServiceId,
    roomId,
    specialistIds: [booker.employeeId],
    participants: [{ clientId, decisionId: null }],
    notes: "",
    startsAt: tallinnWinter("2028-02-07", "10:00"),
    endsAt: tallinnWinter("2028-02-07", "11:00"),
  };
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

type Answer = { status: number; body: unknown; type: string | null };

async function post(base: string, path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get("content-type") };
}

/** The same request to both servers; returns both answers. */
async function both(path: string, body: string, headers: Record<string, string> = {}) {
  return { viaLane: await post(lane, path, body, headers), viaAdapter: await post(adapter, path, body, headers) };
}

const moved = (input: Record<string, unknown>, days: number) => ({
  ...input,
  startsAt: new Date((input.startsAt as Date).getTime() + days * 86_400_000),
  endsAt: new Date((input.endsAt as Date).getTime() + days * 86_400_000),
});

describe("a single mutation through the short path", () => {
  it("books like the adapter: 200, the session in the same wire format, its audit row written", async () => {
    const before = (await auditRows(t.db, "session.book")).length;
    const { viaLane, viaAdapter } = await both("scheduling.sessions.book", JSON.stringify(superjson.serialize(booking)), { cookie });
    // Different days, so both succeed; the answers differ only in the session's id.
    expect(viaLane.status).toBe(200);
    expect(viaLane.type).toMatch(/^application\/json/);
    const second = await post(adapter, "scheduling.sessions.book", JSON.stringify(superjson.serialize(moved(booking, 1))), { cookie });
    expect(second.status).toBe(200);
    const shape = (a: Answer) => {
      const data = superjson.deserialize((a.body as { result: { data: never } }).result.data) as Record<string, unknown>;
      return { keys: Object.keys(data).sort(), startsAtIsDate: data.startsAt instanceof Date, warnings: data.warnings };
    };
    expect(shape(viaLane)).toEqual(shape(second));
    // viaAdapter booked the same slot a moment later: the room was taken.
    expect(viaAdapter.status).toBe(409);
    expect((await auditRows(t.db, "session.book")).length).toBe(before + 2);
  });

  it("a clash: the same 409 and error body (message key, params, field) as the adapter", async () => {
    const body = JSON.stringify(superjson.serialize(booking));
    const { viaLane, viaAdapter } = await both("scheduling.sessions.book", body, { cookie });
    expect(viaLane.status).toBe(409);
    expect(viaLane).toEqual(viaAdapter);
    const data = (
      viaLane.body as { error: { json: { data: { app: { messageKey: string; field: string; params: Record<string, string> } } } } }
    ).error.json.data.app;
    expect(data.messageKey).toBe("errors.roomTaken");
    expect(data.field).toBe("roomId");
    expect(data.params.room).toBe("Kabinet 3");
    // The server's own error hook hears of it, as through the adapter.
    expect(errors).toContain("CONFLICT");
  });

  it("bad input, no session, someone without the permission, bad JSON: the adapter's answers", async () => {
    const cases: [string, string, Record<string, string>, number][] = [
      ["scheduling.sessions.book", JSON.stringify(superjson.serialize({ ...booking, serviceId: "not-a-uuid" })), { cookie }, 400],
      ["scheduling.sessions.book", JSON.stringify(superjson.serialize(moved(booking, 7))), {}, 401],
      ["scheduling.sessions.book", JSON.stringify(superjson.serialize(moved(booking, 7))), { cookie: outsider }, 403],
      ["scheduling.sessions.book", "{not json", { cookie }, 400],
    ];
    for (const [path, body, headers, status] of cases) {
      const { viaLane, viaAdapter } = await both(path, body, headers);
      expect([path, body.slice(0, 30), viaLane.status]).toEqual([path, body.slice(0, 30), status]);
      // The adapter's parse error carries the parser's own message; everything else is identical.
      if (body.startsWith("{not"))
        expect((viaLane.body as { error: { json: { data: { code: string } } } }).error.json.data.code).toBe("PARSE_ERROR");
      else expect(viaLane).toEqual(viaAdapter);
    }
  });

  it("refuses a body over a megabyte with 413 before reading it as input", async () => {
    const huge = JSON.stringify(superjson.serialize({ ...booking, notes: "x".repeat(1024 * 1024) }));
    const { status } = await fetch(`${lane}scheduling.sessions.book`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: huge,
    });
    expect(status).toBe(413);
  });

  it("leaves batches, queries and unknown paths to the adapter", async () => {
    const batch = await fetch(`${lane}scheduling.sessions.book?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ 0: superjson.serialize(moved(booking, 14)) }),
    });
    expect(batch.status).toBe(200);
    expect(Array.isArray(await batch.json())).toBe(true);
    const unknown = await both("scheduling.sessions.nothing", "{}", { cookie });
    expect(unknown.viaLane).toEqual(unknown.viaAdapter);
    expect(unknown.viaLane.status).toBe(404);
    const query = await fetch(`${lane}scheduling.rooms.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize({})))}`, {
      headers: { cookie },
    });
    expect(query.status).toBe(200);
    const rooms = superjson.deserialize(((await query.json()) as { result: { data: never } }).result.data) as { name: string }[];
    expect(rooms.map((r) => r.name)).toContain("Kabinet 3");
    // A query sent as POST is the adapter's to refuse, as always.
    const postedQuery = await both("scheduling.rooms.list", JSON.stringify(superjson.serialize({})), { cookie });
    expect(postedQuery.viaLane).toEqual(postedQuery.viaAdapter);
    expect(postedQuery.viaLane.status).toBe(405);
  });
});
