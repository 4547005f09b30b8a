import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { resetPassword } from "./credentials";
import { listEmployees } from "./employees";

/**
 * Issue #14 item 3 for the employees list: "Lähtesta parool" and ending sessions are offered on
 * exactly the rows where resetPassword goes through: never one's own, and with a unit-scoped
 * credentials permission only for the people of one's units.
 */

const t = await useTestDatabase();

const people: Record<string, Actor> = {};
const targets: Record<string, string> = {};

beforeAll(async () => {
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  const read = { "employees:read": "all" } as const;
  people.administrator = await makeActor(t.db, { permissions: { ...read, "employees:credentials": "all" }, unitIds: [unitA] });
  people.unitAdministrator = await makeActor(t.db, { permissions: { ...read, "employees:credentials": "unit" }, unitIds: [unitA] });
  people.reader = await makeActor(t.db, { permissions: read, unitIds: [unitA] });
  targets["in unit A"] = await makeEmployee(t.db, { unitIds: [unitA] });
  targets["in unit B"] = await makeEmployee(t.db, { unitIds: [unitB] });
});

describe("the credentials actions on the employees list", () => {
  for (const role of ["administrator", "unitAdministrator", "reader"]) {
    it(`are offered to the ${role} exactly where resetPassword permits`, async () => {
      const actor = people[role]!;
      const listed = await listEmployees({ db: t.db, actor, ip: null });
      const rows = { ...targets, self: actor.employeeId };
      const offered: Record<string, boolean> = {};
      const permitted: Record<string, boolean> = {};
      for (const [label, id] of Object.entries(rows)) {
        offered[label] = listed.find((p) => p.id === id)!.mayCredentials;
        const outcome = await rolledBack(t.db, (tx) =>
          outcomeInSavepoint(tx, (sp) => resetPassword({ db: sp as unknown as Db, actor, ip: null }, { employeeId: id })),
        );
        permitted[label] = outcome.ok;
      }
      expect(offered).toEqual(permitted);
      if (role === "unitAdministrator") expect(offered).toEqual({ "in unit A": true, "in unit B": false, self: false });
    });
  }
});
