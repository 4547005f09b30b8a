import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employees, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import {
  countOverlaps,
  makeRoom,
  makeSchedulingWorld,
  makeSession,
  tallinnWinter,
  type SchedulingWorld,
} from "@/server/testing/scheduling-factories";
import { bookSession, moveSession, setSessionStatus, type BookInput } from "./sessions";

/**
 * Booking, moving and cancelling against real PostgreSQL: what clashes is refused with a message
 * that names it, what merely touches is allowed, bad input is refused before anything is saved,
 * and the exclusion constraints hold on their own.
 */

const t = await useTestDatabase();

let unit: string;
let world: SchedulingWorld;
let booker: Actor;
const rooms: Record<"a" | "b" | "pair", string> = { a: "", b: "", pair: "" };
const staff: string[] = [];
type Funded = { clientId: string; decisionId: string };
const people: Funded[] = [];

async function fundedClient(opts: { caseManagerId?: string; teamIds?: string[] } = {}): Promise<Funded> {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: opts.caseManagerId ?? null, teamIds: opts.teamIds });
  const decisionId = await makeDecision(t.db, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate: "2024-01-01",
    endDate: "2024-12-31",
  });
  return { clientId, decisionId };
}

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:late_entry": "all", "sessions:read": "all", "clients:read": "all" },
    unitIds: [unit],
  });
  rooms.a = await makeRoom(t.db, { unitId: unit, name: "Kabinet 101" });
  rooms.b = await makeRoom(t.db, { unitId: unit, name: "Kabinet 102" });
  rooms.pair = await makeRoom(t.db, { unitId: unit, name: "Väike grupiruum", capacity: 2 });
  for (let i = 0; i < 6; i++) staff.push(await makeEmployee(t.db, { unitIds: [unit], firstName: "Spets", lastName: `Nr${i}` }));
  for (let i = 0; i < 6; i++) people.push(await fundedClient());
});

/** Every test has a day of its own, so they never clash with each other by accident. */
let dayNo = 0;
const newDay = () => `2024-04-${String(1 + dayNo++).padStart(2, "0")}`;

const input = (day: string, from: string, to: string, over: Partial<BookInput> = {}): BookInput => ({
  serviceId: world.individualServiceId,
  roomId: rooms.a,
  startsAt: tallinnWinter(day, from),
  endsAt: tallinnWinter(day, to),
  specialistIds: [staff[0]!],
  participants: [{ clientId: people[0]!.clientId, decisionId: null }],
  notes: "",
  ...over,
});
const book = (i: BookInput, actor = booker) => bookSession({ db: t.db, actor, ip: "127.0.0.1" }, i);

async function counts() {
  const [row] = await t.sql<{ sessions: number; specialists: number; participants: number; audit: number }[]>`
    SELECT (SELECT count(*)::int FROM sessions) AS sessions, (SELECT count(*)::int FROM session_specialists) AS specialists,
           (SELECT count(*)::int FROM session_participants) AS participants, (SELECT count(*)::int FROM audit_log) AS audit`;
  return row!;
}

describe("half-open ranges and cancelled sessions", () => {
  it("allows back-to-back sessions [10:00, 11:00) and [11:00, 12:00) for the same room, specialist and client", async () => {
    const day = newDay();
    const first = await book(input(day, "10:00", "11:00"));
    const second = await book(input(day, "11:00", "12:00"));
    expect(first.id).not.toBe(second.id);
    // And the database agrees on its own, without the friendly check in front of it.
    await makeSession(t.db, {
      serviceId: world.individualServiceId,
      roomId: rooms.a,
      startsAt: tallinnWinter(day, "12:00"),
      endsAt: tallinnWinter(day, "13:00"),
      specialistIds: [staff[0]!],
      participants: [{ clientId: people[0]!.clientId }],
    });
    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
  });

  it("refuses an overlap by a single minute, naming the room and the time it is taken", async () => {
    const day = newDay();
    await book(input(day, "10:00", "11:00"));
    const err = await appErrorOf(
      book(
        input(day, "10:59", "11:30", { specialistIds: [staff[1]!], participants: [{ clientId: people[1]!.clientId, decisionId: null }] }),
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.roomTaken", field: "roomId" });
    expect(err.params).toMatchObject({
      room: "Kabinet 101",
      start: tallinnWinter(day, "10:00").toISOString(),
      end: tallinnWinter(day, "11:00").toISOString(),
    });
    expect(err.message).toContain("Kabinet 101");
  });

  it("names the busy specialist, and the busy client, when the room is free", async () => {
    const day = newDay();
    const taken = await book(input(day, "09:00", "10:00"));
    const specialist = await appErrorOf(
      book(input(day, "09:30", "10:30", { roomId: rooms.b, participants: [{ clientId: people[1]!.clientId, decisionId: null }] })),
    );
    expect(specialist).toMatchObject({ code: "CONFLICT", messageKey: "errors.specialistBusy", field: "specialistIds" });
    expect(specialist.params).toMatchObject({ name: "Spets Nr0", start: tallinnWinter(day, "09:00").toISOString() });
    // The booker may see that session, so the refusal says which one it is.
    expect(specialist.params.sessionId).toBe(taken.id);
    const client = await appErrorOf(book(input(day, "09:30", "10:30", { roomId: rooms.b, specialistIds: [staff[1]!] })));
    expect(client).toMatchObject({ code: "CONFLICT", messageKey: "errors.clientBusy", field: "participants" });
    expect(client.params).toMatchObject({ name: expect.stringContaining("Client"), sessionId: taken.id });
  });

  it("does not say which session keeps a specialist busy when the booker may not see it", async () => {
    const day = newDay();
    const hidden = await makeClient(t.db, { unitIds: [unit] });
    await makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter(day, "09:00"),
      endsAt: tallinnWinter(day, "10:00"),
      specialistIds: [staff[2]!],
      participants: [{ clientId: hidden }],
    });
    const narrow = await makeActor(t.db, {
      permissions: { "sessions:book": "all", "sessions:late_entry": "all", "clients:read": "own" },
      unitIds: [unit],
    });
    const mine = await fundedClient({ caseManagerId: narrow.employeeId });
    const err = await appErrorOf(
      book(
        input(day, "09:00", "10:00", {
          roomId: null,
          specialistIds: [staff[2]!],
          participants: [{ clientId: mine.clientId, decisionId: null }],
        }),
        narrow,
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.specialistBusy" });
    expect(err.params).not.toHaveProperty("sessionId");
  });

  it("frees a cancelled session's time: a new booking over it succeeds, and the cancelled one cannot come back", async () => {
    const day = newDay();
    const old = await book(input(day, "14:00", "15:00"));
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: old.id, status: "cancelled" });
    const replacement = await book(input(day, "14:00", "15:00"));
    const [members] = await t.sql<
      { active: boolean }[]
    >`SELECT bool_or(active) AS active FROM session_specialists WHERE session_id = ${old.id}`;
    expect(members!.active).toBe(false);
    // Reinstating takes the time back, which is no longer free.
    const err = await appErrorOf(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: old.id, status: "planned" }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.roomTaken" });
    expect(err.params.sessionId).toBe(replacement.id);
    expect((await t.db.select().from(sessions).where(eq(sessions.id, old.id)))[0]!.status).toBe("cancelled");
    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
  });
});

describe("moving a session", () => {
  it("refuses a move onto a taken slot, naming the clash, and leaves the session where it was", async () => {
    const day = newDay();
    const taken = await book(input(day, "10:00", "11:00"));
    const mover = await book(
      input(day, "12:00", "13:00", {
        roomId: rooms.b,
        specialistIds: [staff[1]!],
        participants: [{ clientId: people[1]!.clientId, decisionId: null }],
      }),
    );
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: booker, ip: null },
        { startsAt: tallinnWinter(day, "10:30"), endsAt: tallinnWinter(day, "11:30"), roomId: rooms.a, id: mover.id },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.roomTaken" });
    expect(err.params).toMatchObject({ room: "Kabinet 101", start: tallinnWinter(day, "10:00").toISOString(), sessionId: taken.id });
    const [row] = await t.db.select().from(sessions).where(eq(sessions.id, mover.id));
    expect([row!.roomId, row!.startsAt.toISOString()]).toEqual([rooms.b, tallinnWinter(day, "12:00").toISOString()]);
  });

  it("the join rows follow a moved session, so the specialist and client constraints still hold after it", async () => {
    const day = newDay();
    const s = await book(
      input(day, "08:00", "09:00", { specialistIds: [staff[3]!], participants: [{ clientId: people[3]!.clientId, decisionId: null }] }),
    );
    await moveSession(
      { db: t.db, actor: booker, ip: null },
      { startsAt: tallinnWinter(day, "15:00"), endsAt: tallinnWinter(day, "16:30"), roomId: rooms.b, id: s.id },
    );
    const copies = [
      ...(await t.db.select().from(sessionSpecialists).where(eq(sessionSpecialists.sessionId, s.id))),
      ...(await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, s.id))),
    ];
    expect(copies).toHaveLength(2);
    for (const c of copies)
      expect([c.startsAt.toISOString(), c.endsAt.toISOString(), c.active]).toEqual([
        tallinnWinter(day, "15:00").toISOString(),
        tallinnWinter(day, "16:30").toISOString(),
        true,
      ]);
    // The old time is free for the specialist and the client...
    await book(
      input(day, "08:00", "09:00", { specialistIds: [staff[3]!], participants: [{ clientId: people[3]!.clientId, decisionId: null }] }),
    );
    // ...and the new one is guarded by the database itself, not only by the friendly check.
    const specialist = await pgErrorFrom(
      makeSession(t.db, {
        serviceId: world.individualServiceId,
        startsAt: tallinnWinter(day, "16:00"),
        endsAt: tallinnWinter(day, "17:00"),
        specialistIds: [staff[3]!],
        participants: [],
      }),
    );
    expect(specialist).toEqual({ code: "23P01", constraint: "session_specialists_no_overlap" });
    const client = await pgErrorFrom(
      makeSession(t.db, {
        serviceId: world.individualServiceId,
        startsAt: tallinnWinter(day, "14:00"),
        endsAt: tallinnWinter(day, "15:01"),
        specialistIds: [],
        participants: [{ clientId: people[3]!.clientId }],
      }),
    );
    expect(client).toEqual({ code: "23P01", constraint: "session_participants_no_overlap" });
  });

  it("a done or cancelled session cannot be moved", async () => {
    const day = newDay();
    const s = await book(input(day, "10:00", "11:00"));
    await setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "cancelled" });
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor: booker, ip: null },
        { startsAt: tallinnWinter(day, "12:00"), endsAt: tallinnWinter(day, "13:00"), roomId: rooms.a, id: s.id },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed", params: { status: "cancelled" } });
  });
});

describe("cancelling", () => {
  it("a session of a specialist who has since left can still be cancelled (but not reinstated)", async () => {
    const day = newDay();
    const leaver = await makeEmployee(t.db, { unitIds: [unit] });
    const s = await book(
      input(day, "10:00", "11:00", {
        roomId: null,
        specialistIds: [leaver],
        participants: [{ clientId: people[2]!.clientId, decisionId: null }],
      }),
    );
    await t.db.update(employees).set({ active: false }).where(eq(employees.id, leaver));
    await expect(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "cancelled" })).resolves.toMatchObject({
      id: s.id,
    });
    expect((await t.db.select().from(sessions).where(eq(sessions.id, s.id)))[0]!.status).toBe("cancelled");
    const err = await appErrorOf(setSessionStatus({ db: t.db, actor: booker, ip: null }, { id: s.id, status: "planned" }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", messageKey: "errors.specialistInactive" });
  });
});

describe("the exclusion constraints alone, without the application's check", () => {
  const overlapping = (day: string, over: { roomId?: string | null; specialistIds?: string[]; participants?: { clientId: string }[] }) =>
    makeSession(t.db, {
      serviceId: world.individualServiceId,
      roomId: over.roomId ?? null,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      specialistIds: over.specialistIds ?? [],
      participants: over.participants ?? [],
    });

  it.each([
    ["room", { roomId: "b" }, "sessions_room_no_overlap", "errors.roomTakenRace", "roomId"],
    ["specialist", { specialist: 4 }, "session_specialists_no_overlap", "errors.specialistBusyRace", "specialistIds"],
    ["client", { client: 4 }, "session_participants_no_overlap", "errors.clientBusyRace", "participants"],
  ] as const)(
    "a second overlapping %s is refused with 23P01 and translated to a CONFLICT",
    async (_what, which, constraint, key, field) => {
      const day = newDay();
      const over = {
        roomId: "roomId" in which ? rooms[which.roomId] : null,
        specialistIds: "specialist" in which ? [staff[which.specialist]!] : [],
        participants: "client" in which ? [{ clientId: people[which.client]!.clientId }] : [],
      };
      await overlapping(day, over);
      const raw = await overlapping(day, over).catch((e: unknown) => e);
      const pg = await pgErrorFrom(Promise.reject(raw));
      expect(pg).toEqual({ code: "23P01", constraint });
      expect(translateDbError(raw)).toMatchObject({ code: "CONFLICT", messageKey: key, field });
    },
  );

  it("a cancelled session does not hold its time in the database either", async () => {
    const day = newDay();
    const cancelled = await makeSession(t.db, {
      serviceId: world.individualServiceId,
      roomId: rooms.b,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      status: "cancelled",
      specialistIds: [staff[5]!],
      participants: [{ clientId: people[5]!.clientId }],
    });
    const [copy] = await t.db.select().from(sessionSpecialists).where(eq(sessionSpecialists.sessionId, cancelled));
    expect(copy!.active).toBe(false);
    await overlapping(day, { roomId: rooms.b, specialistIds: [staff[5]!], participants: [{ clientId: people[5]!.clientId }] });
    // Un-cancelling it behind the application's back is refused by the room constraint.
    const err = await pgErrorFrom(t.db.update(sessions).set({ status: "planned" }).where(eq(sessions.id, cancelled)));
    expect(err).toEqual({ code: "23P01", constraint: "sessions_room_no_overlap" });
  });
});

describe("bad input: each refusal names the problem and nothing is half-saved", () => {
  let before: Awaited<ReturnType<typeof counts>>;
  let day: string;
  beforeAll(async () => {
    day = newDay();
    before = await counts();
  });

  it("a session ending before (or when) it starts: INVALID_INPUT on endsAt", async () => {
    for (const end of ["09:00", "10:00"]) {
      const err = await appErrorOf(book(input(day, "10:00", end)));
      expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endsAt", messageKey: "errors.sessionEndsBeforeStart" });
    }
  });

  it("more clients than the room holds: errors.roomCapacity with the room and its capacity", async () => {
    const err = await appErrorOf(
      book(
        input(day, "10:00", "11:00", {
          serviceId: world.groupServiceId,
          roomId: rooms.pair,
          participants: people.slice(0, 3).map((p) => ({ clientId: p.clientId, decisionId: null })),
        }),
      ),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "participants",
      messageKey: "errors.roomCapacity",
      params: { room: "Väike grupiruum", capacity: 2 },
    });
  });

  it("two clients on an individual service: errors.individualService", async () => {
    const err = await appErrorOf(
      book(
        input(day, "10:00", "11:00", {
          roomId: rooms.pair,
          participants: people.slice(0, 2).map((p) => ({ clientId: p.clientId, decisionId: null })),
        }),
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "participants", messageKey: "errors.individualService" });
  });

  it("an inactive specialist: errors.specialistInactive", async () => {
    const gone = await makeEmployee(t.db, { unitIds: [unit], active: false });
    const err = await appErrorOf(book(input(day, "10:00", "11:00", { specialistIds: [gone] })));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "specialistIds", messageKey: "errors.specialistInactive" });
  });

  it("a client the booker may not see is answered exactly like a client that does not exist", async () => {
    const narrow = await makeActor(t.db, {
      permissions: { "sessions:book": "all", "sessions:late_entry": "all", "clients:read": "own" },
      unitIds: [unit],
    });
    const unseen = await appErrorOf(
      book(input(day, "10:00", "11:00", { participants: [{ clientId: people[1]!.clientId, decisionId: null }] }), narrow),
    );
    const missing = await appErrorOf(
      book(input(day, "10:00", "11:00", { participants: [{ clientId: randomUUID(), decisionId: null }] }), narrow),
    );
    expect(unseen.code).toBe("NOT_FOUND");
    const shape = (e: AppError) => ({ code: e.code, messageKey: e.messageKey, message: e.message, params: e.params, field: e.field });
    expect(shape(unseen)).toEqual(shape(missing));
  });

  it("a booker who may read no clients at all books none: each is answered as not found", async () => {
    const blind = await makeActor(t.db, { permissions: { "sessions:book": "all", "sessions:late_entry": "all" }, unitIds: [unit] });
    const err = await appErrorOf(
      book(input(day, "10:00", "11:00", { participants: [{ clientId: people[1]!.clientId, decisionId: null }] }), blind),
    );
    expect(err).toMatchObject({ code: "NOT_FOUND", params: { what: "client" } });
  });

  it("a specialist who books only their own sessions may not book someone else: FORBIDDEN", async () => {
    const own = await makeActor(t.db, {
      permissions: { "sessions:book": "own", "sessions:late_entry": "own", "clients:read": "own" },
      unitIds: [unit],
    });
    const theirs = await fundedClient({ teamIds: [own.employeeId] });
    const err = await appErrorOf(
      book(
        input(day, "10:00", "11:00", { specialistIds: [staff[1]!], participants: [{ clientId: theirs.clientId, decisionId: null }] }),
        own,
      ),
    );
    expect(err).toMatchObject({ code: "FORBIDDEN" });
  });

  it("a refusal after the first rows were written (another client's decision for the second participant) rolls everything back", async () => {
    const err = await appErrorOf(
      book(
        input(day, "10:00", "11:00", {
          serviceId: world.groupServiceId,
          roomId: rooms.pair,
          participants: [
            { clientId: people[0]!.clientId, decisionId: people[0]!.decisionId },
            { clientId: people[1]!.clientId, decisionId: people[0]!.decisionId },
          ],
        }),
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "participants", messageKey: "errors.decisionMissing" });
  });

  it("none of the refusals above left a session, a join row or an audit row behind", async () => {
    expect(await counts()).toEqual(before);
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(eq(sessions.startsAt, tallinnWinter(day, "10:00"))),
    ).toEqual([]);
  });
});

describe("what a booking writes", () => {
  it("a client listed twice is booked once", async () => {
    const s = await book(
      input(newDay(), "10:00", "11:00", {
        serviceId: world.groupServiceId,
        roomId: rooms.pair,
        participants: [
          { clientId: people[2]!.clientId, decisionId: null },
          { clientId: people[2]!.clientId, decisionId: people[2]!.decisionId },
        ],
      }),
    );
    expect(s.clientIds).toEqual([people[2]!.clientId]);
    expect(await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, s.id))).toHaveLength(1);
  });

  it("a specialist who books only their own sessions may book themself", async () => {
    const own = await makeActor(t.db, {
      permissions: { "sessions:book": "own", "sessions:late_entry": "own", "clients:read": "own" },
      unitIds: [unit],
    });
    const theirs = await fundedClient({ teamIds: [own.employeeId] });
    const s = await book(
      input(newDay(), "10:00", "11:00", {
        specialistIds: [own.employeeId],
        participants: [{ clientId: theirs.clientId, decisionId: null }],
      }),
      own,
    );
    expect(s).toMatchObject({ specialistIds: [own.employeeId], clientIds: [theirs.clientId] });
  });

  it("charges each participant to the decision valid that day, and audits the booking once per client", async () => {
    const day = newDay();
    const pair = people.slice(4, 6);
    const s = await book(
      input(day, "13:00", "14:30", {
        serviceId: world.groupServiceId,
        roomId: rooms.pair,
        specialistIds: [staff[4]!, staff[5]!],
        participants: pair.map((p) => ({ clientId: p.clientId, decisionId: null })),
      }),
    );
    const rows = await t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, s.id));
    expect(rows.map((r) => [r.clientId, r.decisionId, r.attendance]).sort()).toEqual(
      pair.map((p) => [p.clientId, p.decisionId, "expected"]).sort(),
    );
    const audit = await t.sql<
      { client_id: string }[]
    >`SELECT client_id FROM audit_log WHERE action = 'session.book' AND target_id = ${s.id}`;
    expect(audit.map((a) => a.client_id).sort()).toEqual(pair.map((p) => p.clientId).sort());
  });
});
