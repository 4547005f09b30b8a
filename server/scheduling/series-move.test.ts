import { eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { sessions } from "@/db/schema";
import { tallinnParts, tallinnTime } from "@/lib/tallinn-time";
import type { Actor } from "@/server/policy/actor";
import type { SessionChange } from "@/server/realtime/publish";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { countOverlaps, makeRoom, makeSchedulingWorld, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { bookSeries, cancelInSeries } from "./series";
import { moveInSeries } from "./series-move";
import { bookSession, setSessionStatus, type BookInput } from "./sessions";

/**
 * Moving a recurring series: "this and following" or "all" open occurrences shift by the same
 * Tallinn wall-clock change as the one dragged, all or none, and the calendars hear of it only
 * once it has committed.
 */

const published = vi.hoisted(() => [] as { kind: string; changes: SessionChange[] }[]);
vi.mock("@/server/realtime/publish", () => ({
  publishSessionChange: (kind: string, ...changes: SessionChange[]) => published.push({ kind, changes }),
}));

const t = await useTestDatabase();
let world: SchedulingWorld;
let unit: string;
let me: Actor;

beforeAll(async () => {
  world = await makeSchedulingWorld(t.db);
  unit = await makeUnit(t.db);
  me = await makeActor(t.db, { permissions: { "sessions:book": "own", "sessions:read": "own", "clients:read": "own" }, unitIds: [unit] });
});
beforeEach(() => {
  published.length = 0;
});

let roomNo = 0;
/** A weekly series of `count` at 10:00–11:00 from `startDate`, in a room of its own. */
async function series(startDate: string, count: number) {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: me.employeeId });
  const roomId = await makeRoom(t.db, { unitId: unit, name: `Seeriaruum ${++roomNo}`, capacity: 2 });
  const input: BookInput = {
    serviceId: world.individualServiceId,
    roomId,
    startsAt: tallinnTime(startDate, "10:00"),
    endsAt: tallinnTime(startDate, "11:00"),
    specialistIds: [me.employeeId],
    participants: [{ clientId, decisionId: null }],
    notes: "",
  };
  const { booked } = await bookSeries(
    { db: t.db, actor: me, ip: null },
    { ...input, recurrence: { intervalWeeks: 1, until: null, count }, mode: "all" },
  );
  return { input, clientId, roomId, ids: booked.map((b) => b.id) };
}

/** Where each session is now, in Tallinn time, in the order of `ids`. */
async function where(ids: string[]) {
  const rows = await t.db.select().from(sessions).where(inArray(sessions.id, ids));
  return ids.map((id) => {
    const r = rows.find((x) => x.id === id)!;
    const start = tallinnParts(r.startsAt);
    return `${start.date} ${start.time}-${tallinnParts(r.endsAt).time} ${r.status}`;
  });
}

describe("moving this and the following occurrences", () => {
  it("shifts the chosen one and every later open one by the same change; earlier ones stay", async () => {
    const s = await series("2027-01-04", 4);
    const result = await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-01-11", "13:30"),
        endsAt: tallinnTime("2027-01-11", "15:00"),
        roomId: s.roomId,
        sessionId: s.ids[1]!,
        scope: "following",
      },
    );
    expect(result.moved.map((m) => m.id).sort()).toEqual(s.ids.slice(1).sort());
    expect(await where(s.ids)).toEqual([
      "2027-01-04 10:00-11:00 planned",
      "2027-01-11 13:30-15:00 planned",
      "2027-01-18 13:30-15:00 planned",
      "2027-01-25 13:30-15:00 planned",
    ]);
    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
  });

  it("'this' moves only the chosen occurrence", async () => {
    const s = await series("2027-02-01", 3);
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-02-08", "12:00"),
        endsAt: tallinnTime("2027-02-08", "13:00"),
        roomId: s.roomId,
        sessionId: s.ids[1]!,
        scope: "this",
      },
    );
    expect(await where(s.ids)).toEqual([
      "2027-02-01 10:00-11:00 planned",
      "2027-02-08 12:00-13:00 planned",
      "2027-02-15 10:00-11:00 planned",
    ]);
  });
});

describe("moving all occurrences", () => {
  it("moves a day later and an hour later across both DST switches, keeping the wall-clock time; done and cancelled ones stay", async () => {
    // 16 March to 6 April 2026: summer time begins on 29 March.
    const s = await series("2026-03-16", 4);
    await t.db.update(sessions).set({ status: "done" }).where(eq(sessions.id, s.ids[0]!));
    await cancelInSeries({ db: t.db, actor: me, ip: null }, { sessionId: s.ids[2]!, scope: "this" });
    // Dragged from Monday 23 March 10:00 to Tuesday 24 March 11:00, and made half an hour longer.
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2026-03-24", "11:00"),
        endsAt: tallinnTime("2026-03-24", "12:30"),
        roomId: s.roomId,
        sessionId: s.ids[1]!,
        scope: "all",
      },
    );
    expect(await where(s.ids)).toEqual([
      "2026-03-16 10:00-11:00 done",
      "2026-03-24 11:00-12:30 planned",
      "2026-03-30 10:00-11:00 cancelled",
      "2026-04-07 11:00-12:30 planned",
    ]);
    const autumn = await series("2026-10-19", 3);
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2026-10-19", "09:00"),
        endsAt: tallinnTime("2026-10-19", "10:00"),
        roomId: autumn.roomId,
        sessionId: autumn.ids[0]!,
        scope: "all",
      },
    );
    expect(await where(autumn.ids)).toEqual([
      "2026-10-19 09:00-10:00 planned",
      "2026-10-26 09:00-10:00 planned",
      "2026-11-02 09:00-10:00 planned",
    ]);
  });

  it("a week later: each occurrence takes the next one's old time without tripping over it", async () => {
    const s = await series("2027-03-01", 3);
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-03-08", "10:00"),
        endsAt: tallinnTime("2027-03-08", "11:00"),
        roomId: s.roomId,
        sessionId: s.ids[0]!,
        scope: "all",
      },
    );
    expect(await where(s.ids)).toEqual([
      "2027-03-08 10:00-11:00 planned",
      "2027-03-15 10:00-11:00 planned",
      "2027-03-22 10:00-11:00 planned",
    ]);
    // And back again, earlier.
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-03-15", "10:00"),
        endsAt: tallinnTime("2027-03-15", "11:00"),
        roomId: s.roomId,
        sessionId: s.ids[2]!,
        scope: "all",
      },
    );
    expect(await where(s.ids)).toEqual([
      "2027-03-01 10:00-11:00 planned",
      "2027-03-08 10:00-11:00 planned",
      "2027-03-15 10:00-11:00 planned",
    ]);
  });

  it("into another room: every moved occurrence goes there; a room too small is refused naming it", async () => {
    const s = await series("2027-04-05", 2);
    const big = await makeRoom(t.db, { unitId: unit, name: "Suur saal", capacity: 10 });
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-04-05", "10:00"),
        endsAt: tallinnTime("2027-04-05", "11:00"),
        roomId: big,
        sessionId: s.ids[0]!,
        scope: "all",
      },
    );
    const rows = await t.db.select({ roomId: sessions.roomId }).from(sessions).where(inArray(sessions.id, s.ids));
    expect(rows.map((r) => r.roomId)).toEqual([big, big]);
    const closed = await makeRoom(t.db, { unitId: unit, name: "Remondis", active: false });
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: me, ip: null },
        {
          startsAt: tallinnTime("2027-04-05", "10:00"),
          endsAt: tallinnTime("2027-04-05", "11:00"),
          roomId: closed,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "roomId", messageKey: "errors.roomMissing" });
  });
});

describe("all or nothing", () => {
  it("one clash moves nothing, writes no audit row, publishes nothing, and names the occurrence's date and what is in the way", async () => {
    const s = await series("2027-05-03", 4);
    // The room is taken at 14:00 on the third Monday.
    const other = await makeClient(t.db, { unitIds: [unit], caseManagerId: me.employeeId });
    const me2 = await makeActor(t.db, { permissions: { "sessions:book": "all", "clients:read": "all" }, unitIds: [unit] });
    const blocker = await bookSession(
      { db: t.db, actor: me2, ip: null },
      {
        ...s.input,
        startsAt: tallinnTime("2027-05-17", "14:30"),
        endsAt: tallinnTime("2027-05-17", "15:30"),
        specialistIds: [me2.employeeId],
        participants: [{ clientId: other, decisionId: null }],
      },
    );
    published.length = 0;
    const audits = (await auditRows(t.db)).length;

    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: me, ip: null },
        {
          startsAt: tallinnTime("2027-05-03", "14:00"),
          endsAt: tallinnTime("2027-05-03", "15:00"),
          roomId: s.roomId,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.roomTaken", field: "roomId" });
    expect(err.params).toMatchObject({
      occurrence: "2027-05-17",
      room: expect.stringContaining("Seeriaruum"),
      start: tallinnTime("2027-05-17", "14:30").toISOString(),
      sessionId: blocker.id,
    });
    expect(err.message).toContain("2027-05-17");
    expect(await where(s.ids)).toEqual(["2027-05-03", "2027-05-10", "2027-05-17", "2027-05-24"].map((d) => `${d} 10:00-11:00 planned`));
    expect((await auditRows(t.db)).length).toBe(audits);
    expect(published).toEqual([]);
  });

  it("a busy client on one date is named too", async () => {
    const s = await series("2027-06-07", 2);
    const me2 = await makeActor(t.db, { permissions: { "sessions:book": "all", "clients:read": "all" }, unitIds: [unit] });
    await bookSession(
      { db: t.db, actor: me2, ip: null },
      {
        ...s.input,
        roomId: null,
        startsAt: tallinnTime("2027-06-14", "12:00"),
        endsAt: tallinnTime("2027-06-14", "13:00"),
        specialistIds: [me2.employeeId],
      },
    );
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: me, ip: null },
        {
          startsAt: tallinnTime("2027-06-07", "12:00"),
          endsAt: tallinnTime("2027-06-07", "13:00"),
          roomId: s.roomId,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(err).toMatchObject({ code: "CONFLICT", messageKey: "errors.clientBusy", params: { occurrence: "2027-06-14" } });
  });

  it("a move that would end before it starts, or a closed occurrence as the one dragged, is refused before anything", async () => {
    const s = await series("2027-06-21", 2);
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: me, ip: null },
        {
          startsAt: tallinnTime("2027-06-21", "12:00"),
          endsAt: tallinnTime("2027-06-21", "11:00"),
          roomId: s.roomId,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "endsAt", messageKey: "errors.sessionEndsBeforeStart" });
    await setSessionStatus({ db: t.db, actor: me, ip: null }, { id: s.ids[0]!, status: "cancelled" });
    const closed = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: me, ip: null },
        {
          startsAt: tallinnTime("2027-06-21", "12:00"),
          endsAt: tallinnTime("2027-06-21", "13:00"),
          roomId: s.roomId,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(closed).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed", params: { status: "cancelled" } });
    expect(await where(s.ids)).toEqual(["2027-06-21 10:00-11:00 cancelled", "2027-06-28 10:00-11:00 planned"]);
  });

  it("someone who books only their own sessions may not move a colleague's series", async () => {
    const s = await series("2027-07-05", 2);
    const colleague = await makeActor(t.db, { permissions: { "sessions:book": "own", "clients:read": "all" }, unitIds: [unit] });
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: colleague, ip: null },
        {
          startsAt: tallinnTime("2027-07-05", "12:00"),
          endsAt: tallinnTime("2027-07-05", "13:00"),
          roomId: s.roomId,
          sessionId: s.ids[0]!,
          scope: "all",
        },
      ),
    );
    expect(err.code).toBe("FORBIDDEN");
    expect(await where(s.ids)).toEqual(["2027-07-05 10:00-11:00 planned", "2027-07-12 10:00-11:00 planned"]);
  });
});

describe("after the move", () => {
  it("publishes one change with every moved occurrence, old and new times, and audits each client once per occurrence plus the series", async () => {
    const s = await series("2027-08-02", 3);
    published.length = 0;
    await moveInSeries(
      { db: t.db, actor: me, ip: null },
      {
        startsAt: tallinnTime("2027-08-02", "15:00"),
        endsAt: tallinnTime("2027-08-02", "16:00"),
        roomId: s.roomId,
        sessionId: s.ids[0]!,
        scope: "all",
      },
    );
    expect(published).toHaveLength(1);
    expect(published[0]!.kind).toBe("move");
    const changes = published[0]!.changes;
    expect(new Set(changes.map((c) => c.id))).toEqual(new Set(s.ids));
    expect(changes.map((c) => tallinnParts(c.startsAt).time).sort()).toEqual(["10:00", "10:00", "10:00", "15:00", "15:00", "15:00"]);
    for (const c of changes) expect([c.roomId, c.specialistIds, c.clientIds]).toEqual([s.roomId, [me.employeeId], [s.clientId]]);
    const moves = (await auditRows(t.db, "session.move")).filter((a) => s.ids.includes(a.targetId!));
    expect(moves).toHaveLength(3);
    expect((await auditRows(t.db, "session.series_move")).at(-1)).toMatchObject({ details: { scope: "all", moved: 3 } });
  });

  it("goes through the router as scheduling.series.move", async () => {
    const s = await series("2027-09-06", 2);
    const result = (await callProcedure(t.db, me, "scheduling.series.move", {
      sessionId: s.ids[0],
      startsAt: tallinnTime("2027-09-06", "08:00"),
      endsAt: tallinnTime("2027-09-06", "09:00"),
      roomId: s.roomId,
      scope: "following",
    })) as { moved: unknown[] };
    expect(result.moved).toHaveLength(2);
    expect(await where(s.ids)).toEqual(["2027-09-06 08:00-09:00 planned", "2027-09-13 08:00-09:00 planned"]);
  });
});
