import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundingDecisions, serviceEntries, sessionParticipants, sessions } from "@/db/schema";
import { createEntry } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import {
  makeRoom,
  makeSchedulingWorld,
  makeSession,
  SCHEDULING_PRICE_AFTER_CENTS,
  SCHEDULING_PRICE_BEFORE_CENTS,
  tallinnWinter,
  type SchedulingWorld,
} from "@/server/testing/scheduling-factories";
import { completeSession, setAttendance } from "./complete";
import { bookSession, setSessionStatus } from "./sessions";

/**
 * Done sessions become entries in the client dataset: one per attending client, charged to the
 * decision valid that day and priced from that day's price list; a hard limit refuses the whole
 * completion as it refuses a manual entry, naming the client and the limit.
 */

const t = await useTestDatabase();

let unit: string;
let world: SchedulingWorld;
let groupRoom: string;
let specialist: Actor;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  groupRoom = await makeRoom(t.db, { unitId: unit, name: "Grupiruum", capacity: 8 });
  // A specialist who books their own sessions and sees their own clients (through the team).
  specialist = await makeActor(t.db, {
    permissions: { "sessions:book": "own", "sessions:late_entry": "own", "sessions:read": "own", "clients:read": "own" },
    unitIds: [unit],
    firstName: "Maarja",
  });
});

/** Clients of the specialist's team, sorted by id (the order completion goes through them). */
async function teamClients(names: string[], decision: { startDate?: string; endDate?: string; periodCapCents?: number | null } = {}) {
  const made = [];
  for (const name of names)
    made.push({ name, clientId: await makeClient(t.db, { name, unitIds: [unit], teamIds: [specialist.employeeId] }) });
  made.sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  const out = [];
  for (const c of made) {
    const decisionId = await makeDecision(t.db, {
      clientId: c.clientId,
      fundingSourceId: world.sourceId,
      startDate: decision.startDate ?? "2024-01-01",
      endDate: decision.endDate ?? "2024-12-31",
      periodCapCents: decision.periodCapCents ?? null,
    });
    out.push({ ...c, decisionId, fullName: `Client ${c.name}` });
  }
  return out;
}

const bookGroup = (clientIds: string[], day: string, from: string, to: string, serviceId = world.groupServiceId) =>
  bookSession(
    { db: t.db, actor: specialist, ip: null },
    {
      serviceId,
      roomId: groupRoom,
      startsAt: tallinnWinter(day, from),
      endsAt: tallinnWinter(day, to),
      specialistIds: [specialist.employeeId],
      participants: clientIds.map((clientId) => ({ clientId, decisionId: null })),
      notes: "Ärevuse juhtimine",
    },
  );

const entriesOf = (sessionId: string) => t.db.select().from(serviceEntries).where(eq(serviceEntries.sessionId, sessionId));
const participantsOf = (sessionId: string) => t.db.select().from(sessionParticipants).where(eq(sessionParticipants.sessionId, sessionId));
const statusOf = async (sessionId: string) => (await t.db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]!.status;

describe("completing a group session", () => {
  it("three clients, one absent: exactly two entries of 1.5 h x 29.40 = 44.10, linked both ways", async () => {
    const trio = await teamClients(["Kask", "Tamm", "Mets"]);
    // Mets also has an expired decision from last year; the one valid on the day is charged.
    await makeDecision(t.db, {
      clientId: trio[2]!.clientId,
      fundingSourceId: world.sourceId,
      startDate: "2023-01-01",
      endDate: "2023-12-31",
    });
    const s = await bookGroup(
      trio.map((c) => c.clientId),
      "2024-03-11",
      "10:00",
      "11:30",
    );
    const absent = trio[1]!;
    await setAttendance({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id, clientId: absent.clientId, attendance: "absent" });

    const done = await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id });
    expect(done.entries).toBe(2);
    expect(await statusOf(s.id)).toBe("done");

    const entries = await entriesOf(s.id);
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      expect(e).toMatchObject({
        serviceId: world.groupServiceId,
        serviceDate: "2024-03-11",
        specialistId: specialist.employeeId,
        sessionId: s.id,
        unitPriceCents: SCHEDULING_PRICE_AFTER_CENTS,
        amountCents: 4410,
        description: "Ärevuse juhtimine",
      });
      expect(Number(e.units)).toBe(1.5);
    }
    const came = trio.filter((c) => c !== absent);
    expect(entries.map((e) => [e.clientId, e.decisionId]).sort()).toEqual(came.map((c) => [c.clientId, c.decisionId]).sort());

    const rows = await participantsOf(s.id);
    for (const c of came) {
      const row = rows.find((r) => r.clientId === c.clientId)!;
      expect(row.attendance).toBe("present");
      expect(row.entryId).toBe(entries.find((e) => e.clientId === c.clientId)!.id);
    }
    expect(rows.find((r) => r.clientId === absent.clientId)).toMatchObject({ attendance: "absent", entryId: null });
    expect((await auditRows(t.db, "session.done")).filter((a) => a.targetId === s.id)).toHaveLength(3);
  });

  it("marking it done twice is refused, and no second entry is made", async () => {
    const [one] = await teamClients(["Kuusk"]);
    const s = await bookGroup([one!.clientId], "2024-03-12", "10:00", "11:00");
    await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id });
    const err = await appErrorOf(completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed", params: { status: "done" } });
    expect(await entriesOf(s.id)).toHaveLength(1);
    // Nor can its attendance or status change afterwards.
    expect(
      await appErrorOf(
        setAttendance({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id, clientId: one!.clientId, attendance: "absent" }),
      ),
    ).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed" });
    expect(await appErrorOf(setSessionStatus({ db: t.db, actor: specialist, ip: null }, { id: s.id, status: "cancelled" }))).toMatchObject({
      code: "CONFLICT",
      messageKey: "errors.sessionClosed",
    });
  });

  it("a cancelled session cannot be done", async () => {
    const [one] = await teamClients(["Saar"]);
    const s = await bookGroup([one!.clientId], "2024-03-13", "10:00", "11:00");
    await setSessionStatus({ db: t.db, actor: specialist, ip: null }, { id: s.id, status: "cancelled" });
    const err = await appErrorOf(completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id }));
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed", params: { status: "cancelled" } });
    expect(await entriesOf(s.id)).toEqual([]);
    expect(await statusOf(s.id)).toBe("cancelled");
  });
});

describe("a client at the hard limit", () => {
  it("is warned about at booking time: the session is booked, the warning names the client and the limit", async () => {
    const pair = await teamClients(["Karu", "Hunt"]);
    const limited = pair[1]!;
    await t.db.update(fundingDecisions).set({ periodCapCents: 4000 }).where(eq(fundingDecisions.id, limited.decisionId));
    const booked = await bookGroup(
      pair.map((c) => c.clientId),
      "2024-03-20",
      "10:00",
      "11:30",
    );
    expect(await statusOf(booked.id)).toBe("planned");
    expect(booked.warnings).toEqual([
      { client: limited.fullName, messageKey: "errors.limitPeriodCap", params: { limit: 40, used: 0, asked: 44.1, remaining: 40 } },
    ]);
  });

  it("refuses the whole completion with LIMIT_EXCEEDED naming the client and the limit's figures; nothing is saved", async () => {
    // The last client in id order has 40.00 left, less than the 44.10 the session costs: the
    // entries of the two before it are written first and must disappear with the refusal.
    const trio = await teamClients(["Lepp", "Ilves", "Rebane"]);
    const limited = trio[2]!;
    await t.db.update(fundingDecisions).set({ periodCapCents: 4000 }).where(eq(fundingDecisions.id, limited.decisionId));
    const s = await bookGroup(
      trio.map((c) => c.clientId),
      "2024-03-19",
      "10:00",
      "11:30",
    );
    const entriesBefore = (await auditRows(t.db, "entry.create")).length;

    const err = await appErrorOf(completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id }));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitPeriodCap" });
    expect(err.params).toMatchObject({ client: limited.fullName, limit: 40, used: 0, asked: 44.1, remaining: 40 });
    expect(err.message).toContain(limited.fullName);
    // The same refusal a manual entry of the same service occasion gets, plus whose limit it is.
    const manual = await appErrorOf(
      createEntry(
        { db: t.db, actor: specialist, ip: null },
        {
          clientId: limited.clientId,
          decisionId: limited.decisionId,
          serviceId: world.groupServiceId,
          serviceDate: "2024-03-19",
          units: 1.5,
          specialistId: specialist.employeeId,
          description: "",
        },
      ),
    );
    expect({ code: err.code, messageKey: err.messageKey, params: err.params }).toEqual({
      code: manual.code,
      messageKey: manual.messageKey,
      params: { ...manual.params, client: limited.fullName },
    });

    expect(await entriesOf(s.id)).toEqual([]);
    expect(await statusOf(s.id)).toBe("planned");
    expect((await participantsOf(s.id)).map((p) => [p.attendance, p.entryId])).toEqual([
      ["expected", null],
      ["expected", null],
      ["expected", null],
    ]);
    expect((await auditRows(t.db, "entry.create")).length).toBe(entriesBefore);
    expect((await auditRows(t.db, "session.done")).filter((a) => a.targetId === s.id)).toEqual([]);

    // Marked absent, the limited client no longer stands in the way of the others.
    await setAttendance({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id, clientId: limited.clientId, attendance: "absent" });
    expect(await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id })).toMatchObject({ entries: 2 });
  });
});

describe("pricing and who may mark a session done", () => {
  it("prices by the Tallinn day the session starts: 29.36 on 29 February, 29.40 from 1 March (even at 00:30, still 29 Feb in UTC)", async () => {
    const [one] = await teamClients(["Pärn"]);
    const leap = await bookGroup([one!.clientId], "2024-02-29", "10:00", "11:00");
    const midnight = await bookGroup([one!.clientId], "2024-03-01", "00:30", "01:30");
    expect(tallinnWinter("2024-03-01", "00:30").toISOString()).toBe("2024-02-29T22:30:00.000Z");
    await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: leap.id });
    await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: midnight.id });
    expect((await entriesOf(leap.id)).map((e) => [e.serviceDate, e.unitPriceCents, e.amountCents])).toEqual([
      ["2024-02-29", SCHEDULING_PRICE_BEFORE_CENTS, SCHEDULING_PRICE_BEFORE_CENTS],
    ]);
    expect((await entriesOf(midnight.id)).map((e) => [e.serviceDate, e.unitPriceCents, e.amountCents])).toEqual([
      ["2024-03-01", SCHEDULING_PRICE_AFTER_CENTS, SCHEDULING_PRICE_AFTER_CENTS],
    ]);
  });

  it("across both DST switches, counts the hours that passed, not the wall clock, and dates by the Tallinn day", async () => {
    const [one] = await teamClients(["Kalda"]);
    // 31 March: 02:30 EET to 04:30 EEST is one hour. 27 October: 03:00 EEST to 03:00 EET is one hour.
    const spring = await bookSession(
      { db: t.db, actor: specialist, ip: null },
      {
        serviceId: world.groupServiceId,
        roomId: groupRoom,
        startsAt: new Date("2024-03-31T00:30:00Z"),
        endsAt: new Date("2024-03-31T01:30:00Z"),
        specialistIds: [specialist.employeeId],
        participants: [{ clientId: one!.clientId, decisionId: null }],
        notes: "",
      },
    );
    const autumn = await bookSession(
      { db: t.db, actor: specialist, ip: null },
      {
        serviceId: world.groupServiceId,
        roomId: groupRoom,
        startsAt: new Date("2024-10-27T00:00:00Z"),
        endsAt: new Date("2024-10-27T01:00:00Z"),
        specialistIds: [specialist.employeeId],
        participants: [{ clientId: one!.clientId, decisionId: null }],
        notes: "",
      },
    );
    for (const s of [spring, autumn]) await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id });
    const rows = [...(await entriesOf(spring.id)), ...(await entriesOf(autumn.id))];
    expect(rows.map((e) => [e.serviceDate, Number(e.units), e.amountCents])).toEqual([
      ["2024-03-31", 1, SCHEDULING_PRICE_AFTER_CENTS],
      ["2024-10-27", 1, SCHEDULING_PRICE_AFTER_CENTS],
    ]);
  });

  it("counts 90 minutes of a service billed in academic hours as 2 units", async () => {
    const [one] = await teamClients(["Hunt"]);
    const s = await bookGroup([one!.clientId], "2024-03-14", "10:00", "11:30", world.academicServiceId);
    await completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id });
    const [entry] = await entriesOf(s.id);
    expect([Number(entry!.units), entry!.amountCents]).toEqual([2, 2 * SCHEDULING_PRICE_AFTER_CENTS]);
  });

  it("refuses a client without a decision valid that day, naming the client and the day", async () => {
    const [one] = await teamClients(["Jõgi"], { startDate: "2024-06-01", endDate: "2024-12-31" });
    const s = await bookGroup([one!.clientId], "2024-03-15", "10:00", "11:00");
    const err = await appErrorOf(completeSession({ db: t.db, actor: specialist, ip: null }, { sessionId: s.id }));
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      messageKey: "errors.participantWithoutDecision",
      params: { client: "Client Jõgi", date: "2024-03-15" },
    });
    expect(await statusOf(s.id)).toBe("planned");
  });

  it("only the session's specialists (or a booker of the unit or institution) mark it done or record attendance", async () => {
    const [one] = await teamClients(["Vaher"]);
    const s = await makeSession(t.db, {
      serviceId: world.groupServiceId,
      roomId: groupRoom,
      startsAt: tallinnWinter("2024-03-18", "10:00"),
      endsAt: tallinnWinter("2024-03-18", "11:00"),
      specialistIds: [specialist.employeeId],
      participants: [{ clientId: one!.clientId, decisionId: one!.decisionId }],
    });
    const colleague = await makeActor(t.db, {
      permissions: { "sessions:book": "own", "sessions:late_entry": "own", "clients:read": "all" },
      unitIds: [unit],
    });
    expect(await appErrorOf(completeSession({ db: t.db, actor: colleague, ip: null }, { sessionId: s }))).toMatchObject({
      code: "FORBIDDEN",
    });
    // Nor record who came: that is the session's specialists' (or a booker's) word too.
    expect(
      await appErrorOf(
        setAttendance({ db: t.db, actor: colleague, ip: null }, { sessionId: s, clientId: one!.clientId, attendance: "absent" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect((await participantsOf(s))[0]!.attendance).toBe("expected");
    expect(await statusOf(s)).toBe("planned");
  });
});
