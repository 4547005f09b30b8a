import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision } from "@/server/testing/funding-factories";
import { makeRoom, makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { moveInSeries } from "./series-move";
import { bookSeries } from "./series";
import { moveSession } from "./sessions";

/**
 * A session is charged to its participants' decisions: moved to a day a decision does not
 * cover, it is refused at the move, naming the decision and its period, not at completion.
 */

const t = await useTestDatabase();
let world: SchedulingWorld;
let actor: Actor;
let roomId: string;
let client: { clientId: string; decisionId: string };

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  actor = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:late_entry": "all", "sessions:read": "all", "clients:read": "all" },
    unitIds: [unit],
  });
  roomId = await makeRoom(t.db, { unitId: unit });
  client = await makeClientWithDecision(t.db, {
    unitIds: [unit],
    decision: { fundingSourceId: world.sourceId, number: "K000777", startDate: "2024-03-01", endDate: "2024-03-31" },
  });
});

describe("moving a session keeps it within its decisions", () => {
  it("a move past the decision's end is refused naming it; a move within is fine", async () => {
    const id = await makeSession(t.db, {
      serviceId: world.individualServiceId,
      roomId,
      startsAt: tallinnWinter("2024-03-20", "10:00"),
      endsAt: tallinnWinter("2024-03-20", "11:00"),
      specialistIds: [actor.employeeId],
      participants: [client],
    });
    const err = await appErrorOf(
      moveSession(
        { db: t.db, actor, ip: null },
        { startsAt: new Date("2024-04-02T07:00:00Z"), endsAt: new Date("2024-04-02T08:00:00Z"), roomId, id },
      ),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "startsAt",
      messageKey: "errors.decisionNotValidOn",
      params: { number: "K000777", start: "2024-03-01", end: "2024-03-31", date: "2024-04-02" },
    });
    const moved = await moveSession(
      { db: t.db, actor, ip: null },
      { startsAt: tallinnWinter("2024-03-22", "10:00"), endsAt: tallinnWinter("2024-03-22", "11:00"), roomId, id },
    );
    expect(moved.startsAt).toEqual(tallinnWinter("2024-03-22", "10:00"));
  });

  it("a series moved as a whole is refused when one occurrence would leave the decision", async () => {
    const booking = {
      serviceId: world.individualServiceId,
      roomId,
      startsAt: tallinnWinter("2024-03-12", "14:00"),
      endsAt: tallinnWinter("2024-03-12", "15:00"),
      specialistIds: [actor.employeeId],
      participants: [{ clientId: client.clientId, decisionId: client.decisionId }],
      notes: "",
    };
    const { booked } = await bookSeries(
      { db: t.db, actor, ip: null },
      { ...booking, recurrence: { intervalWeeks: 1, until: null, count: 3 }, mode: "all" },
    );
    expect(booked).toHaveLength(3);
    // The last occurrence (26 March) would land on 2 April.
    const err = await appErrorOf(
      moveInSeries(
        { db: t.db, actor, ip: null },
        {
          startsAt: tallinnWinter("2024-03-19", "14:00"),
          endsAt: tallinnWinter("2024-03-19", "15:00"),
          roomId,
          sessionId: booked[0]!.id,
          scope: "all",
        },
      ),
    );
    expect(err.messageKey).toBe("errors.decisionNotValidOn");
  });
});
