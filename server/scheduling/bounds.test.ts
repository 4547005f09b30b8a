import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { translateDbError, type AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeSchedulingWorld, makeSession, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { bookSeries } from "./series";
import { moveInSeries } from "./series-move";
import { bookSession, moveSession, type BookInput } from "./sessions";

/**
 * Implausible sessions are refused on every path that places one in time (issue #11, item 11):
 * booking, each occurrence of a series, moving one, moving a series. More than a year back
 * needs sessions:late_entry; more than two years ahead never; at least 15 minutes, 45 for a
 * service billed in academic hours. The database keeps length and the two years for any write.
 */

const t = await useTestDatabase();
const DAY = 86_400_000;
const MINUTE = 60_000;

let world: SchedulingWorld;
let booker: Actor;
let lateBooker: Actor;
let specialist: string;
const clients: string[] = [];

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  const base = { "sessions:book": "all", "sessions:read": "all", "clients:read": "all" } as const;
  booker = await makeActor(t.db, { permissions: base, unitIds: [unit] });
  lateBooker = await makeActor(t.db, { permissions: { ...base, "sessions:late_entry": "own" }, unitIds: [unit] });
  specialist = await makeEmployee(t.db, { unitIds: [unit] });
  for (let i = 0; i < 20; i++) clients.push(await makeClient(t.db, { unitIds: [unit] }));
});

/** A whole hour `days` from now; each test its own client, so nothing clashes by accident. */
let n = 0;
const at = (days: number) => new Date(Math.floor((Date.now() + days * DAY) / 3_600_000) * 3_600_000);
function input(startsAt: Date, minutes: number, over: Partial<BookInput> = {}): BookInput {
  return {
    serviceId: world.individualServiceId,
    roomId: null,
    startsAt,
    endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
    specialistIds: [specialist],
    participants: [{ clientId: clients[n++]!, decisionId: null }],
    notes: "",
    ...over,
  };
}
const refusal = (err: AppError) => ({ code: err.code, field: err.field, key: err.messageKey, params: err.params });

describe("booking", () => {
  it("refuses a session in 1970, and one 13 months back, to someone without late entry", async () => {
    for (const startsAt of [new Date("1970-01-01T08:00:00Z"), at(-396)]) {
      expect(refusal(await appErrorOf(bookSession({ db: t.db, actor: booker, ip: null }, input(startsAt, 60))))).toEqual({
        code: "INVALID_INPUT",
        field: "startsAt",
        key: "errors.sessionTooFarBack",
        params: { years: 1 },
      });
    }
  });

  it("lets someone with late entry book 13 months back, and anyone 11 months back", async () => {
    await expect(bookSession({ db: t.db, actor: lateBooker, ip: null }, input(at(-396), 60))).resolves.toMatchObject({
      id: expect.any(String),
    });
    await expect(bookSession({ db: t.db, actor: booker, ip: null }, input(at(-330), 60))).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("refuses more than two years ahead, late entry or not", async () => {
    for (const actor of [booker, lateBooker]) {
      expect(refusal(await appErrorOf(bookSession({ db: t.db, actor, ip: null }, input(at(2 * 365 + 2), 60))))).toEqual({
        code: "INVALID_INPUT",
        field: "startsAt",
        key: "errors.sessionTooFarAhead",
        params: { years: 2 },
      });
    }
    await expect(bookSession({ db: t.db, actor: booker, ip: null }, input(at(700), 60))).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("refuses a one-minute session; an hourly service takes 15 minutes, an academic-hour one 45", async () => {
    expect(refusal(await appErrorOf(bookSession({ db: t.db, actor: booker, ip: null }, input(at(10), 1))))).toEqual({
      code: "INVALID_INPUT",
      field: "endsAt",
      key: "errors.sessionTooShort",
      params: { minutes: 15 },
    });
    await expect(bookSession({ db: t.db, actor: booker, ip: null }, input(at(11), 15))).resolves.toMatchObject({ id: expect.any(String) });
    expect(
      refusal(
        await appErrorOf(bookSession({ db: t.db, actor: booker, ip: null }, input(at(12), 30, { serviceId: world.academicServiceId }))),
      ),
    ).toEqual({ code: "INVALID_INPUT", field: "endsAt", key: "errors.sessionTooShort", params: { minutes: 45 } });
    await expect(
      bookSession({ db: t.db, actor: booker, ip: null }, input(at(13), 45, { serviceId: world.academicServiceId })),
    ).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("refuses a series whose later occurrences run past two years, writing none of it", async () => {
    const [before] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sessions`;
    const err = await appErrorOf(
      bookSeries(
        { db: t.db, actor: booker, ip: null },
        { ...input(at(600), 60), recurrence: { intervalWeeks: 4, until: null, count: 10 }, mode: "all" },
      ),
    );
    expect(refusal(err)).toMatchObject({ code: "INVALID_INPUT", field: "startsAt", key: "errors.sessionTooFarAhead" });
    const [after] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sessions`;
    expect(after!.n).toBe(before!.n);
  });
});

describe("moving", () => {
  it("refuses moving a session more than a year back without late entry, or two years ahead, or down to five minutes", async () => {
    const { id } = await bookSession({ db: t.db, actor: booker, ip: null }, input(at(20), 60));
    const move = (actor: Actor, startsAt: Date, minutes: number) =>
      moveSession({ db: t.db, actor, ip: null }, { startsAt, endsAt: new Date(startsAt.getTime() + minutes * MINUTE), roomId: null, id });
    expect(refusal(await appErrorOf(move(booker, at(-400), 60)))).toMatchObject({ field: "startsAt", key: "errors.sessionTooFarBack" });
    expect(refusal(await appErrorOf(move(lateBooker, at(800), 60)))).toMatchObject({ field: "startsAt", key: "errors.sessionTooFarAhead" });
    expect(refusal(await appErrorOf(move(booker, at(21), 5)))).toMatchObject({ field: "endsAt", key: "errors.sessionTooShort" });
    await expect(move(lateBooker, at(-400), 60)).resolves.toMatchObject({ id });
  });

  it("refuses moving a series so that an occurrence lands past two years, moving none", async () => {
    const booked = await bookSeries(
      { db: t.db, actor: booker, ip: null },
      { ...input(at(600), 60), recurrence: { intervalWeeks: 2, until: null, count: 6 }, mode: "all" },
    );
    const first = booked.booked[0]!;
    const shift = 100 * DAY;
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor: booker, ip: null },
        {
          startsAt: new Date(first.startsAt.getTime() + shift),
          endsAt: new Date(first.endsAt.getTime() + shift),
          roomId: null,
          sessionId: first.id,
          scope: "all",
        },
      ),
    );
    expect(refusal(err)).toMatchObject({ code: "INVALID_INPUT", field: "startsAt", key: "errors.sessionTooFarAhead" });
    const [row] = await t.sql<{ start: string }[]>`SELECT starts_at::text AS start FROM sessions WHERE id = ${first.id}`;
    expect(new Date(row!.start).getTime()).toBe(first.startsAt.getTime());
  });
});

describe("the database on its own", () => {
  it("refuses a one-minute session and one three years ahead written by plain SQL, worded by the error mapping", async () => {
    const short = input(at(30), 1);
    const tooShort = await pgErrorFrom(makeSession(t.db, { ...short, specialistIds: [], participants: [] }));
    expect(tooShort).toEqual({ code: "23514", constraint: "sessions_long_enough" });
    const far = input(at(3 * 365), 60);
    const tooFar = await pgErrorFrom(makeSession(t.db, { ...far, specialistIds: [], participants: [] }));
    expect(tooFar).toEqual({ code: "23514", constraint: "sessions_within_two_years" });
  });

  it("maps the refusal to the field and message a person sees", async () => {
    const err = await t.db
      .execute(
        sql`INSERT INTO sessions (service_id, starts_at, ends_at) VALUES (${world.academicServiceId}, now() + interval '1 day', now() + interval '1 day 30 minutes')`,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(translateDbError(err)).toMatchObject({
      code: "INVALID_INPUT",
      field: "endsAt",
      messageKey: "errors.sessionTooShort",
      params: { minutes: 45 },
    });
  });

  it("keeps sessions entered long ago by someone with late entry writable in other ways", async () => {
    const { id } = await bookSession({ db: t.db, actor: lateBooker, ip: null }, input(at(-500), 60));
    await t.db.execute(sql`UPDATE sessions SET status = 'agreed' WHERE id = ${id}`);
    const [row] = await t.sql<{ status: string }[]>`SELECT status FROM sessions WHERE id = ${id}`;
    expect(row!.status).toBe("agreed");
  });
});
