/**
 * npm run bench:live — M sockets (default 500) subscribed to one room calendar; bookings are made
 * through the tRPC endpoint and each socket's "session.changed" is timed from the moment the
 * server published it (after commit) to receipt. Run once with every socket on one instance and
 * once with the sockets split over two instances sharing the database (the PostgreSQL adapter
 * carries the event across). The LAST line is one JSON object.
 *
 *   BENCH_SOCKETS=500 BENCH_BOOKINGS=40 npm run bench:live
 */
import superjson from "superjson";
import { io, type Socket } from "socket.io-client";
import {
  clients,
  clientTeamMembers,
  clientUnits,
  employeeRoles,
  employees,
  employeeUnits,
  rolePermissions,
  roles,
  rooms,
  units,
} from "@/db/schema";
import { createPool } from "@/server/db/client";
import { ensureStandardCatalogue } from "@/server/seed/catalogue";
import { percentile, round1, sessionCookie, startBenchDatabase, startServer, type BenchServer } from "./harness";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 500);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 40);
const log = (m: string) => console.log(`[bench:live] ${m}`);

async function connectAll(urls: string[], cookie: string, room: string): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i += 50) {
    const batch = Array.from({ length: Math.min(50, SOCKETS - i) }, (_, k) => {
      const socket = io(urls[(i + k) % urls.length]!, {
        transports: ["websocket"],
        extraHeaders: { cookie },
        reconnection: false,
        forceNew: true,
      });
      return new Promise<Socket>((resolve, reject) => {
        socket.on("connect_error", reject);
        socket.on("connect", () =>
          socket.emit("subscribe", room, (ok: boolean) => (ok ? resolve(socket) : reject(new Error("subscribe refused")))),
        );
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/** Books BOOKINGS sessions one after another and collects every socket's delay. */
async function measure(
  bookVia: string,
  cookie: string,
  sockets: Socket[],
  input: (i: number) => unknown,
): Promise<{ p50Ms: number; p99Ms: number; received: number; expected: number }> {
  const delays: number[] = [];
  for (const s of sockets) s.on("session.changed", (payload: { at: number }) => delays.push(Date.now() - payload.at));
  for (let i = 0; i < BOOKINGS; i++) {
    const res = await fetch(`${bookVia}/api/trpc/scheduling.sessions.book`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(superjson.serialize(input(i))),
    });
    if (res.status !== 200) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of sockets) s.off("session.changed");
  delays.sort((a, b) => a - b);
  return {
    p50Ms: round1(percentile(delays, 50)),
    p99Ms: round1(percentile(delays, 99)),
    received: delays.length,
    expected: BOOKINGS * sockets.length,
  };
}

async function main() {
  const embedded = await startBenchDatabase("live");
  const servers: BenchServer[] = [];
  try {
    const { db, sql } = createPool(embedded.url, 2);
    const catalogue = await ensureStandardCatalogue(db);
    const [unit] = await db.insert(units).values({ name: "Bench" }).returning({ id: units.id });
    const role = await db.transaction(async (tx) => {
      const [row] = await tx.insert(roles).values({ name: "Bench specialist" }).returning({ id: roles.id });
      await tx.insert(rolePermissions).values([
        { roleId: row!.id, resource: "sessions", action: "book", scope: "own" },
        { roleId: row!.id, resource: "sessions", action: "read", scope: "own" },
        { roleId: row!.id, resource: "clients", action: "read", scope: "own" },
      ]);
      return row!;
    });
    const [person] = await db
      .insert(employees)
      .values({ personalCode: "38001085718", firstName: "Bench", lastName: "Specialist" })
      .returning({ id: employees.id });
    await db.insert(employeeUnits).values({ employeeId: person!.id, unitId: unit!.id });
    await db.insert(employeeRoles).values({ employeeId: person!.id, roleId: role.id });
    const [client] = await db
      .insert(clients)
      .values({ firstName: "Bench", lastName: "Client", birthDate: "1980-01-01", caseManagerId: person!.id })
      .returning({ id: clients.id });
    await db.insert(clientUnits).values({ clientId: client!.id, unitId: unit!.id });
    await db.insert(clientTeamMembers).values({ clientId: client!.id, employeeId: person!.id });
    const [room] = await db.insert(rooms).values({ name: "Bench room", unitId: unit!.id, capacity: 2 }).returning({ id: rooms.id });
    const cookie = await sessionCookie(db, person!.id);
    await sql.end();

    log("starting two server.ts instances on one database…");
    servers.push(await startServer(embedded.url));
    servers.push(await startServer(embedded.url));
    const roomName = `room:${room!.id}`;
    let slot = 0;
    const input = () => {
      // From tomorrow on: sessions may be booked at most two years ahead (sessions_time_plausible).
      const startsAt = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 6 * 3_600_000 + slot++ * 3_600_000);
      return {
        serviceId: catalogue.services.get("2010")!,
        roomId: room!.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        specialistIds: [person!.id],
        participants: [{ clientId: client!.id, decisionId: null }],
        notes: "",
      };
    };

    log(`${SOCKETS} sockets on one instance…`);
    let sockets = await connectAll([servers[0]!.url], cookie, roomName);
    const one = await measure(servers[0]!.url, cookie, sockets, input);
    for (const s of sockets) s.close();
    log(`one instance: p50 ${one.p50Ms} ms, p99 ${one.p99Ms} ms (${one.received}/${one.expected} events)`);

    log(`${SOCKETS} sockets split over two instances, booking through the first…`);
    sockets = await connectAll(
      servers.map((s) => s.url),
      cookie,
      roomName,
    );
    const two = await measure(servers[0]!.url, cookie, sockets, input);
    for (const s of sockets) s.close();
    log(`two instances: p50 ${two.p50Ms} ms, p99 ${two.p99Ms} ms (${two.received}/${two.expected} events)`);

    console.log(
      JSON.stringify({
        sockets: SOCKETS,
        bookings: BOOKINGS,
        oneInstance: one,
        twoInstances: two,
        p50Ms: one.p50Ms,
        p99Ms: one.p99Ms,
        p99MsTwoInstances: two.p99Ms,
      }),
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await embedded.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
