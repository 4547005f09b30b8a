import http from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { makeEmployee } from "@/server/testing/factories";
import { signedInCookie } from "@/server/testing/sessions";
import { connected, nextEvent } from "@/server/testing/sockets";
import { attachRealtime, closeRealtime, publish } from "./io";
import { rooms } from "./rooms";

/**
 * Several app instances on one database hear each other's events through PostgreSQL (the
 * Socket.io adapter's LISTEN/NOTIFY); an instance alone sends its events to its own sockets only,
 * with no NOTIFY that no one would hear.
 */

const t = await useTestDatabase();
const CHANNEL = "hoolekanne_io#/";

const listen = (server: http.Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

describe("Several instances on one database", () => {
  const servers: http.Server[] = [];
  const sockets: ClientSocket[] = [];
  let io: Server;
  let url: string;
  /** Every NOTIFY on the adapter's channel, as a separate connection to the database sees it. */
  const notified: string[] = [];
  let listener: pg.Client;
  let other: { io: Server; pool: pg.Pool } | undefined;

  beforeAll(async () => {
    listener = new pg.Client({ connectionString: t.url });
    await listener.connect();
    listener.on("notification", (n) => notified.push(n.payload ?? ""));
    await listener.query(`LISTEN "${CHANNEL}"`);
    const server = http.createServer();
    servers.push(server);
    io = attachRealtime(server, t.url);
    url = await listen(server);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await closeRealtime();
    if (other) {
      other.io.disconnectSockets(true);
      await other.io.of("/").adapter.close();
      other.io.engine.close();
      await other.pool.end();
    }
    for (const s of servers) if (s.listening) await new Promise((resolve) => s.close(resolve));
    await listener.end();
  });

  async function signedInSocket(employeeId: string) {
    const { cookie } = await signedInCookie(t.db, employeeId);
    const socket = connect(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  it("alone, an instance's events reach its own sockets without going through PostgreSQL", async () => {
    const person = await makeEmployee(t.db);
    const socket = await signedInSocket(person);
    expect(await io.of("/").adapter.serverCount()).toBe(1);
    const event = nextEvent(socket, "work.changed");
    publish([rooms.employee(person)], "work.changed", { kind: "alone", at: Date.now() });
    expect(await event).toMatchObject({ kind: "alone" });
    // Long enough for a NOTIFY sent with the event to have arrived.
    await new Promise((r) => setTimeout(r, 300));
    expect(notified.filter((p) => p.includes("work.changed"))).toEqual([]);
  });

  it("once a second instance has announced itself, an event published on one reaches the other's sockets", async () => {
    const person = await makeEmployee(t.db);
    // The second instance: its own http.Server and Socket.io with the same adapter on the same
    // database, as a second server.ts would have. Its sockets join the person's room at once.
    const server = http.createServer();
    servers.push(server);
    const pool = new pg.Pool({ connectionString: t.url, max: 2 });
    const second = new Server(server, { serveClient: false });
    second.adapter(createAdapter(pool, { channelPrefix: "hoolekanne_io" }));
    other = { io: second, pool };
    second.on("connection", (s) => void s.join(rooms.employee(person)));
    const secondUrl = await listen(server);
    await vi.waitFor(async () => expect(await io.of("/").adapter.serverCount()).toBe(2), { timeout: 10_000, interval: 50 });

    const there = connect(secondUrl, { transports: ["websocket"], reconnection: false, forceNew: true });
    sockets.push(there);
    await connected(there);
    await vi.waitFor(async () => expect(await second.in(rooms.employee(person)).fetchSockets()).toHaveLength(1));
    const here = await signedInSocket(person);
    const [onSecond, onFirst] = [nextEvent(there, "work.changed"), nextEvent(here, "work.changed")];
    publish([rooms.employee(person)], "work.changed", { kind: "everywhere", at: Date.now() });
    expect(await onSecond).toMatchObject({ kind: "everywhere" });
    expect(await onFirst).toMatchObject({ kind: "everywhere" });
    // The second instance heard it through a NOTIFY; this test's own LISTEN connection gets the
    // same notification, but not necessarily before the sockets do.
    await vi.waitFor(() => expect(notified.some((p) => p.includes("work.changed"))).toBe(true), { timeout: 5_000, interval: 20 });
  });
});
