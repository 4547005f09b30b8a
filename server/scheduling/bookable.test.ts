import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { employees, units } from "@/db/schema";
import { STANDARD_ROLES, ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import type { Scope } from "@/server/policy/permissions";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { bookableSpecialists } from "./bookable";
import { assertMayBook, mayBookFor } from "./guards";

/**
 * The booking dialog offers exactly the specialists the booking rules let the booker book: for
 * every standard role and every generated scope, each employee (active or not, in the booker's
 * units or elsewhere) is offered precisely when booking them is allowed (booking_access_refusal
 * through covers_specialists), and the whole offered set books while anyone left out is refused.
 */

const t = await useTestDatabase();
const ctx = (actor: Actor) => ({ db: t.db, actor, ip: "127.0.0.1" });

type Booker = { name: string; actor: Actor; clientId: string };
const bookers: Booker[] = [];
let everyone: { id: string; active: boolean }[] = [];

// Built before the tests are collected: each booker is a test of its own.
await (async () => {
  // Region A over teams A1 and A2; region B over team B1.
  const regionA = await makeUnit(t.db, { name: "Region A" });
  const teamA1 = await makeUnit(t.db, { name: "Team A1", parentId: regionA });
  const teamA2 = await makeUnit(t.db, { name: "Team A2", parentId: regionA });
  const regionB = await makeUnit(t.db, { name: "Region B" });
  const teamB1 = await makeUnit(t.db, { name: "Team B1", parentId: regionB });
  const headed = await makeUnit(t.db, { name: "Headed", parentId: regionB });
  const placements: { units: string[]; active?: boolean }[] = [
    { units: [teamA1] },
    { units: [teamA1] },
    { units: [teamA1], active: false },
    { units: [teamA2] },
    { units: [regionA] },
    { units: [teamB1] },
    { units: [teamB1], active: false },
    { units: [teamA2, teamB1] },
    { units: [headed] },
    { units: [] },
    { units: [], active: false },
  ];
  for (const p of placements) await makeEmployee(t.db, { unitIds: p.units, active: p.active });

  const roleIds = await ensureStandardRoles(t.db);
  for (const role of STANDARD_ROLES) {
    const id = await makeEmployee(t.db, { unitIds: [teamA1], roleIds: [roleIds.get(role.key)!], firstName: role.key });
    bookers.push({ name: `standard role ${role.key}`, actor: (await loadActor(t.db, id))!, clientId: "" });
  }
  // A manager of region A reaches the teams below it.
  const manager = await makeEmployee(t.db, { unitIds: [regionA], roleIds: [roleIds.get("manager")!], firstName: "regional" });
  bookers.push({ name: "standard role manager of region A", actor: (await loadActor(t.db, manager))!, clientId: "" });
  for (const scope of ["own", "unit", "all"] satisfies Scope[]) {
    const actor = await makeActor(t.db, { permissions: { "sessions:book": scope, "clients:read": "all" }, unitIds: [teamA2] });
    bookers.push({ name: `generated booking scope ${scope}`, actor, clientId: "" });
  }
  // The head of a unit it is no member of: its subtree is the head's too.
  const head = await makeActor(t.db, { permissions: { "sessions:book": "unit", "clients:read": "all" } });
  await t.db.update(units).set({ headEmployeeId: head.employeeId }).where(eq(units.id, headed));
  bookers.push({ name: "generated booking scope unit, head of a unit", actor: (await loadActor(t.db, head.employeeId))!, clientId: "" });
  // A client each booker reads (their own: they manage the case, in their unit).
  for (const b of bookers) b.clientId = await makeClient(t.db, { unitIds: [teamA1], caseManagerId: b.actor.employeeId });
  everyone = await t.db.select({ id: employees.id, active: employees.active }).from(employees);
})();

describe("the specialists the booking dialog offers", () => {
  it("cover every standard role, with and without booking", () => {
    const scopes = new Set(bookers.map((b) => b.actor.permissions.get("sessions:book") ?? null));
    expect(scopes).toEqual(new Set(["own", "unit", "all", null]));
  });

  it.each(bookers.map((b) => [b.name, b] as const))(
    "%s: each employee is offered exactly when booking them alone is allowed",
    async (_, b) => {
      const offer = await bookableSpecialists(ctx(b.actor));
      expect(offer.selfId).toBe(b.actor.employeeId);
      expect(offer.scope).toBe(b.actor.permissions.get("sessions:book") ?? null);
      for (const e of everyone) {
        const offered = offer.specialistIds === null ? e.active : offer.specialistIds.includes(e.id);
        expect(await mayBookFor(ctx(b.actor), { specialistIds: [e.id] }), `employee ${everyone.indexOf(e)}`).toBe(offered);
      }
    },
  );

  it.each(bookers.map((b) => [b.name, b] as const))("%s: the offered set books, anyone left out is refused", async (_, b) => {
    const offer = await bookableSpecialists(ctx(b.actor));
    const set = offer.specialistIds ?? everyone.filter((e) => e.active).map((e) => e.id);
    const book = (specialistIds: string[]) => assertMayBook(ctx(b.actor), { specialistIds, clientIds: [b.clientId] });
    if (!offer.scope) {
      expect(set).toEqual([]);
      expect((await appErrorOf(book([b.actor.employeeId]))).messageKey).toBe("errors.forbidden");
      return;
    }
    await expect(book(set)).resolves.toBeUndefined();
    for (const e of everyone.filter((e) => !set.includes(e.id))) {
      const expected = e.active ? "errors.forbidden" : "errors.specialistInactive";
      expect((await appErrorOf(book([e.id]))).messageKey).toBe(expected);
      // Scope own takes a colleague alongside oneself (the next test); the others refuse them in any company.
      if (offer.scope !== "own") expect((await appErrorOf(book([...set, e.id]))).messageKey).toBe(expected);
    }
  });

  it.each(bookers.filter((b) => b.actor.permissions.get("sessions:book") === "own").map((b) => [b.name, b] as const))(
    "%s: any active colleague books alongside oneself, none without",
    async (_, b) => {
      const self = b.actor.employeeId;
      for (const e of everyone.filter((e) => e.id !== self)) {
        expect(await mayBookFor(ctx(b.actor), { specialistIds: [self, e.id] })).toBe(e.active);
        expect(await mayBookFor(ctx(b.actor), { specialistIds: [e.id] })).toBe(false);
      }
    },
  );
});
