import { AsyncLocalStorage } from "node:async_hooks";
import type http from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server, type Socket } from "socket.io";
import { cachedActor } from "@/server/auth/actor-cache";
import { employeeIdFromCookies } from "@/server/auth/session-token";
import { loadClientFacts } from "@/server/clients/facts";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { can, canOnClient, scopeOf } from "@/server/policy/policy";
import { mayFollowSpecialist } from "@/server/scheduling/calendar";
import { canOnWorkload, loadPerson } from "@/server/workload/access";
import { rooms } from "./rooms";

type SocketData = { actor: Actor };
type ClientToServer = { subscribe: (room: string, ack: (ok: boolean) => void) => void };
type RealtimeEvent = "session.changed" | "billing.changed" | "work.changed";
type ServerToClient = Record<RealtimeEvent, (payload: Record<string, unknown>) => void>;

const holder = globalThis as unknown as { __io?: Server; __ioPool?: pg.Pool };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * May this socket's person read what the room carries? The same policy as the data itself:
 * room calendars need sessions:read (client details are masked when the data is fetched), a
 * client's room read access to that client. A specialist's room carries their calendar and
 * workload plan: it needs the booking scope or workload:read reaching that person. A unit's
 * dashboard room needs workload:read reaching that unit, the institution-wide work room
 * workload:read over everyone.
 */
export async function mayJoin(actor: Actor, room: string): Promise<boolean> {
  const [kind, id] = room.split(":");
  const calendars = can(actor, "sessions", "read") || can(actor, "sessions", "book");
  if (room === rooms.sessions) return calendars || scopeOf(actor, "workload", "read") === "all";
  if (kind === "room") return calendars;
  if (kind === "specialist") {
    if (!id || !UUID.test(id)) return false;
    if (await mayFollowSpecialist(db(), actor, id)) return true;
    const person = await loadPerson(db(), id).catch(() => null);
    return Boolean(person && canOnWorkload(actor, "read", person));
  }
  if (kind === "dashboard" && id && UUID.test(id)) {
    const scope = scopeOf(actor, "workload", "read");
    return scope === "all" || (scope === "unit" && actor.unitSubtree.has(id));
  }
  if (room === rooms.work) return scopeOf(actor, "workload", "read") === "all";
  if (kind === "employee") return id === actor.employeeId;
  if (room === rooms.billing) return can(actor, "billing", "read");
  if (kind === "client" && id) {
    const found = await loadClientFacts(db(), id).catch(() => null);
    return Boolean(found && canOnClient(actor, "read", found.facts));
  }
  return false;
}

/**
 * Socket.io on the app's own http.Server. A socket is accepted only with a valid session
 * cookie; it joins its own employee room at once, and other rooms on request after mayJoin.
 */
export function attachRealtime(server: http.Server, databaseUrl?: string): Server {
  const io = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(server, {
    serveClient: false,
    cors: { origin: false },
  });
  if (databaseUrl) {
    // Several app instances on one database: events published on one reach sockets on all,
    // through PostgreSQL's LISTEN/NOTIFY (no Redis needed).
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    pool.on("error", (err) => console.error(`[realtime] adapter pool: ${err.message}`));
    // The client the adapter keeps for LISTEN is checked out, so the pool does not pass on its
    // errors: when PostgreSQL restarted or stopped, that was an uncaughtException. The adapter
    // reconnects by itself once the client has ended.
    pool.on("connect", (client) => client.on("error", (err) => console.error(`[realtime] adapter connection lost: ${err.message}`)));
    // The adapter forgets its LISTEN client when the connection ends but never gives it back, so
    // the pool counted it as lent for ever: after two restarts no connection was left, and
    // ending the pool waited for it. A lent client whose connection ended is given back here.
    const lent = new Set<pg.PoolClient>();
    pool.on("acquire", (client) => lent.add(client));
    pool.on("release", (_err, client) => lent.delete(client));
    pool.on("connect", (client) => client.on("end", () => {
      if (lent.has(client)) client.release(new Error("connection ended"));
    }));
    holder.__ioPool = pool;
    io.adapter(createAdapter(pool, { channelPrefix: "hoolekanne_io" }));
  }
  io.use(async (socket, next) => {
    const employeeId = await employeeIdFromCookies(socket.handshake.headers.cookie);
    const actor = employeeId ? await cachedActor(employeeId) : null;
    if (!actor) return next(new Error("unauthorized"));
    socket.data.actor = actor;
    next();
  });
  io.on("connection", (socket: Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>) => {
    void socket.join(rooms.employee(socket.data.actor.employeeId));
    socket.on("subscribe", async (room, ack) => {
      const ok = typeof room === "string" && room.length < 100 && (await mayJoin(socket.data.actor, room));
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
  if (flushTimer) { clearTimeout(flushTimer); flush(); } // what was published still goes out
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

function flush() {
  flushTimer = null;
  for (const [event, { targets, payloads }] of pending) {
    // Several changes: one notice to every room that had one. Views only refetch, so a socket
    // in two of them needs to hear it once; what changed elsewhere is not named.
    const payload = payloads.length === 1 ? payloads[0]! : { kind: "several", at: Math.min(...payloads.map((p) => Number(p.at))) };
    holder.__io?.to([...targets]).emit(event, payload);
  }
  pending.clear();
}

/**
 * Sends a small "something changed" event; call only after the transaction has committed.
 * Events published within PUBLISH_WINDOW_MS go out as one: with several instances every emit is
 * a NOTIFY through PostgreSQL, and under a storm of bookings that was a fifth of the database's
 * work. `at` (when the first of them was published) stays in the payload.
 */
export function publish(targets: string[], event: RealtimeEvent, payload: Record<string, unknown>): void {
  if (!targets.length || !holder.__io) return;
  const queue = held.getStore();
  if (queue) return void queue.push(() => publish(targets, event, payload));
  const entry = pending.get(event) ?? { targets: new Set<string>(), payloads: [] };
  pending.set(event, entry);
  for (const target of targets) entry.targets.add(target);
  entry.payloads.push(payload);
  flushTimer ??= setTimeout(flush, PUBLISH_WINDOW_MS);
}

const held = new AsyncLocalStorage<(() => void)[]>();

/**
 * Runs `fn` with the events it publishes held back; `release` sends them. For a write whose
 * transaction commits only after its domain function has returned (an idempotent write): its
 * events go out after the commit, and not at all when it rolls back.
 */
export async function holdPublishing<T>(fn: () => Promise<T>): Promise<{ value: T; release: () => void }> {
  const queue: (() => void)[] = [];
  const value = await held.run(queue, fn);
  return { value, release: () => { for (const send of queue) send(); } };
}
