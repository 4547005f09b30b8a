import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { tallinnParts, tallinnTime } from "@/lib/tallinn-time";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeRoom, makeSchedulingWorld, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { bookSeries, cancelInSeries, occurrences, previewSeries } from "./series";
import { bookSession, type BookInput } from "./sessions";

const t = await useTestDatabase();
let world: SchedulingWorld;
let unit: string;
let me: Actor;

beforeAll(async () => {
  world = await makeSchedulingWorld(t.db);
  unit = await makeUnit(t.db);
  me = await makeActor(t.db, { permissions: { "sessions:book": "own", "sessions:read": "own", "clients:read": "own" }, unitIds: [unit] });
});

async function weekly(startDate: string, roomName: string): Promise<BookInput> {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: me.employeeId });
  const roomId = await makeRoom(t.db, { unitId: unit, name: roomName });
  return {
    serviceId: world.individualServiceId,
    roomId,
    startsAt: tallinnTime(startDate, "10:00"),
    endsAt: tallinnTime(startDate, "11:00"),
    specialistIds: [me.employeeId],
    participants: [{ clientId, decisionId: null }],
    notes: "",
  };
}

describe("weekly occurrences", () => {
  it("keep their Tallinn wall-clock time across both DST switches", () => {
    const first = { startsAt: tallinnTime("2026-03-16", "10:00"), endsAt: tallinnTime("2026-03-16", "11:00") };
    const dates = occurrences(first, { intervalWeeks: 1, until: "2026-04-06", count: null });
    expect(dates.map((d) => tallinnParts(d.startsAt))).toEqual([
      { date: "2026-03-16", time: "10:00" },
      { date: "2026-03-23", time: "10:00" },
      { date: "2026-03-30", time: "10:00" },
      { date: "2026-04-06", time: "10:00" },
    ]);
    // The UTC hour moves by one when summer time begins on 29 March.
    expect(dates[1]!.startsAt.toISOString()).toBe("2026-03-23T08:00:00.000Z");
    expect(dates[2]!.startsAt.toISOString()).toBe("2026-03-30T07:00:00.000Z");
    const autumn = occurrences(
      { startsAt: tallinnTime("2026-10-19", "09:00"), endsAt: tallinnTime("2026-10-19", "10:30") },
      { intervalWeeks: 2, until: null, count: 2 },
    );
    expect(autumn.map((d) => [tallinnParts(d.startsAt).time, tallinnParts(d.endsAt).time, tallinnParts(d.startsAt).date])).toEqual([
      ["09:00", "10:30", "2026-10-19"],
      ["09:00", "10:30", "2026-11-02"],
    ]);
  });

  it("refuse an unbounded series, a bad interval and an end before the start, naming the field", () => {
    const first = { startsAt: tallinnTime("2026-03-16", "10:00"), endsAt: tallinnTime("2026-03-16", "11:00") };
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (e) {
        return (e as { field?: string }).field;
      }
    };
    expect(fieldOf(() => occurrences(first, { intervalWeeks: 1, until: null, count: null }))).toBe("until");
    expect(fieldOf(() => occurrences(first, { intervalWeeks: 9, until: null, count: 3 }))).toBe("intervalWeeks");
    expect(fieldOf(() => occurrences(first, { intervalWeeks: 1, until: "2026-03-01", count: null }))).toBe("until");
  });
});

describe("booking a series", () => {
  it("all or none: one clash writes nothing; the preview names it; 'free' books the rest", async () => {
    const input = await weekly("2027-01-04", "Seeriatuba 1");
    // Someone has the room in the third week already.
    const blockerClient = await makeClient(t.db, { unitIds: [unit], caseManagerId: me.employeeId });
    await bookSession(
      { db: t.db, actor: me, ip: null },
      {
        ...input,
        participants: [{ clientId: blockerClient, decisionId: null }],
        startsAt: tallinnTime("2027-01-18", "10:30"),
        endsAt: tallinnTime("2027-01-18", "11:30"),
      },
    );
    const count = async () => (await t.db.select().from(sessions).where(eq(sessions.roomId, input.roomId!))).length;
    const recurrence = { intervalWeeks: 1, until: null, count: 4 };

    const preview = await previewSeries({ db: t.db, actor: me, ip: null }, { ...input, recurrence });
    expect(preview.total).toBe(4);
    expect(preview.clashes.map((c) => tallinnParts(c.startsAt).date)).toEqual(["2027-01-18"]);
    expect(preview.clashes[0]!.messageKey).toBe("errors.roomTaken");
    expect(await count()).toBe(1);

    const refused = await appErrorOf(bookSeries({ db: t.db, actor: me, ip: null }, { ...input, recurrence, mode: "all" }));
    expect(refused).toMatchObject({ code: "CONFLICT", messageKey: "errors.seriesClashes", params: { clashes: 1, total: 4 } });
    expect(await count()).toBe(1);

    const result = await bookSeries({ db: t.db, actor: me, ip: null }, { ...input, recurrence, mode: "free" });
    expect(result.booked).toHaveLength(3);
    expect(result.clashes.map((c) => tallinnParts(c.startsAt).date)).toEqual(["2027-01-18"]);
    expect(await count()).toBe(4);
  });

  it("cancels this, this and the following, or all open sessions of a series", async () => {
    const input = await weekly("2027-03-01", "Seeriatuba 2");
    const { booked } = await bookSeries(
      { db: t.db, actor: me, ip: null },
      { ...input, recurrence: { intervalWeeks: 1, until: null, count: 5 }, mode: "all" },
    );
    const statuses = async () =>
      (
        await t.db
          .select({ s: sessions.status, at: sessions.startsAt })
          .from(sessions)
          .where(eq(sessions.roomId, input.roomId!))
          .orderBy(sessions.startsAt)
      ).map((r) => r.s);
    await cancelInSeries({ db: t.db, actor: me, ip: null }, { sessionId: booked[1]!.id, scope: "this" });
    expect(await statuses()).toEqual(["planned", "cancelled", "planned", "planned", "planned"]);
    await cancelInSeries({ db: t.db, actor: me, ip: null }, { sessionId: booked[3]!.id, scope: "following" });
    expect(await statuses()).toEqual(["planned", "cancelled", "planned", "cancelled", "cancelled"]);
    await cancelInSeries({ db: t.db, actor: me, ip: null }, { sessionId: booked[0]!.id, scope: "all" });
    expect(await statuses()).toEqual(["cancelled", "cancelled", "cancelled", "cancelled", "cancelled"]);
  });
});
