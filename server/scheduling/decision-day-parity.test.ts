import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/calendar-days";
import { serviceEntries } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import { enterService } from "@/server/funding/entries";
import type { Actor } from "@/server/policy/actor";
import type { Tx } from "@/server/db/client";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, PARITY_SEED, parityRuns, rolledBack } from "@/server/testing/parity";
import { makeSchedulingWorld, makeSession, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { assertDecisionsValidOn } from "./guards";
import { placeBooking } from "./sessions";

/**
 * "Is this decision valid on the session's day" has its home in book_session (migration 0020):
 * the day is the Tallinn date of the start, and the decision must run on it. Moving a session
 * asks the same in guards.ts (assertDecisionsValidOn, Tallinn date computed in TypeScript).
 * Both judge the same generated decisions and start times, around Tallinn's midnight and both
 * DST switches, and must refuse the same cases with the same figures. A service entry has a
 * date, not a time: enterService's check and the service_entries trigger's
 * (service_entries_within_decision_period, its home) judge generated dates alike.
 */

const t = await useTestDatabase();
let world: SchedulingWorld;
let booker: Actor;
let specialist: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:read": "all", "clients:read": "all" },
    unitIds: [unit],
  });
  specialist = await makeEmployee(t.db, { unitIds: [unit] });
});

// Days around the spring and autumn switches of 2027 and an ordinary winter day; start times
// from 19:00 UTC the evening before to 03:00 UTC, which is 21:00-05:00 or 22:00-06:00 in Tallinn.
const caseArb = fc.record({
  pivot: fc.constantFrom("2027-01-15", "2027-03-27", "2027-03-28", "2027-03-29", "2027-10-30", "2027-10-31", "2027-11-01"),
  quarterHours: fc.integer({ min: -20, max: 12 }),
  startShift: fc.integer({ min: -2, max: 1 }),
  length: fc.integer({ min: 0, max: 2 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;
type Verdict = "ok" | { key: string; params: Record<string, unknown> };
const verdictOf = (outcome: { ok: true } | { ok: false; error: unknown }): Verdict => {
  if (outcome.ok) return "ok";
  if (!(outcome.error instanceof AppError)) throw outcome.error;
  return { key: outcome.error.messageKey, params: outcome.error.params };
};

async function judge(tx: Tx, c: Case) {
  const startsAt = new Date(Date.parse(`${c.pivot}T00:00:00Z`) + (c.quarterHours * HOUR) / 4);
  const endsAt = new Date(startsAt.getTime() + HOUR);
  const startDate = addDays(c.pivot, c.startShift);
  const clientId = await makeClient(tx);
  const decisionId = await makeDecision(tx, {
    clientId,
    fundingSourceId: world.sourceId,
    startDate,
    endDate: addDays(startDate, c.length),
    number: "D-1",
  });
  const booking = {
    serviceId: world.individualServiceId,
    roomId: null,
    startsAt,
    endsAt,
    specialistIds: [specialist],
    participants: [{ clientId, decisionId }],
    notes: "",
  };
  const booked = verdictOf(
    await outcomeInSavepoint(tx, (sp) => placeBooking({ db: sp, actor: booker, ip: null }, { ...booking, seriesId: null })),
  );
  // A session of the same client and decision, somewhere else in time, moved to the same start.
  const sessionId = await makeSession(tx, {
    ...booking,
    startsAt: new Date(Date.parse("2027-06-01T09:00:00Z")),
    endsAt: new Date(Date.parse("2027-06-01T10:00:00Z")),
  });
  const moved = verdictOf(await outcomeInSavepoint(tx, (sp) => assertDecisionsValidOn(sp, sessionId, startsAt)));
  return { booked, moved };
}

describe("book_session and assertDecisionsValidOn agree on the day a decision covers", () => {
  it("refuse the same start times, with the same figures", async () => {
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { booked, moved } = await rolledBack(t.db, (tx) => judge(tx, c));
        expect(moved).toEqual(booked);
        seen[booked === "ok" ? "ok" : "refused"]++;
        if (booked !== "ok") expect(booked.key).toBe("errors.decisionNotValidOn");
      }),
      { seed: PARITY_SEED, numRuns: parityRuns(80) },
    );
    expect(Math.min(seen.ok, seen.refused)).toBeGreaterThan(10);
  }, 180_000);
});

describe("enterService and the service_entries trigger agree on the dates a decision covers", () => {
  it("refuse the same entry dates", async () => {
    const seen = { ok: 0, refused: 0 };
    const dates = fc.record({ startShift: fc.integer({ min: -3, max: 3 }), length: fc.integer({ min: 0, max: 3 }) });
    await fc.assert(
      fc.asyncProperty(dates, async (c) => {
        const verdicts = await rolledBack(t.db, async (tx) => {
          const serviceDate = "2027-03-28";
          const startDate = addDays(serviceDate, c.startShift);
          const clientId = await makeClient(tx);
          const decisionId = await makeDecision(tx, {
            clientId,
            fundingSourceId: world.sourceId,
            startDate,
            endDate: addDays(startDate, c.length),
          });
          const entry = {
            clientId,
            decisionId,
            serviceId: world.individualServiceId,
            serviceDate,
            units: 1,
            specialistId: specialist,
            description: "",
          };
          const checked = verdictOf(
            await outcomeInSavepoint(tx, (sp) => enterService({ db: sp, actor: booker, ip: null }, { ...entry, sessionId: null })),
          );
          const written = await outcomeInSavepoint(tx, (sp) => sp.insert(serviceEntries).values({ ...entry, units: "1" }));
          const guaranteed = written.ok ? "ok" : verdictOf({ ok: false, error: translateDbError(written.error) });
          return { checked, guaranteed };
        });
        const outside = (v: Verdict) => (v === "ok" ? "inside" : { key: v.key });
        expect(outside(verdicts.checked)).toEqual(verdicts.checked === "ok" ? "inside" : { key: "errors.entryOutsideDecisionDates" });
        expect(outside(verdicts.guaranteed)).toEqual(verdicts.checked === "ok" ? "inside" : { key: "errors.entryOutsideDecision" });
        seen[verdicts.checked === "ok" ? "ok" : "refused"]++;
      }),
      { seed: PARITY_SEED, numRuns: parityRuns(40) },
    );
    expect(Math.min(seen.ok, seen.refused)).toBeGreaterThan(5);
  }, 120_000);
});
