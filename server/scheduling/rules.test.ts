import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employees, fundingSources, serviceEntries, sessionParticipants, sessions } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion } from "@/server/testing/funding-factories";
import {
  makeRoom,
  makeSchedulingService,
  makeSchedulingWorld,
  makeSession,
  tallinnWinter,
  type SchedulingWorld,
} from "@/server/testing/scheduling-factories";
import { completeSession, setAttendance } from "./complete";
import { bookSession, moveSession, setSessionStatus, type BookInput } from "./sessions";

/**
 * The rules around a session that are easy to get subtly wrong: who may record what happened,
 * which decision a booking may be charged to, which status may follow which, and what is no
 * longer offered. Each refusal names the problem, and nothing changes.
 */

const t = await useTestDatabase();

let world: SchedulingWorld;
let home: string;
let elsewhere: string;
let room: string;
let smallRoom: string;
let booker: Actor;

beforeAll(async () => {
  world = await makeSchedulingWorld(t.db);
  home = await makeUnit(t.db, { name: "Tallinn" });
  elsewhere = await makeUnit(t.db, { name: "Tartu" });
  room = await makeRoom(t.db, { unitId: home, name: "Kabinet 5", capacity: 4 });
  smallRoom = await makeRoom(t.db, { unitId: home, name: "Kabinet 6", capacity: 1 });
  // Completing a session enters services, so this booker may also change (and so enter for) every client.
  booker = await makeActor(t.db, {
    permissions: {
      "sessions:book": "all",
      "sessions:late_entry": "all",
      "sessions:read": "all",
      "clients:read": "all",
      "clients:update": "all",
    },
    unitIds: [home],
  });
});

let dayNo = 0;
/** A weekday of its own for every test, so they never clash with each other. */
const newDay = () => `2024-05-${String(1 + dayNo++).padStart(2, "0")}`;

async function fundedClient(unitId = home) {
  const clientId = await makeClient(t.db, { unitIds: [unitId] });
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2024-01-01",
    endDate: "2024-12-31",
  });
  return { clientId, decisionId };
}

const statusOf = async (id: string) => (await t.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
const entriesOf = (sessionId: string) => t.db.select().from(serviceEntries).where(eq(serviceEntries.sessionId, sessionId));

describe("recording attendance and marking done need the same scope as booking", () => {
  let unitBooker: Actor;
  beforeAll(async () => {
    // Books (and so records) for the specialists of Tallinn; sees every client and, as a unit's
    // manager does, enters services for Tallinn's (a booker without that is the front desk,
    // refused in server/clients/clinical.test.ts).
    unitBooker = await makeActor(t.db, {
      permissions: {
        "sessions:book": "unit",
        "sessions:late_entry": "unit",
        "sessions:read": "unit",
        "clients:read": "all",
        "clients:update": "unit",
      },
      unitIds: [home],
    });
  });

  it("a unit booker may not record attendance for, or complete, a session of another unit's specialist", async () => {
    const day = newDay();
    const tartu = await makeEmployee(t.db, { unitIds: [elsewhere] });
    const c = await fundedClient(elsewhere);
    const id = await makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      specialistIds: [tartu],
      participants: [c],
    });
    expect(
      await appErrorOf(
        setAttendance({ db: t.db, actor: unitBooker, ip: null }, { sessionId: id, clientId: c.clientId, attendance: "absent" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(await appErrorOf(completeSession({ db: t.db, actor: unitBooker, ip: null }, { sessionId: id }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await statusOf(id)).status).toBe("planned");
    expect((await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, id)))[0]!.attendance).toBe("expected");
    expect(await entriesOf(id)).toEqual([]);
  });

  it("the same unit booker records and completes a session of their own unit's specialist", async () => {
    const day = newDay();
    const colleague = await makeEmployee(t.db, { unitIds: [home] });
    const c = await fundedClient();
    const id = await makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      specialistIds: [colleague],
      participants: [c],
    });
    await setAttendance({ db: t.db, actor: unitBooker, ip: null }, { sessionId: id, clientId: c.clientId, attendance: "present" });
    expect(await completeSession({ db: t.db, actor: unitBooker, ip: null }, { sessionId: id })).toMatchObject({ entries: 1 });
    expect((await entriesOf(id))[0]).toMatchObject({ clientId: c.clientId, specialistId: colleague });
  });
});

describe("the decision chosen at booking", () => {
  const booking = (day: string, participants: BookInput["participants"]): BookInput => ({
    serviceId: world.individualServiceId,
    roomId: null,
    startsAt: tallinnWinter(day, "12:00"),
    endsAt: tallinnWinter(day, "13:00"),
    specialistIds: [booker.employeeId],
    participants,
    notes: "",
  });

  it("must be valid on the session's day: the refusal names the decision and its period", async () => {
    const clientId = await makeClient(t.db, { unitIds: [home] });
    const expired = await makeDecision(t.db, {
      clientId,
      fundingSourceId: world.sourceId,
      startDate: "2023-01-01",
      endDate: "2023-12-31",
      number: "K000777",
    });
    const err = await appErrorOf(
      bookSession({ db: t.db, actor: booker, ip: null }, booking(newDay(), [{ clientId, decisionId: expired }])),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "participants",
      messageKey: "errors.decisionNotValidOn",
      params: { number: "K000777", start: "2023-01-01", end: "2023-12-31" },
    });
    expect(await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.clientId, clientId))).toEqual([]);
  });

  it("must be the client's own", async () => {
    const a = await fundedClient();
    const b = await fundedClient();
    const err = await appErrorOf(
      bookSession({ db: t.db, actor: booker, ip: null }, booking(newDay(), [{ clientId: a.clientId, decisionId: b.decisionId }])),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "participants", messageKey: "errors.decisionMissing" });
  });

  it("must be from a funder still in use, which the refusal names; one chosen automatically never is", async () => {
    const closedFunder = await makeFundingSource(t.db, { kind: "KOV", name: "Tartu linn" });
    await makePriceVersion(t.db, {
      fundingSourceId: closedFunder,
      validFrom: "2024-01-01",
      items: [{ serviceId: world.individualServiceId, unitPriceCents: 3000 }],
    });
    const clientId = await makeClient(t.db, { unitIds: [home] });
    const decisionId = await makeDecision(t.db, {
      clientId,
      fundingSourceId: closedFunder,
      startDate: "2024-01-01",
      endDate: "2024-12-31",
    });
    await t.db.update(fundingSources).set({ active: false }).where(eq(fundingSources.id, closedFunder));
    const err = await appErrorOf(bookSession({ db: t.db, actor: booker, ip: null }, booking(newDay(), [{ clientId, decisionId }])));
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "participants",
      messageKey: "errors.fundingSourceInactive",
      params: { funder: "Tartu linn" },
    });
    // Left to the system, the booking goes through without charging the closed funder.
    const s = await bookSession({ db: t.db, actor: booker, ip: null }, booking(newDay(), [{ clientId, decisionId: null }]));
    expect((await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, s.id)))[0]!.decisionId).toBeNull();
  });
});

describe("status: planned -> agreed -> done, or cancelled / no-show; those are final unless reinstated", () => {
  const session = async (day: string) => {
    const c = await fundedClient();
    const s = await bookSession(
      { db: t.db, actor: booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId: null,
        startsAt: tallinnWinter(day, "14:00"),
        endsAt: tallinnWinter(day, "15:00"),
        specialistIds: [booker.employeeId],
        participants: [{ clientId: c.clientId, decisionId: null }],
        notes: "",
      },
    );
    return { id: s.id, ...c };
  };

  it("a no-show cannot be marked done, have its attendance changed or be moved", async () => {
    const day = newDay();
    const s = await session(day);
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "no_show" });
    expect(await appErrorOf(completeSession({ db: t.db, actor: booker, ip: null }, { sessionId: s.id }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.sessionClosed",
      params: { status: "no_show" },
    });
    expect(
      await appErrorOf(
        setAttendance({ db: t.db, actor: booker, ip: null }, { sessionId: s.id, clientId: s.clientId, attendance: "present" }),
      ),
    ).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed" });
    expect(
      await appErrorOf(
        moveSession(
          { db: t.db, actor: booker, ip: null },
          { startsAt: tallinnWinter(day, "16:00"), endsAt: tallinnWinter(day, "17:00"), roomId: null, id: s.id },
        ),
      ),
    ).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed" });
    expect(await appErrorOf(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "cancelled" }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.sessionClosed",
      params: { status: "no_show" },
    });
    expect(await entriesOf(s.id)).toEqual([]);
    expect((await statusOf(s.id)).status).toBe("no_show");
  });

  it("reinstating a no-show makes it planned again, and then it can be done", async () => {
    const s = await session(newDay());
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "no_show" });
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "planned" });
    expect(await completeSession({ db: t.db, actor: booker, ip: null }, { sessionId: s.id })).toMatchObject({ entries: 1 });
  });

  it("an agreed session does not go back to planned, and a status is not set twice", async () => {
    const s = await session(newDay());
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "agreed" });
    expect(await appErrorOf(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "planned" }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.statusChange",
      params: { status: "agreed", to: "planned" },
    });
    expect(await appErrorOf(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "agreed" }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.statusChange",
    });
    expect((await statusOf(s.id)).status).toBe("agreed");
  });
});

describe("what is no longer in use cannot be booked", () => {
  it("an inactive service: the refusal names the service", async () => {
    const old = await makeSchedulingService(t.db, { nameEt: "Perenõustamine", active: false });
    const c = await fundedClient();
    const day = newDay();
    const err = await appErrorOf(
      bookSession(
        { db: t.db, actor: booker, ip: null },
        {
          serviceId: old,
          roomId: null,
          startsAt: tallinnWinter(day, "10:00"),
          endsAt: tallinnWinter(day, "11:00"),
          specialistIds: [booker.employeeId],
          participants: [{ clientId: c.clientId, decisionId: null }],
          notes: "",
        },
      ),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "serviceId",
      messageKey: "errors.serviceInactive",
      params: { service: "Perenõustamine" },
    });
    expect(err.message).toContain("Perenõustamine");
  });
});

describe("moving: the same bad input a booking refuses", () => {
  const booked = async (day: string, specialistId = booker.employeeId) => {
    const c = await fundedClient();
    return bookSession(
      { db: t.db, actor: booker, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId: room,
        startsAt: tallinnWinter(day, "08:00"),
        endsAt: tallinnWinter(day, "09:00"),
        specialistIds: [specialistId],
        participants: [{ clientId: c.clientId, decisionId: null }],
        notes: "",
      },
    );
  };
  const unchanged = async (id: string, day: string) => {
    const row = await statusOf(id);
    expect([row.roomId, row.startsAt.toISOString(), row.endsAt.toISOString()]).toEqual([
      room,
      tallinnWinter(day, "08:00").toISOString(),
      tallinnWinter(day, "09:00").toISOString(),
    ]);
  };

  it("ending before it starts: INVALID_INPUT on endsAt", async () => {
    const day = newDay();
    const s = await booked(day);
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: booker, ip: null },
        { startsAt: tallinnWinter(day, "12:00"), endsAt: tallinnWinter(day, "11:00"), roomId: room, id: s.id },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endsAt", messageKey: "errors.sessionEndsBeforeStart" });
    await unchanged(s.id, day);
  });

  it("into a room too small for its clients: the room and its capacity", async () => {
    const day = newDay();
    const a = await fundedClient();
    const b = await fundedClient();
    const s = await bookSession(
      { db: t.db, actor: booker, ip: null },
      {
        serviceId: world.groupServiceId,
        roomId: room,
        startsAt: tallinnWinter(day, "08:00"),
        endsAt: tallinnWinter(day, "09:00"),
        specialistIds: [booker.employeeId],
        participants: [a, b].map((c) => ({ clientId: c.clientId, decisionId: null })),
        notes: "",
      },
    );
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: booker, ip: null },
        { startsAt: tallinnWinter(day, "08:00"), endsAt: tallinnWinter(day, "09:00"), roomId: smallRoom, id: s.id },
      ),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "participants",
      messageKey: "errors.roomCapacity",
      params: { room: "Kabinet 6", capacity: 1 },
    });
    await unchanged(s.id, day);
  });

  it("of a specialist who has left: errors.specialistInactive", async () => {
    const day = newDay();
    const leaver = await makeEmployee(t.db, { unitIds: [home] });
    const s = await booked(day, leaver);
    await t.db.update(employees).set({ active: false }).where(eq(employees.id, leaver));
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: booker, ip: null },
        { startsAt: tallinnWinter(day, "12:00"), endsAt: tallinnWinter(day, "13:00"), roomId: room, id: s.id },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "specialistIds", messageKey: "errors.specialistInactive" });
    await unchanged(s.id, day);
  });

  it("for a client the mover may not see: answered as if the session did not exist", async () => {
    const day = newDay();
    const s = await booked(day);
    const narrow = await makeActor(t.db, {
      permissions: { "sessions:book": "all", "sessions:late_entry": "all", "clients:read": "own" },
      unitIds: [home],
    });
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: narrow, ip: null },
        { startsAt: tallinnWinter(day, "12:00"), endsAt: tallinnWinter(day, "13:00"), roomId: room, id: s.id },
      ),
    );
    expect(err.code).toBe("NOT_FOUND");
    await unchanged(s.id, day);
  });
});
