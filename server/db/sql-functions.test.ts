import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { bookSession } from "@/server/scheduling/sessions";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeRoom, makeSchedulingWorld, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { sqlFunction, SqlResultShapeError } from "./sql-function";
import * as functions from "./sql-functions";

/** Typed calls into SQL functions (#16 item 3): by name, with a checked result. */

const t = await useTestDatabase();

let world: SchedulingWorld;
let unit: string;
let booker: Actor;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:read": "all", "clients:read": "all" },
    unitIds: [unit],
  });
});

const wrappers = Object.values(functions).filter(
  (v): v is typeof v & { sqlName: string; args: { name: string; type: string }[] } => typeof v === "function" && "sqlName" in v,
);
const PG_TYPE_NAMES: Record<string, string> = { timestamptz: "timestamp with time zone", int: "integer" };

describe("the wrappers and the database's definitions", () => {
  it("wrap every SQL function the TypeScript calls on its own", () => {
    expect(wrappers.map((w) => w.sqlName).sort()).toEqual([
      "audit_verify",
      "book_session",
      "booking_access_refusal",
      "covers_specialists",
      "dashboard_units",
      "lock_session_resources",
      "room_refusal",
      "session_clash",
      "session_time_refusal",
      "workload_lock_employee",
    ]);
  });

  // A renamed, added or retyped argument in db/ fails here, not as a wrong booking in production.
  it.each(wrappers.map((w) => [w.sqlName, w] as const))("%s takes exactly the arguments its wrapper names", async (name, wrapper) => {
    const defined = await t.db.execute<{ args: string }>(sql`SELECT pg_get_function_identity_arguments(p.oid) AS args
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname = ${name}`);
    expect(defined.length, `${name} has one definition`).toBe(1);
    const wanted = wrapper.args.map((a) => `${a.name} ${PG_TYPE_NAMES[a.type] ?? a.type}`).join(", ");
    expect(defined[0]!.args).toBe(wanted);
  });
});

describe("named arguments", () => {
  it("reach their own parameter whatever order the wrapper lists them in", async () => {
    // room_refusal(p_room uuid, p_count int), declared here the other way round.
    const reversed = sqlFunction("room_refusal", { count: "int", room: "uuid" }, "jsonb", z.unknown());
    const room = await makeRoom(t.db, { unitId: unit, name: "Väike", capacity: 2 });
    await expect(reversed(t.db, { count: 2, room })).resolves.toBeNull();
    await expect(reversed(t.db, { room, count: 3 })).resolves.toMatchObject({
      refusal: { key: "errors.roomCapacity", field: "participants" },
    });
  });

  it("book the specialist as the specialist and the client as the participant, in the room asked for", async () => {
    // Both people arrive as uuid[] side by side: a positional slip would swap them silently.
    const specialist = await makeEmployee(t.db, { unitIds: [unit] });
    const client = await makeClient(t.db, { unitIds: [unit] });
    const room = await makeRoom(t.db, { unitId: unit });
    const startsAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3 * 86_400_000);
    const booked = await bookSession(
      { db: t.db, actor: booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId: room,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
        specialistIds: [specialist],
        participants: [{ clientId: client, decisionId: null }],
        notes: "",
      },
    );
    const [session] = await t.db.select().from(sessions).where(eq(sessions.id, booked.id));
    expect(session).toMatchObject({ roomId: room, serviceId: world.individualServiceId, startsAt });
    expect(
      (await t.db.select().from(sessionSpecialists).where(eq(sessionSpecialists.sessionId, booked.id))).map((r) => r.employeeId),
    ).toEqual([specialist]);
    expect(
      (await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, booked.id))).map((r) => r.clientId),
    ).toEqual([client]);
  });
});

describe("results", () => {
  it("come back parsed: a refusal as an object, an array of units as strings", async () => {
    const room = await makeRoom(t.db, { unitId: unit, capacity: 1 });
    await expect(functions.roomRefusalFn(t.db, { room, count: 2 })).resolves.toEqual({
      refusal: {
        code: "INVALID_INPUT",
        key: "errors.roomCapacity",
        field: "participants",
        message: expect.any(String),
        params: expect.objectContaining({ capacity: 1 }),
      },
    });
    const employee = await makeEmployee(t.db, { unitIds: [unit] });
    await expect(functions.dashboardUnitsFn(t.db, { people: [employee], rooms: [] })).resolves.toContain(unit);
  });

  // Outside a transaction a call goes to the pool's postgres.js client, inside one through Drizzle.
  it("are the same through the pool and inside a transaction, for every kind of argument and result", async () => {
    const room = await makeRoom(t.db, { unitId: unit, capacity: 1 });
    const employee = await makeEmployee(t.db, { unitIds: [unit] });
    const start = new Date("2020-01-06T08:00:00Z");
    const calls = async (db: Parameters<typeof functions.roomRefusalFn>[0]) => [
      await functions.roomRefusalFn(db, { room, count: 2 }),
      await functions.roomRefusalFn(db, { room, count: 1 }),
      await functions.dashboardUnitsFn(db, { people: [employee], rooms: [room] }),
      await functions.sessionTimeRefusalFn(db, { unit: "hour", start, end: new Date(start.getTime() + 3_600_000), lateEntry: false }),
      await functions.lockSessionResourcesFn(db, { rooms: [room], people: [employee], clients: [] }),
      await functions.auditVerifyFn(db, {}),
    ];
    expect("$client" in t.db, "the test database is a pool, as the app's").toBe(true);
    const pooled = await calls(t.db);
    expect(pooled[0]).toMatchObject({ refusal: { key: "errors.roomCapacity" } });
    expect(pooled[1]).toBeNull();
    expect(pooled[2]).toEqual([unit]);
    expect(pooled[3]).toMatchObject({ refusal: expect.any(Object) });
    expect(pooled[5]).toEqual([]);
    expect(await t.db.transaction((tx) => calls(tx))).toEqual(pooled);
  });

  it("of another shape than declared fail loudly, naming the function and the place", async () => {
    const wrong = sqlFunction("dashboard_units", { people: "uuid[]", rooms: "uuid[]" }, "uuid[]", z.array(z.number()));
    const employee = await makeEmployee(t.db, { unitIds: [unit] });
    const err = await wrong(t.db, { people: [employee], rooms: [] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SqlResultShapeError);
    expect((err as Error).message).toMatch(/^dashboard_units returned an unexpected shape: 0: .*expected number/);

    const refusalAsString = sqlFunction(
      "room_refusal",
      { room: "uuid", count: "int" },
      "jsonb",
      z.object({ refusal: z.string() }).nullable(),
    );
    const room = await makeRoom(t.db, { unitId: unit, capacity: 1 });
    await expect(refusalAsString(t.db, { room, count: 5 })).rejects.toThrow(/room_refusal returned an unexpected shape: refusal:/);
  });
});
