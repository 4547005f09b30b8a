import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employees } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee } from "@/server/testing/factories";
import { makeWorkloadWorld, type WorkloadWorld } from "@/server/testing/workload-factories";
import { canOnWorkload, loadPerson, mayLogTimeFor, sheetUnits, workloadEmployees } from "./access";

/**
 * Whose workload a person reaches: the policy function and its SQL twin (used by the lists and
 * the time sheet) agree for every scope, and logging general work follows the same lines.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
let people: string[];
let actors: Record<string, Actor>;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  const unitless = await makeEmployee(t.db);
  people = [w.manager.employeeId, w.jaan.employeeId, w.liis.employeeId, w.maarja.employeeId, unitless];
  actors = {
    manager: w.manager,
    specialist: w.jaan,
    teamReader: await makeActor(t.db, { permissions: { "workload:read": "unit" }, unitIds: [w.units.team2] }),
    director: await makeActor(t.db, { permissions: { "workload:read": "all", "workload:manage": "all" } }),
    nobody: await makeActor(t.db, { permissions: { "clients:read": "all" }, unitIds: [w.units.tallinn] }),
  };
});

const viaSql = async (actor: Actor, action: "read" | "manage") => {
  const rows = await t.db
    .select({ id: employees.id })
    .from(employees)
    .where(sql`${employees.id} = ANY(${`{${people.join(",")}}`}::uuid[]) AND ${workloadEmployees(actor, action)}`);
  return rows.map((r) => r.id).sort();
};

describe("canOnWorkload and its SQL twin", () => {
  it.each(["manager", "specialist", "teamReader", "director", "nobody"])("agree for %s, reading and managing", async (name) => {
    const actor = actors[name]!;
    for (const action of ["read", "manage"] as const) {
      const expected = [];
      for (const id of people) if (canOnWorkload(actor, action, (await loadPerson(t.db, id))!)) expected.push(id);
      expect([name, action, await viaSql(actor, action)]).toEqual([name, action, expected.sort()]);
    }
  });

  it("reaches what a person would expect", async () => {
    expect(await viaSql(actors.manager!, "read")).toEqual([w.manager.employeeId, w.jaan.employeeId, w.liis.employeeId].sort());
    expect(await viaSql(actors.specialist!, "read")).toEqual([w.jaan.employeeId]);
    expect(await viaSql(actors.specialist!, "manage")).toEqual([]);
    expect(await viaSql(actors.teamReader!, "read")).toEqual([w.liis.employeeId]);
    expect(await viaSql(actors.director!, "read")).toEqual([...people].sort());
    expect(await viaSql(actors.nobody!, "read")).toEqual([]);
  });
});

describe("logging general work and taking sheets", () => {
  it("one's own with any workload permission; someone else's only with manage reaching them", async () => {
    const jaan = (await loadPerson(t.db, w.jaan.employeeId))!;
    const maarja = (await loadPerson(t.db, w.maarja.employeeId))!;
    expect(mayLogTimeFor(w.jaan, jaan)).toBe(true);
    expect(mayLogTimeFor(w.liis, jaan)).toBe(false);
    expect(mayLogTimeFor(w.manager, jaan)).toBe(true);
    expect(mayLogTimeFor(w.manager, maarja)).toBe(false);
    expect(mayLogTimeFor(actors.teamReader!, jaan)).toBe(false);
    expect(mayLogTimeFor(actors.nobody!, (await loadPerson(t.db, actors.nobody!.employeeId))!)).toBe(false);
  });

  it("sheets of the units in the subtree for unit scope, of every unit for all, none for own", async () => {
    expect((await sheetUnits({ db: t.db, actor: w.manager, ip: null })).map((u) => u.id).sort()).toEqual(
      [w.units.tallinn, w.units.team1, w.units.team2].sort(),
    );
    expect((await sheetUnits({ db: t.db, actor: actors.director!, ip: null })).map((u) => u.id)).toEqual(
      expect.arrayContaining(Object.values(w.units)),
    );
    expect(await sheetUnits({ db: t.db, actor: w.jaan, ip: null })).toEqual([]);
  });
});
