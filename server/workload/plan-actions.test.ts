import { beforeAll, describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { bookSession } from "@/server/scheduling/sessions";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { makeRoom, makeSchedulingWorld, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { getWorkloadPlan } from "./plan";

/**
 * Issue #14 item 3 for the workload plan: "Broneeri seanss" (and booking from a client's line)
 * is offered on a person's plan exactly when bookSession lets the viewer book that person, with a
 * client and a room the viewer may use.
 */

const t = await useTestDatabase();

let world: SchedulingWorld;
let clientId: string;
let roomId: string;
const people: Record<string, Actor> = {};
const specialists: Record<string, string> = {};

beforeAll(async () => {
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  roomId = await makeRoom(t.db, { unitId: unitA });
  clientId = await makeClient(t.db, { unitIds: [unitA] });
  const reads = { "workload:read": "all", "clients:read": "all", "sessions:read": "all" } as const;
  people.frontDesk = await makeActor(t.db, { permissions: { ...reads, "sessions:book": "unit" }, unitIds: [unitA] });
  people.specialist = await makeActor(t.db, { permissions: { ...reads, "sessions:book": "own" }, unitIds: [unitA] });
  people.reader = await makeActor(t.db, { permissions: reads, unitIds: [unitA] });
  specialists["colleague in the unit"] = await makeEmployee(t.db, { unitIds: [unitA] });
  specialists["someone elsewhere"] = await makeEmployee(t.db, { unitIds: [unitB] });
});

describe("the workload plan's book action", () => {
  for (const role of ["frontDesk", "specialist", "reader"]) {
    it(`is offered to the ${role} exactly for the people bookSession lets them book`, async () => {
      const actor = people[role]!;
      const offered: Record<string, boolean> = {};
      const permitted: Record<string, boolean> = {};
      for (const [label, employeeId] of Object.entries({ ...specialists, self: actor.employeeId })) {
        const plan = await getWorkloadPlan({ db: t.db, actor, ip: null }, { employeeId, month: "2027-03" });
        offered[label] = plan.mayBook;
        const outcome = await rolledBack(t.db, (tx) =>
          outcomeInSavepoint(tx, (sp) =>
            bookSession(
              { db: sp as unknown as Db, actor, ip: null },
              {
                serviceId: world.individualServiceId,
                roomId,
                startsAt: tallinnTime("2027-03-09", "10:00"),
                endsAt: tallinnTime("2027-03-09", "11:00"),
                specialistIds: [employeeId],
                participants: [{ clientId, decisionId: null }],
                notes: "",
              },
            ),
          ),
        );
        permitted[label] = outcome.ok;
      }
      expect(offered).toEqual(permitted);
      if (role === "frontDesk") expect(offered).toEqual({ "colleague in the unit": true, "someone elsewhere": false, self: true });
    });
  }
});
