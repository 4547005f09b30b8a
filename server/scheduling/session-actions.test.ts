import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { employees, employeeUnits, sessions, type SessionStatus } from "@/db/schema";
import type { Db, Tx } from "@/server/db/client";
import { ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import { listSessions } from "@/server/scheduling/calendar";
import { completeSession, setAttendance } from "@/server/scheduling/complete";
import { SESSION_ACTIONS, type SessionAction } from "@/server/scheduling/session-actions";
import { moveSession, setSessionStatus } from "@/server/scheduling/sessions";
import { useTestDatabase } from "@/server/testing/database";
import { makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";

/**
 * Issue #14 item 3: the calendar sends each session with the actions its viewer may take. The
 * parity test runs every session mutation for every standard role on the same sessions (each in
 * a rolled-back transaction) and expects exactly the offered actions to go through.
 */

const t = await useTestDatabase();

let world: SchedulingWorld;
let clientId: string;
let decisionId: string;
const people: Record<string, Actor> = {};
const sessionIds: { id: string; label: string }[] = [];
const starts = new Map<string, Date>();
const range = { from: tallinnWinter("2026-12-07", "00:00"), to: tallinnWinter("2026-12-19", "00:00"), includeCancelled: true };

beforeAll(async () => {
  world = await makeSchedulingWorld(t.db);
  const roles = await ensureStandardRoles(t.db);
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  const person = async (role: string, unit: string, active = true) =>
    makeEmployee(t.db, { unitIds: [unit], roleIds: [roles.get(role)!], active });
  const ids = {
    specialist: await person("specialist", unitA),
    otherSpecialist: await person("specialist", unitA),
    caseManager: await person("case_manager", unitA),
    frontDesk: await person("front_desk", unitA),
    frontDeskElsewhere: await person("front_desk", unitB),
    manager: await person("manager", unitA),
    accountant: await person("accountant", unitA),
  };
  const leaver = await person("specialist", unitA);
  for (const [name, id] of Object.entries(ids)) people[name] = (await loadActor(t.db, id))!;
  clientId = await makeClient(t.db, { unitIds: [unitA], caseManagerId: ids.caseManager, teamIds: [ids.specialist, leaver] });
  decisionId = await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2027-12-31" });
  const statuses: SessionStatus[] = ["planned", "agreed", "cancelled", "no_show", "done"];
  for (const [i, status] of statuses.entries()) {
    const day = `2026-12-${String(7 + i).padStart(2, "0")}`;
    const id = await makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      status,
      specialistIds: [ids.specialist],
      participants: [{ clientId, decisionId }],
    });
    sessionIds.push({ id, label: status });
  }
  // The sessions of someone who has left can still be cancelled, not moved.
  const id = await makeSession(t.db, {
    serviceId: world.individualServiceId,
    startsAt: tallinnWinter("2026-12-14", "10:00"),
    endsAt: tallinnWinter("2026-12-14", "11:00"),
    specialistIds: [leaver],
    participants: [{ clientId, decisionId }],
  });
  sessionIds.push({ id, label: "planned, specialist left" });
  // A group of the specialist's with a client of another unit whom not everyone may read: the
  // booking actions need every client readable, recording only the team.
  const stranger = await makeClient(t.db, { unitIds: [unitB] });
  const strangerDecision = await makeDecision(t.db, {
    clientId: stranger,
    fundingSourceId: world.sourceId,
    startDate: "2026-01-01",
    endDate: "2027-12-31",
  });
  const group = await makeSession(t.db, {
    serviceId: world.groupServiceId,
    startsAt: tallinnWinter("2026-12-15", "10:00"),
    endsAt: tallinnWinter("2026-12-15", "11:00"),
    specialistIds: [ids.specialist],
    participants: [
      { clientId, decisionId },
      { clientId: stranger, decisionId: strangerDecision },
    ],
  });
  sessionIds.push({ id: group, label: "group with a client of another unit" });
  await t.db.update(employees).set({ active: false }).where(eq(employees.id, leaver));
  for (const s of await t.db.select().from(sessions)) starts.set(s.id, s.startsAt);
});

function run(tx: Tx, actor: Actor, sessionId: string, action: SessionAction): Promise<unknown> {
  const ctx = { db: tx as unknown as Db, actor, ip: null };
  switch (action) {
    case "agree":
      return setSessionStatus(ctx, { id: sessionId, status: "agreed" });
    case "no_show":
      return setSessionStatus(ctx, { id: sessionId, status: "no_show" });
    case "cancel":
      return setSessionStatus(ctx, { id: sessionId, status: "cancelled" });
    case "reinstate":
      return setSessionStatus(ctx, { id: sessionId, status: "planned" });
    case "move":
      return moveSession(ctx, { id: sessionId, ...laterBy(sessionId), roomId: null });
    case "attendance":
      return setAttendance(ctx, { sessionId, clientId, attendance: "present" });
    case "complete":
      return completeSession(ctx, { sessionId });
  }
}

const laterBy = (sessionId: string) => {
  const start = new Date(starts.get(sessionId)!.getTime() + 2 * 3_600_000);
  return { startsAt: start, endsAt: new Date(start.getTime() + 3_600_000) };
};

describe("the actions offered with a session are exactly those its mutations permit", () => {
  for (const role of ["specialist", "otherSpecialist", "caseManager", "frontDesk", "frontDeskElsewhere", "manager", "accountant"]) {
    it(`for the ${role}`, async () => {
      const actor = people[role]!;
      const listed = actor.permissions.has("sessions:read") ? await listSessions({ db: t.db, actor, ip: null }, range) : [];
      const offered = (id: string) => {
        const s = listed.find((x) => x.id === id);
        return !s || s.busy ? [] : s.actions;
      };
      const permitted = async (id: string) => {
        const ok: SessionAction[] = [];
        for (const action of SESSION_ACTIONS) {
          const outcome = await rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => run(sp, actor, id, action)));
          if (outcome.ok) ok.push(action);
        }
        return ok;
      };
      const table = async (fn: (id: string) => SessionAction[] | Promise<SessionAction[]>) => {
        const rows: Record<string, SessionAction[]> = {};
        for (const s of sessionIds) rows[s.label] = await fn(s.id);
        return rows;
      };
      expect(await table(offered)).toEqual(await table(permitted));
    });
  }

  it("the case manager is offered nothing on a colleague's session; its specialist everything open", async () => {
    const list = await listSessions({ db: t.db, actor: people.caseManager!, ip: null }, range);
    const planned = list.find((s) => s.id === sessionIds[0]!.id)!;
    expect(planned).toMatchObject({ busy: false, actions: [] });
    const own = await listSessions({ db: t.db, actor: people.specialist!, ip: null }, range);
    expect(own.find((s) => s.id === sessionIds[0]!.id)).toMatchObject({
      actions: ["agree", "move", "no_show", "cancel", "attendance", "complete"],
    });
  });
});

describe("what the calendars keep of a team's access follows every change to the staff", () => {
  const planned = () => sessionIds[0]!.id;
  const offeredTo = async (actor: Actor) => {
    const list = await listSessions({ db: t.db, actor, ip: null }, range);
    const s = list.find((x) => x.id === planned())!;
    return s.busy ? [] : s.actions;
  };
  const specialistId = () => people.specialist!.employeeId;

  it("a second view in the same staff generation asks nothing of booking_access_refusal", async () => {
    const dialect = new PgDialect();
    const spy = vi.spyOn(t.db, "execute");
    try {
      const manager = people.manager!;
      const first = await offeredTo(manager);
      const asked = () => spy.mock.calls.filter(([q]) => dialect.sqlToQuery(q as SQL).sql.includes("booking_access_refusal(")).length;
      const afterFirst = asked();
      expect(await offeredTo(manager)).toEqual(first);
      expect(asked()).toBe(afterFirst);
    } finally {
      spy.mockRestore();
    }
  });

  it("a specialist's leaving takes moving their sessions away at the next view, and coming back returns it", async () => {
    const manager = people.manager!;
    expect(await offeredTo(manager)).toContain("move");
    await t.db.update(employees).set({ active: false }).where(eq(employees.id, specialistId()));
    try {
      const after = await offeredTo(manager);
      expect(after).not.toContain("move");
      // Cancelling the sessions of someone who has left stays possible.
      expect(after).toContain("cancel");
    } finally {
      await t.db.update(employees).set({ active: true }).where(eq(employees.id, specialistId()));
    }
    expect(await offeredTo(manager)).toContain("move");
  });

  it("a specialist moved out of the manager's units takes the booking actions away at the next view", async () => {
    const manager = people.manager!;
    expect(await offeredTo(manager)).toContain("move");
    const [membership] = await t.db.select().from(employeeUnits).where(eq(employeeUnits.employeeId, specialistId()));
    const elsewhere = await makeUnit(t.db);
    await t.db.update(employeeUnits).set({ unitId: elsewhere }).where(eq(employeeUnits.employeeId, specialistId()));
    try {
      const after = await offeredTo(manager);
      expect(after).not.toContain("move");
      expect(after).not.toContain("attendance");
    } finally {
      await t.db.update(employeeUnits).set({ unitId: membership!.unitId }).where(eq(employeeUnits.employeeId, specialistId()));
    }
    expect(await offeredTo(manager)).toContain("move");
  });
});
