import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { bookSession } from "@/server/scheduling/sessions";
import { useTestDatabase } from "@/server/testing/database";
import { cookieFor, signedInCookie } from "@/server/testing/sessions";
import { connected, nextEvent } from "@/server/testing/sockets";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { makeRoom, makeSchedulingWorld, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { makeWorkType } from "@/server/testing/workload-factories";
import { saveTimeEntry } from "@/server/workload/time-entries";
import { revokeNow } from "@/server/auth/auth-sessions";
import { attachRealtime, holdPublishing, mayJoin, publish } from "./io";
import { rooms } from "./rooms";

/**
 * A socket joins a room only if the same policy lets its person read what the room carries; the
 * events of a booking reach the sockets in its rooms and no others.
 */

const t = await useTestDatabase();

let unit: string;
let world: SchedulingWorld;
let roomId: string;
let clientId: string;
const people: Record<"teamMember" | "stranger" | "booker" | "reader" | "nobody", Actor> = {} as never;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  roomId = await makeRoom(t.db, { unitId: unit, name: "Kabinet 7" });
  people.teamMember = await makeActor(t.db, { permissions: { "clients:read": "own", "sessions:read": "own" }, unitIds: [unit] });
  people.stranger = await makeActor(t.db, { permissions: { "clients:read": "own", "sessions:read": "all" } });
  people.booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:late_entry": "all", "clients:read": "all" },
    unitIds: [unit],
  });
  people.reader = await makeActor(t.db, { permissions: { "sessions:read": "unit" } });
  people.nobody = await makeActor(t.db, { permissions: { "clients:read": "all" } });
  clientId = await makeClient(t.db, { unitIds: [unit], teamIds: [people.teamMember.employeeId] });
  await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
});

describe("mayJoin: the same policy as the data", () => {
  it("client:<id> only for someone who may read that client", async () => {
    expect(await mayJoin(people.teamMember, rooms.client(clientId))).toBe(true);
    expect(await mayJoin(people.nobody, rooms.client(clientId))).toBe(true);
    expect(await mayJoin(people.stranger, rooms.client(clientId))).toBe(false);
    expect(await mayJoin(people.reader, rooms.client(clientId))).toBe(false);
    expect(await mayJoin(people.teamMember, rooms.client(randomUUID()))).toBe(false);
    expect(await mayJoin(people.teamMember, "client:not-a-uuid")).toBe(false);
    expect(await mayJoin(people.teamMember, "client:")).toBe(false);
  });

  it("room:<id> only for a real room that the person's calendar scope reaches; the all-sessions room no more", async () => {
    const child = await makeUnit(t.db, { parentId: unit });
    const unitReader = await makeActor(t.db, { permissions: { "sessions:read": "unit" }, unitIds: [unit] });
    const childMember = await makeActor(t.db, { permissions: { "sessions:read": "own" }, unitIds: [child] });
    expect(await mayJoin(unitReader, rooms.room(roomId))).toBe(true);
    // A room of the unit above one's own: where one books.
    expect(await mayJoin(childMember, rooms.room(roomId))).toBe(true);
    expect(await mayJoin(people.booker, rooms.room(roomId))).toBe(true);
    expect(await mayJoin(people.reader, rooms.room(roomId))).toBe(false);
    expect(await mayJoin(people.nobody, rooms.room(roomId))).toBe(false);
    for (const room of [rooms.room(randomUUID()), "room:anything", "room:", `${rooms.room(roomId)}:x`, "sessions"]) {
      expect([room, await mayJoin(people.booker, room)]).toEqual([room, false]);
    }
  });

  it("specialist:<id> only as far as the person's sessions scope reaches: own oneself, unit the unit subtree, all anyone", async () => {
    const colleague = await makeEmployee(t.db, { unitIds: [unit] });
    const farAway = await makeEmployee(t.db, { unitIds: [await makeUnit(t.db)] });
    const unitReader = await makeActor(t.db, { permissions: { "sessions:read": "unit" }, unitIds: [unit] });
    const cases: [Actor, string, boolean][] = [
      [people.teamMember, people.teamMember.employeeId, true],
      [people.teamMember, colleague, false],
      [unitReader, colleague, true],
      [unitReader, people.teamMember.employeeId, true],
      [unitReader, farAway, false],
      [people.reader, colleague, false],
      [people.booker, farAway, true],
      [people.nobody, people.nobody.employeeId, false],
    ];
    for (const [actor, specialistId, expected] of cases) {
      expect([specialistId, await mayJoin(actor, rooms.specialist(specialistId))]).toEqual([specialistId, expected]);
    }
    expect(await mayJoin(people.booker, "specialist:not-a-uuid")).toBe(false);
  });

  it("dashboard:<unit> for workload:read reaching that unit (a parent's head included), never for own scope or another unit", async () => {
    const child = await makeUnit(t.db, { parentId: unit });
    const elsewhere = await makeUnit(t.db);
    const head = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [unit], headOf: [unit] });
    const director = await makeActor(t.db, { permissions: { "workload:read": "all" } });
    const specialist = await makeActor(t.db, { permissions: { "workload:read": "own", "sessions:read": "own" }, unitIds: [child] });
    expect(await mayJoin(head, rooms.dashboard(unit))).toBe(true);
    expect(await mayJoin(head, rooms.dashboard(child))).toBe(true);
    expect(await mayJoin(head, rooms.dashboard(elsewhere))).toBe(false);
    expect(await mayJoin(director, rooms.dashboard(elsewhere))).toBe(true);
    expect(await mayJoin(specialist, rooms.dashboard(child))).toBe(false);
    expect(await mayJoin(director, "dashboard:not-a-uuid")).toBe(false);
    expect(await mayJoin(director, rooms.dashboard(randomUUID()))).toBe(false);
    // Everyone's general work and approvals: only whoever reads every workload.
    expect(await mayJoin(director, rooms.work)).toBe(true);
    expect(await mayJoin(head, rooms.work)).toBe(false);
    expect(await mayJoin(people.booker, rooms.work)).toBe(false);
  });

  it("specialist:<id> with workload:read alone only for a person that scope reaches", async () => {
    const child = await makeUnit(t.db, { parentId: unit });
    const planner = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [unit] });
    const inside = await makeEmployee(t.db, { unitIds: [child] });
    const outside = await makeEmployee(t.db, { unitIds: [await makeUnit(t.db)] });
    expect(await mayJoin(planner, rooms.specialist(inside))).toBe(true);
    expect(await mayJoin(planner, rooms.specialist(outside))).toBe(false);
    expect(await mayJoin(planner, rooms.specialist(randomUUID()))).toBe(false);
    expect(await mayJoin(planner, "specialist:not-a-uuid")).toBe(false);
  });

  it("employee:<id> only one's own; unknown kinds never", async () => {
    expect(await mayJoin(people.booker, rooms.employee(people.booker.employeeId))).toBe(true);
    expect(await mayJoin(people.booker, rooms.employee(people.teamMember.employeeId))).toBe(false);
    for (const room of [rooms.dashboard(unit), "", "anything", "admin:x"])
      expect([room, await mayJoin(people.booker, room)]).toEqual([room, false]);
  });
});

describe("Socket.io end to end", () => {
  let server: http.Server;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    server = http.createServer();
    attachRealtime(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    const holder = globalThis as unknown as { __io?: { close: () => Promise<void> } };
    await holder.__io?.close();
    holder.__io = undefined;
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  /** A socket signed in as the employee, with the session cookie Auth.js would have set. */
  async function signedIn(employeeId: string | null, more: Record<string, string> = {}): Promise<ClientSocket> {
    // An unknown employee cannot have a session row: a forged cookie names a session that does not exist.
    const known = employeeId !== null && (await t.sql`SELECT 1 FROM employees WHERE id = ${employeeId}`).length > 0;
    const cookie =
      employeeId === null ? null : known ? (await signedInCookie(t.db, employeeId)).cookie : await cookieFor(employeeId, randomUUID());
    const headers = cookie ? { cookie, ...more } : more;
    const socket = connect(url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  }
  it("refuses a socket without a valid session cookie", async () => {
    const socket = await signedIn(null);
    await expect(connected(socket)).rejects.toThrow("unauthorized");
    const forged = await signedIn(randomUUID());
    await expect(connected(forged)).rejects.toThrow("unauthorized");
  });

  it("refuses a handshake from another site's page, even with the person's cookie; accepts the app's own", async () => {
    const foreign = await signedIn(people.teamMember.employeeId, { origin: "http://evil.example" });
    await expect(connected(foreign)).rejects.toThrow();
    expect(foreign.connected).toBe(false);
    const own = await signedIn(people.teamMember.employeeId, { origin: url });
    await connected(own);
    const byDomain = await signedIn(people.teamMember.employeeId, {
      origin: "http://hoolekanne.example.ee",
      host: "hoolekanne.example.ee",
    });
    await connected(byDomain);
  });

  it("an event held for a commit still goes out when it is published after the release", async () => {
    // An idempotent write holds its events until its transaction commits; a dashboard lookup
    // that finishes after that publishes in the same async context, and was lost.
    const person = people.reader.employeeId;
    const socket = await signedIn(person);
    await connected(socket);
    expect(await socket.emitWithAck("subscribe", rooms.employee(person))).toBe(true);
    let lookupDone!: () => void;
    const lookup = new Promise<void>((resolve) => (lookupDone = resolve));
    const heard = nextEvent(socket, "work.changed");
    const { release } = await holdPublishing(async () => {
      void lookup.then(() => publish([rooms.employee(person)], "work.changed", { kind: "late", at: Date.now() }));
    });
    release();
    lookupDone();
    expect(await heard).toMatchObject({ kind: "late" });
  });

  it("closes the sockets of a revoked session at once, not those of the person's other sessions", async () => {
    const person = people.reader.employeeId;
    const revoked = await signedInCookie(t.db, person);
    const kept = await signedInCookie(t.db, person);
    const open = (cookie: string) => {
      const socket = connect(url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
      sockets.push(socket);
      return socket;
    };
    const [a, b] = [open(revoked.cookie), open(kept.cookie)];
    await Promise.all([connected(a), connected(b)]);
    const closed = new Promise<string>((resolve) => a.once("disconnect", (reason) => resolve(reason)));
    await revokeNow(t.db, { sid: revoked.sid }, "sign_out");
    expect(await closed).toBe("io server disconnect");
    expect(b.connected).toBe(true);
    expect(await b.emitWithAck("subscribe", rooms.employee(person))).toBe(true);
  });

  it("joins a client's room only with read access, and only that socket hears of a booking for the client", async () => {
    const permitted = await signedIn(people.teamMember.employeeId);
    const refused = await signedIn(people.stranger.employeeId);
    await Promise.all([connected(permitted), connected(refused)]);
    expect(await permitted.emitWithAck("subscribe", rooms.client(clientId))).toBe(true);
    expect(await refused.emitWithAck("subscribe", rooms.client(clientId))).toBe(false);

    const heard = { permitted: [] as Record<string, unknown>[], refused: [] as Record<string, unknown>[] };
    refused.on("session.changed", (p: Record<string, unknown>) => heard.refused.push(p));
    const arrived = new Promise<Record<string, unknown>>((resolve, reject) => {
      // Started before the booking, which takes seconds on a loaded machine: 10 s, as nextEvent.
      const timer = setTimeout(() => reject(new Error("no session.changed within 10 s")), 10_000);
      permitted.on("session.changed", (p: Record<string, unknown>) => {
        heard.permitted.push(p);
        clearTimeout(timer);
        resolve(p);
      });
    });
    const booked = await bookSession(
      { db: t.db, actor: people.booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId,
        startsAt: tallinnWinter("2024-03-11", "10:00"),
        endsAt: tallinnWinter("2024-03-11", "11:00"),
        specialistIds: [await makeEmployee(t.db, { unitIds: [unit] })],
        participants: [{ clientId, decisionId: null }],
        notes: "",
      },
    );

    const payload = await arrived;
    // A notice to refetch, with no client data in it and not even the session's id.
    expect(payload).toMatchObject({ kind: "book" });
    expect(Object.keys(payload).sort()).toEqual(["at", "kind"]);
    expect(JSON.stringify(payload)).not.toContain(booked.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.refused).toEqual([]);
    expect(heard.permitted).toHaveLength(1);
  });

  it("a booking reaches the dashboards of the specialist's unit and of every unit above it, not another unit's", async () => {
    const team = await makeUnit(t.db, { parentId: unit });
    const other = await makeUnit(t.db);
    const head = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [unit], headOf: [unit] });
    const otherHead = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [other], headOf: [other] });
    const specialist = await makeEmployee(t.db, { unitIds: [team] });
    const watching = await signedIn(head.employeeId);
    const elsewhere = await signedIn(otherHead.employeeId);
    await Promise.all([connected(watching), connected(elsewhere)]);
    expect(await watching.emitWithAck("subscribe", rooms.dashboard(unit))).toBe(true);
    expect(await elsewhere.emitWithAck("subscribe", rooms.dashboard(other))).toBe(true);
    const heardElsewhere: unknown[] = [];
    elsewhere.on("session.changed", (p: unknown) => heardElsewhere.push(p));
    const arrived = nextEvent(watching, "session.changed");
    const booked = await bookSession(
      { db: t.db, actor: people.booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId: null,
        startsAt: tallinnWinter("2024-03-12", "10:00"),
        endsAt: tallinnWinter("2024-03-12", "11:00"),
        specialistIds: [specialist],
        participants: [{ clientId, decisionId: null }],
        notes: "",
      },
    );
    expect(JSON.stringify(await arrived)).not.toContain(booked.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(heardElsewhere).toEqual([]);
  });

  it("general work reaches the person's own room, the dashboards of their unit and above, and the work room; not another unit's", async () => {
    const team = await makeUnit(t.db, { parentId: unit });
    const other = await makeUnit(t.db);
    const head = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [unit], headOf: [unit] });
    const otherHead = await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [other], headOf: [other] });
    const director = await makeActor(t.db, { permissions: { "workload:read": "all" } });
    const specialist = await makeActor(t.db, { permissions: { "workload:read": "own" }, unitIds: [team] });
    const [own, watching, everything, elsewhere] = await Promise.all([
      signedIn(specialist.employeeId),
      signedIn(head.employeeId),
      signedIn(director.employeeId),
      signedIn(otherHead.employeeId),
    ]);
    await Promise.all([own, watching, everything, elsewhere].map((s) => connected(s!)));
    expect(await own!.emitWithAck("subscribe", rooms.specialist(specialist.employeeId))).toBe(true);
    expect(await watching!.emitWithAck("subscribe", rooms.dashboard(unit))).toBe(true);
    expect(await everything!.emitWithAck("subscribe", rooms.work)).toBe(true);
    expect(await elsewhere!.emitWithAck("subscribe", rooms.dashboard(other))).toBe(true);
    const heardElsewhere: unknown[] = [];
    elsewhere!.on("work.changed", (p: unknown) => heardElsewhere.push(p));
    const arrived = [own, watching, everything].map((s) => nextEvent(s!, "work.changed"));

    const workTypeId = await makeWorkType(t.db, { name: "Koosolek" });
    await saveTimeEntry(
      { db: t.db, actor: specialist, ip: null },
      { employeeId: specialist.employeeId, workTypeId, workDate: "2024-03-12", hours: 1, note: "", id: null },
    );
    // A notice to refetch: what kind of change, nothing about whose or what work.
    for (const payload of await Promise.all(arrived)) expect(Object.keys(payload).sort()).toEqual(["at", "kind"]);
    expect((await arrived[0])!.kind).toBe("time_entry.create");
    await new Promise((r) => setTimeout(r, 300));
    expect(heardElsewhere).toEqual([]);
  });

  it("changes published within the window reach each room that had one, once, without naming the others", async () => {
    const windowRoom = async (n: string) => rooms.room(await makeRoom(t.db, { unitId: unit, name: `Aken ${n}` }));
    const [a, b, quiet] = [await windowRoom("A"), await windowRoom("B"), await windowRoom("C")];
    const watcher = await makeActor(t.db, { permissions: { "sessions:read": "unit" }, unitIds: [unit] });
    const [inBoth, inB, inQuiet] = await Promise.all([
      signedIn(watcher.employeeId),
      signedIn(watcher.employeeId),
      signedIn(watcher.employeeId),
    ]);
    await Promise.all([connected(inBoth!), connected(inB!), connected(inQuiet!)]);
    for (const [socket, room] of [
      [inBoth, a],
      [inBoth, b],
      [inB, b],
      [inQuiet, quiet],
    ] as const)
      expect(await socket!.emitWithAck("subscribe", room)).toBe(true);
    const heard = new Map<ClientSocket, Record<string, unknown>[]>([
      [inBoth!, []],
      [inB!, []],
      [inQuiet!, []],
    ]);
    for (const [socket, list] of heard) socket.on("session.changed", (p: Record<string, unknown>) => list.push(p));

    const first = Date.now();
    publish([a], "session.changed", { kind: "book", at: first });
    publish([b], "session.changed", { kind: "move", at: first + 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.get(inBoth!)).toEqual([{ kind: "several", at: first }]);
    expect(heard.get(inB!)).toEqual([{ kind: "several", at: first }]);
    expect(heard.get(inQuiet!)).toEqual([]);

    // One change alone goes out as it was published.
    const only = { kind: "cancelled", at: Date.now() };
    publish([b], "session.changed", only);
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.get(inB!)).toEqual([{ kind: "several", at: first }, only]);
    expect(heard.get(inBoth!)).toHaveLength(2);
    expect(heard.get(inQuiet!)).toEqual([]);
  });

  it("the Tartu physiotherapist's socket joins no Tallinn room, client, specialist or dashboard, nor a broad room, and hears nothing of a Tallinn client's session", async () => {
    const [south, north] = [await makeUnit(t.db, { name: "Tartu" }), await makeUnit(t.db, { name: "Tallinn" })];
    const [southTeam, northTeam] = [await makeUnit(t.db, { parentId: south }), await makeUnit(t.db, { parentId: north })];
    const physio = await makeActor(t.db, {
      permissions: { "clients:read": "own", "sessions:read": "own", "sessions:book": "own" },
      unitIds: [southTeam],
    });
    const northReader = await makeActor(t.db, { permissions: { "sessions:read": "unit" }, unitIds: [north] });
    const [southRoom, northRoom] = [await makeRoom(t.db, { unitId: south }), await makeRoom(t.db, { unitId: north })];
    const northSpecialist = await makeEmployee(t.db, { unitIds: [northTeam] });
    const northClient = await makeClient(t.db, { unitIds: [northTeam] });

    const [tartu, tallinn] = [await signedIn(physio.employeeId), await signedIn(northReader.employeeId)];
    await Promise.all([connected(tartu), connected(tallinn)]);
    const refused = [
      rooms.room(northRoom),
      rooms.client(northClient),
      rooms.specialist(northSpecialist),
      rooms.dashboard(north),
      rooms.dashboard(northTeam),
      "sessions",
      "room:anything",
      rooms.room(randomUUID()),
      rooms.employee(northSpecialist),
      rooms.work,
      rooms.billing,
    ];
    for (const room of refused) expect([room, await tartu.emitWithAck("subscribe", room)]).toEqual([room, false]);
    // What is hers still works: her own calendar and a room of her region.
    for (const room of [rooms.specialist(physio.employeeId), rooms.room(southRoom)])
      expect([room, await tartu.emitWithAck("subscribe", room)]).toEqual([room, true]);
    expect(await tallinn.emitWithAck("subscribe", rooms.room(northRoom))).toBe(true);

    const heardInTartu: unknown[] = [];
    for (const event of ["session.changed", "work.changed", "billing.changed"]) tartu.on(event, (p: unknown) => heardInTartu.push(p));
    const arrived = nextEvent(tallinn, "session.changed");
    const booked = await bookSession(
      { db: t.db, actor: people.booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId: northRoom,
        startsAt: tallinnWinter("2024-03-13", "10:00"),
        endsAt: tallinnWinter("2024-03-13", "11:00"),
        specialistIds: [northSpecialist],
        participants: [{ clientId: northClient, decisionId: null }],
        notes: "",
      },
    );
    // The Tallinn room's watcher is told to refetch, without the session's id.
    const payload = await arrived;
    expect(Object.keys(payload).sort()).toEqual(["at", "kind"]);
    expect(JSON.stringify(payload)).not.toContain(booked.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(heardInTartu).toEqual([]);
  });
});
