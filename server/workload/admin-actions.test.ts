import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor } from "@/server/testing/factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { makeWorkloadWorld, makeWorkType, type WorkloadWorld } from "@/server/testing/workload-factories";
import { approveSheet, reopenSheet } from "./locks";
import { setTimeAccounted } from "./time-accounted";
import { timeSheet } from "./time-sheet";
import { listWorkTypes, saveWorkType } from "./work-types";

/**
 * Issue #14 item 3 for the workload's administration: "Lisa liik", the unit choices of a new type
 * and each type's edit (retire) button, and the time sheet's Kinnita / Ava uuesti, are offered
 * exactly where saveWorkType, approveSheet and reopenSheet go through, for each kind of viewer.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
const people: Record<string, Actor> = {};
const MONTH = "2026-06";

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  people.headOfTallinn = w.manager;
  people.director = await makeActor(t.db, { permissions: { "workload:read": "all", "workload:manage": "all" } });
  people.reader = await makeActor(t.db, { permissions: { "workload:read": "all" }, unitIds: [w.units.tallinn] });
  people.team2Manager = await makeActor(t.db, {
    permissions: { "workload:read": "all", "workload:manage": "unit" },
    unitIds: [w.units.team2],
  });
  people.ownManager = await makeActor(t.db, {
    permissions: { "workload:read": "own", "workload:manage": "own" },
    unitIds: [w.units.team1],
  });
  people.managerWithoutUnit = await makeActor(t.db, { permissions: { "workload:read": "unit", "workload:manage": "unit" } });
  people.specialist = w.jaan;
  await makeWorkType(t.db, { name: "Koosolek", unitId: null });
  await makeWorkType(t.db, { name: "Tallinna supervisioon", unitId: w.units.tallinn });
  await makeWorkType(t.db, { name: "Meeskonna arutelu", unitId: w.units.team1 });
  await makeWorkType(t.db, { name: "Tartu koolitus", unitId: w.units.tartu });
});

const ctx = (db: Db, actor: Actor) => ({ db, actor, ip: null });
const goesThrough = async (write: (db: Db) => Promise<unknown>) =>
  (await rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => write(sp as unknown as Db)))).ok;

describe("the work types page", () => {
  for (const role of ["headOfTallinn", "director", "reader", "team2Manager", "ownManager", "managerWithoutUnit", "specialist"]) {
    it(`offers the ${role} adding, each unit and each type's change exactly where saveWorkType goes through`, async () => {
      const actor = people[role]!;
      const list = await listWorkTypes(ctx(t.db, actor));
      const places: Record<string, string | null> = { institution: null, ...w.units };
      const offered: Record<string, boolean> = { add: list.mayAdd };
      const permitted: Record<string, boolean> = {};
      for (const [label, unitId] of Object.entries(places)) {
        offered[`new in ${label}`] = unitId === null ? list.forInstitution : list.unitIds === null || list.unitIds.includes(unitId);
        permitted[`new in ${label}`] = await goesThrough((db) =>
          saveWorkType(ctx(db, actor), { id: null, name: `Uus ${label}`, unitId, active: true }),
        );
      }
      permitted.add = Object.values(permitted).some(Boolean);
      for (const type of list.types) {
        offered[`retire ${type.name}`] = type.canManage;
        permitted[`retire ${type.name}`] = await goesThrough((db) =>
          saveWorkType(ctx(db, actor), { id: type.id, name: type.name, unitId: type.unitId, active: false }),
        );
      }
      expect(offered).toEqual(permitted);
      if (role === "headOfTallinn") {
        expect(offered).toMatchObject({ add: true, "new in institution": false, "new in team1": true, "new in tartu": false });
      }
    });
  }
});

describe("the time sheet's approve and re-open", () => {
  const roles = ["headOfTallinn", "director", "reader", "team2Manager", "ownManager", "specialist"];
  const sheetOf = (actor: Actor) => timeSheet(ctx(t.db, actor), { unitId: w.units.team1, month: MONTH }).catch(() => null);

  it("are offered exactly to whom approveSheet and reopenSheet let do it; the others are told who may", async () => {
    const offered: Record<string, boolean> = {};
    const permitted: Record<string, boolean> = {};
    for (const role of roles) {
      const actor = people[role]!;
      const sheet = await sheetOf(actor);
      offered[role] = sheet?.canApprove ?? false;
      permitted[role] = await goesThrough((db) => approveSheet(ctx(db, actor), { unitId: w.units.team1, month: MONTH }));
      if (sheet && !sheet.canApprove) expect(sheet.whoApproves).toEqual(expect.arrayContaining([expect.any(String)]));
      if (sheet?.canApprove) expect(sheet.whoApproves).toBeNull();
    }
    expect(offered).toEqual(permitted);
    expect(offered).toMatchObject({ headOfTallinn: true, director: true, reader: false, team2Manager: false });

    await approveSheet(ctx(t.db, people.director!), { unitId: w.units.team1, month: MONTH });
    const offeredReopen: Record<string, boolean> = {};
    const permittedReopen: Record<string, boolean> = {};
    for (const role of roles) {
      const actor = people[role]!;
      const sheet = await sheetOf(actor);
      offeredReopen[role] = sheet?.canReopen ?? false;
      expect(sheet?.canApprove ?? false).toBe(false);
      permittedReopen[role] = await goesThrough((db) => reopenSheet(ctx(db, actor), { unitId: w.units.team1, month: MONTH }));
    }
    expect(offeredReopen).toEqual(permittedReopen);
    expect(offeredReopen).toMatchObject({ headOfTallinn: true, director: true, reader: false });
  });

  it("offer leaving a person out of (or back into) time accounting exactly where setTimeAccounted lets it", async () => {
    const offered: Record<string, boolean> = {};
    const permitted: Record<string, boolean> = {};
    for (const role of roles) {
      const sheet = await sheetOf(people[role]!);
      // A sheet the viewer cannot open offers nothing to compare.
      if (!sheet) continue;
      for (const row of sheet.rows) {
        offered[`${role}: ${row.name}`] = sheet.canChangeCounted;
        permitted[`${role}: ${row.name}`] = await goesThrough((db) =>
          setTimeAccounted(ctx(db, people[role]!), { employeeId: row.employeeId, counted: false }),
        );
      }
    }
    expect(offered).toEqual(permitted);
    expect(Object.values(offered)).toContain(true);
    expect(Object.values(offered)).toContain(false);
  });
});
