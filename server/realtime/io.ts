import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { eq } from "drizzle-orm";
import pg from "pg";
import { Server, type Socket } from "socket.io";
import { rooms as roomsTable, units } from "@/db/schema";
import { cachedActor } from "@/server/auth/actor-cache";
import { onSessionsForgotten } from "@/server/auth/auth-sessions";
import { sessionFromCookies } from "@/server/auth/session-token";
import { loadClientFacts } from "@/server/clients/facts";
import { db } from "@/server/db/client";
import { dashboardUnitsFn } from "@/server/db/sql-functions";
import { env } from "@/server/env";
import { fromForeignSite, nodeHeaders } from "@/server/http/origin";
import { errorFields, log } from "@/server/log";
import type { Actor } from "@/server/policy/actor";
import { widerScope } from "@/server/policy/permissions";
import { can, canOnClient, scopeOf } from "@/server/policy/policy";
import { mayFollowSpecialist } from "@/server/scheduling/calendar";
import { canOnWorkload, loadPerson } from "@/server/workload/access";
import { rooms } from "./rooms";
import { isUuid } from "@/lib/schemas";

type SocketData = { actor: Actor; sid: string };
type ClientToServer = { subscribe: (room: string, ack: (ok: boolean) => void) => void };
type RealtimeEvent = "session.changed" | "billing.changed" | "work.changed";
type ServerToClient = Record<RealtimeEvent, (payload: Record<string, unknown>) => void>;

const holder = globalThis as unknown as { __io?: Server; __ioPool?: pg.Pool };

/**
 * May this socket's person read what the room carries? The same policy as the data itself, and
 * only for ids that exist: a room's calendar for whoever's calendar scope reaches the room's
 * unit (all: any room; otherwise a room of one's own units, one below them or one above them,
 * where one books), a client's room read access to that client. A specialist's room carries
 * their calendar and workload plan: it needs the booking scope or workload:read reaching that
 * person. A unit's dashboard room needs workload:read reaching that unit, the institution-wide
 * work room workload:read over everyone. Any other name is refused.
 */
export async function mayJoin(actor: Actor, room: string): Promise<boolean> {
  const [kind, id, ...rest] = room.split(":");
  if (rest.length) return false;
  if (kind === "room") return Boolean(id && isUuid(id)) && (await roomWithinReach(actor, id!));
  if (kind === "specialist") {
    if (!id || !isUuid(id)) return false;
    if (await mayFollowSpecialist({ db: db(), actor, ip: null }, { specialistId: id })) return true;
    const person = await loadPerson(db(), id).catch(() => null);
    return Boolean(person && canOnWorkload(actor, "read", person));
  }
  if (kind === "dashboard" && id && isUuid(id)) {
    const scope = scopeOf(actor, "workload", "read");
    return (scope === "all" || (scope === "unit" && actor.unitSubtree.has(id))) && (await unitExists(id));
  }
  if (room === rooms.work) return scopeOf(actor, "workload", "read") === "all";
  if (kind === "employee") return id === actor.employeeId;
  if (room === rooms.billing) return can(actor, "billing", "read");
  if (kind === "client" && id && isUuid(id)) {
    const found = await loadClientFacts(db(), id).catch(() => null);
    return Boolean(found && canOnClient(actor, "read", found.facts));
  }
  return false;
}

/** A room of a unit the person's calendar scope reaches: below, at or above their own units. */
async function roomWithinReach(actor: Actor, roomId: string): Promise<boolean> {
  const read = scopeOf(actor, "sessions", "read");
  const book = scopeOf(actor, "sessions", "book");
  const scope = read && book ? widerScope(read, book) : (read ?? book);
  if (!scope) return false;
  const [room] = await db().select({ unitId: roomsTable.unitId }).from(roomsTable).where(eq(roomsTable.id, roomId));
  if (!room) return false;
  if (scope === "all" || actor.unitSubtree.has(room.unitId)) return true;
  // dashboard_units (db/functions/dashboard_units.sql): the person's units and every unit above them.
  return (await dashboardUnitsFn(db(), { people: [actor.employeeId], rooms: [] })).includes(room.unitId);
}

async function unitExists(unitId: string): Promise<boolean> {
  return (await db().select({ id: units.id }).from(units).where(eq(units.id, unitId))).length === 1;
}

/**
 * Socket.io on the app's own http.Server. A socket is accepted only with a valid session
 * cookie; it joins its own employee room at once, and other rooms on request after mayJoin.
 */
export function attachRealtime(server: http.Server, databaseUrl?: string): Server {
  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(server, {
    serveClient: false,
    cors: { origin: false },
    // The session cookie goes along with any page's handshake: another site's page must not
    // open a socket in the person's name (the browser always sends Origin with WebSockets).
    allowRequest: (req, callback) => {
      const e = env();
      callback(null, !fromForeignSite(nodeHeaders(req.headers), { authUrl: e.AUTH_URL, trustProxy: e.TRUST_PROXY === "1" }));
    },
  });
  if (databaseUrl) {
    // Several app instances on one database: events published on one reach sockets on all,
    // through PostgreSQL's LISTEN/NOTIFY (no Redis needed).
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    pool.on("error", (err) => log.error({ area: "realtime", err: errorFields(err) }, "adapter pool error"));
    // The client the adapter keeps for LISTEN is checked out, so the pool does not pass on its
    // errors: when PostgreSQL restarted or stopped, that was an uncaughtException. The adapter
    // reconnects by itself once the client has ended.
    pool.on("connect", (client) =>
      client.on("error", (err) => log.error({ area: "realtime", err: errorFields(err) }, "adapter connection lost")),
    );
    // The adapter forgets its LISTEN client when the connection ends but never gives it back, so
    // the pool counted it as lent for ever: after two restarts no connection was left, and
    // ending the pool waited for it. A lent client whose connection ended is given back here.
    const lent = new Set<pg.PoolClient>();
    pool.on("acquire", (client) => lent.add(client));
    pool.on("release", (_err, client) => lent.delete(client));
    pool.on("connect", (client) =>
      client.on("end", () => {
        if (lent.has(client)) client.release(new Error("connection ended"));
      }),
    );
    holder.__ioPool = pool;
    io.adapter(createAdapter(pool, { channelPrefix: "hoolekanne_io" }));
  }
  io.use(async (socket, next) => {
    try {
      const session = await sessionFromCookies(socket.handshake.headers.cookie);
      const actor = session ? await cachedActor(session.employeeId) : null;
      if (!actor || !session) return next(new Error("unauthorized"));
      socket.data.actor = actor;
      socket.data.sid = session.sid;
      next();
    } catch (err) {
      console.error("[realtime] handshake:", (err as Error).message);
      next(new Error("unavailable"));
    }
  });
  // A revoked session's sockets are closed at once, on every instance (through the adapter).
  onSessionsForgotten((sids) => {
    try {
      for (const sid of sids) io.in(rooms.authSession(sid)).disconnectSockets(true);
    } catch (err) {
      console.error("[realtime] closing revoked sockets:", (err as Error).message);
    }
  });
  io.on("connection", (socket: Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>) => {
    void socket.join(rooms.employee(socket.data.actor.employeeId));
    void socket.join(rooms.authSession(socket.data.sid));
    socket.on("subscribe", async (room, ack) => {
      // A lookup that fails (the database gone a moment) is a refusal the page can retry, never a
      // socket left waiting for its answer or a rejection nobody handles.
      const ok = await Promise.resolve(typeof room === "string" && room.length < 100 && mayJoin(socket.data.actor, room)).catch(
        (err: unknown) => {
          log.error({ area: "realtime", err: errorFields(err) }, "subscribe check failed");
          return false;
        },
      );
      if (ok) await socket.join(room);
      if (typeof ack === "function") ack(ok);
    });
  });
  holder.__io = io as unknown as Server;
  return holder.__io;
}

/**
 * Disconnects every socket, stops the adapter and ends its pool (before PostgreSQL stops, so no
 * connection of it sees the server go). Not io.close(): that also closes the http.Server and
 * waits for its "close" event, which a drained server has already emitted, so the stop hung.
 */
export async function closeRealtime(): Promise<void> {
  if (flushTimer) {
    clearTimeout(flushTimer);
    await flush();
  } // what was published still goes out
  const io = holder.__io;
  const pool = holder.__ioPool;
  holder.__io = undefined;
  holder.__ioPool = undefined;
  if (io) {
    io.disconnectSockets(true);
    await io.of("/").adapter.close();
    io.engine.close();
  }
  await pool?.end();
}

/** Whether Socket.io runs in this process (tests and scripts publish into nothing). */
export const realtimeAttached = () => holder.__io !== undefined;

/** How long publish gathers events before they go out together. */
export const PUBLISH_WINDOW_MS = 5;
const pending = new Map<RealtimeEvent, { targets: Set<string>; payloads: Record<string, unknown>[] }>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flush(): Promise<void> {
  flushTimer = null;
  const io = holder.__io;
  const batch = [...pending];
  pending.clear();
  if (!io) return Promise.resolve();
  // An instance alone on the database (no other has announced itself through the adapter's
  // heartbeats) emits to its own sockets only: going through PostgreSQL, each window was a NOTIFY
  // and its echo on the adapter's LISTEN connection, read and dropped, for no one (bench:booking).
  return (
    io
      .of("/")
      .adapter.serverCount()
      .then((count) => {
        for (const [event, { targets, payloads }] of batch) {
          // Several changes: one notice to every room that had one. Views only refetch, so a socket
          // in two of them needs to hear it once; what changed elsewhere is not named.
          const payload = payloads.length === 1 ? payloads[0]! : { kind: "several", at: Math.min(...payloads.map((p) => Number(p.at))) };
          (count > 1 ? io : io.local).to([...targets]).emit(event, payload);
        }
      })
      // A notice that could not go out costs the views one live update, never the server: in a
      // timer's promise, a throw would end the process as an unhandled rejection.
      .catch((err: unknown) => log.error({ area: "realtime", err: errorFields(err) }, "publishing failed"))
  );
}

/**
 * Sends a small "something changed" event; call only after the transaction has committed.
 * Events published within PUBLISH_WINDOW_MS go out as one: with several instances every emit is
 * a NOTIFY through PostgreSQL, and under a storm of bookings that was a fifth of the database's
 * work. `at` (when the first of them was published) stays in the payload.
 */
export function publish(targets: string[], event: RealtimeEvent, payload: Record<string, unknown>): void {
  if (!targets.length || !holder.__io) return;
  const hold = held.getStore();
  // An event published once the hold was released (a dashboard lookup finishing after the
  // commit, in the same async context) goes out at once instead of into a spent queue.
  if (hold && !hold.released) return void hold.queue.push(() => publish(targets, event, payload));
  const entry = pending.get(event) ?? { targets: new Set<string>(), payloads: [] };
  pending.set(event, entry);
  for (const target of targets) entry.targets.add(target);
  entry.payloads.push(payload);
  flushTimer ??= setTimeout(() => void flush(), PUBLISH_WINDOW_MS);
}

const held = new AsyncLocalStorage<{ queue: (() => void)[]; released: boolean }>();

/**
 * Runs `fn` with the events it publishes held back; `release` sends them. For a write whose
 * transaction commits only after its domain function has returned (an idempotent write): its
 * events go out after the commit, and not at all when it rolls back.
 */
export async function holdPublishing<T>(fn: () => Promise<T>): Promise<{ value: T; release: () => void }> {
  const hold = { queue: [] as (() => void)[], released: false };
  const value = await held.run(hold, fn);
  return {
    value,
    release: () => {
      hold.released = true;
      for (const send of hold.queue.splice(0)) send();
    },
  };
}
