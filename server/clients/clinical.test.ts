import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rolePermissions, serviceEntries, sessions } from "@/db/schema";
import { ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import { completeSession } from "@/server/scheduling/complete";
import { callProcedure, outcomeOf } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeRole, makeUnit } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";

/**
 * Administrative vs clinical client data (issue #11, item 15), with the standard roles as they
 * are seeded: the front desk reads names, contacts and the calendar, never the notes, network,
 * decisions, case plan or dataset, and cannot mark a session done (that writes the dataset).
 */

const t = await useTestDatabase();

let unit: string;
let world: SchedulingWorld;
let frontDesk: Actor;
let caseManager: Actor;
let specialist: Actor;
let clientId: string;
let decisionId: string;

const NOTES = "Ärevushäire; kodus vägivalla oht";

async function withRole(roleId: string): Promise<Actor> {
  return (await loadActor(t.db, await makeEmployee(t.db, { unitIds: [unit], roleIds: [roleId] })))!;
}

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  const roles = await ensureStandardRoles(t.db);
  frontDesk = await withRole(roles.get("front_desk")!);
  caseManager = await withRole(roles.get("case_manager")!);
  specialist = await withRole(roles.get("specialist")!);
  clientId = await makeClient(t.db, {
    name: "Toomingas",
    unitIds: [unit],
    caseManagerId: caseManager.employeeId,
    teamIds: [specialist.employeeId],
  });
  decisionId = await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
  // A decision running today, so that the client list has a current funder to show or to hide.
  const today = new Date().toISOString().slice(0, 10);
  await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: today, endDate: today });
  const base = {
    personalCode: null,
    birthDate: "1980-05-05",
    firstName: "Tiit",
    lastName: "Toomingas",
    email: null,
    phone: "5550 1234",
    address: "Tallinn",
    preferredLanguage: "et",
    notes: NOTES,
    unitIds: [unit],
    caseManagerId: caseManager.employeeId,
  };
  await callProcedure(t.db, caseManager, "clients.update", { clientId, ...base });
  await callProcedure(t.db, caseManager, "clients.saveContact", {
    clientId,
    id: null,
    kind: "relative",
    name: "Malle Toomingas",
    organisation: "",
    phone: null,
    email: null,
    consents: [],
    note: "ema",
  });
  await callProcedure(t.db, caseManager, "funding.casePlan.save", {
    decisionId,
    goals: "Iseseisev toimetulek",
    items: [{ serviceId: world.individualServiceId, plannedUnits: 10 }],
  });
  await callProcedure(t.db, specialist, "funding.entries.create", {
    clientId,
    decisionId,
    serviceId: world.individualServiceId,
    serviceDate: "2024-02-05",
    units: 1,
    specialistId: specialist.employeeId,
    description: "Paanikahood",
  });
});

describe("the front desk reads the administrative record only", () => {
  it("finds the client in the list, without the funding, and sees name, code, contacts, units and case manager", async () => {
    const list = (await callProcedure(t.db, frontDesk, "clients.list", {})) as { id: string; currentFunding: unknown[] }[];
    expect(list.find((c) => c.id === clientId)).toMatchObject({ currentFunding: [] });
    const record = (await callProcedure(t.db, frontDesk, "clients.get", { clientId })) as {
      client: { firstName: string; phone: string; notes: string };
      units: { id: string }[];
      caseManager: { id: string };
      network: unknown[];
      can: { readClinical: boolean; addEntries: boolean };
    };
    expect(record.client).toMatchObject({ firstName: "Tiit", phone: "5550 1234" });
    expect(record.units.map((u) => u.id)).toEqual([unit]);
    expect(record.caseManager.id).toBe(caseManager.employeeId);
    // The clinical part is absent, not merely hidden by the page.
    expect(record.client.notes).toBe("");
    expect(record.network).toEqual([]);
    expect(record.can).toMatchObject({ readClinical: false, addEntries: false });
    expect(JSON.stringify(record)).not.toContain("Ärevushäire");
  });

  it.each([
    ["funding.decisions.list", () => ({ clientId })],
    ["funding.casePlan.get", () => ({ decisionId })],
    ["funding.entries.list", () => ({ clientId })],
  ])("is refused %s", async (path, input) => {
    expect(await outcomeOf(t.db, frontDesk, path, input())).toBe("FORBIDDEN");
  });

  it("cannot find clients by their funder, which the case manager can", async () => {
    const byFunder = { fundingSourceId: world.sourceId };
    expect(await callProcedure(t.db, frontDesk, "clients.list", byFunder)).toEqual([]);
    expect(await callProcedure(t.db, caseManager, "clients.list", byFunder)).toMatchObject([
      { id: clientId, currentFunding: [{ kind: "SRT" }] },
    ]);
  });
});

describe("the clinicians keep the clinical record", () => {
  it.each(["caseManager", "specialist"])("the %s reads notes, network, decisions, case plan and dataset", async (who) => {
    const actor = who === "caseManager" ? caseManager : specialist;
    const record = (await callProcedure(t.db, actor, "clients.get", { clientId })) as {
      client: { notes: string };
      network: { name: string }[];
      can: { readClinical: boolean };
    };
    expect(record.client.notes).toBe(NOTES);
    expect(record.network.map((c) => c.name)).toEqual(["Malle Toomingas"]);
    expect(record.can.readClinical).toBe(true);
    expect(await callProcedure(t.db, actor, "funding.decisions.list", { clientId })).toHaveLength(2);
    expect(await callProcedure(t.db, actor, "funding.casePlan.get", { decisionId })).toMatchObject({
      goals: "Iseseisev toimetulek",
      exists: true,
    });
    expect(await callProcedure(t.db, actor, "funding.entries.list", { clientId })).toMatchObject([{ description: "Paanikahood" }]);
  });

  it("clients:read_clinical adds to clients:read, it does not widen it: a client out of reach stays not found", async () => {
    const wide = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "all" }, unitIds: [unit] });
    expect(await outcomeOf(t.db, wide, "funding.decisions.list", { clientId })).toBe("NOT_FOUND");
  });

  it("someone who changes clients without reading the clinical part does not blank the notes by saving", async () => {
    const clerk = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:update": "unit" }, unitIds: [unit] });
    const { client } = (await callProcedure(t.db, clerk, "clients.get", { clientId })) as { client: { notes: string } };
    await callProcedure(t.db, clerk, "clients.update", {
      clientId,
      personalCode: null,
      birthDate: "1980-05-05",
      firstName: "Tiit",
      lastName: "Toomingas",
      email: null,
      phone: "5550 9999",
      address: "Tallinn",
      preferredLanguage: "et",
      notes: client.notes,
      unitIds: [unit],
      caseManagerId: caseManager.employeeId,
    });
    const after = (await callProcedure(t.db, caseManager, "clients.get", { clientId })) as { client: { notes: string; phone: string } };
    expect(after.client).toMatchObject({ phone: "5550 9999", notes: NOTES });
  });
});

describe("marking a session done needs the right to make its entries", () => {
  const session = (day: string) =>
    makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:00"),
      specialistIds: [specialist.employeeId],
      participants: [{ clientId, decisionId }],
    });
  const entriesOf = (sessionId: string) => t.db.select().from(serviceEntries).where(eq(serviceEntries.sessionId, sessionId));
  const statusOf = async (sessionId: string) => (await t.db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]!.status;

  it("the front desk (a booker of the unit) is refused, naming the client; nothing is entered or marked", async () => {
    const s = await session("2024-02-12");
    expect(await outcomeOf(t.db, frontDesk, "scheduling.sessions.complete", { sessionId: s })).toBe("FORBIDDEN");
    expect(await appErrorOf(completeSession({ db: t.db, actor: frontDesk, ip: null }, { sessionId: s }))).toMatchObject({
      code: "FORBIDDEN",
      messageKey: "errors.completeNeedsEntryRight",
      params: { client: "Tiit Toomingas" },
    });
    expect(await entriesOf(s)).toEqual([]);
    expect(await statusOf(s)).toBe("planned");
  });

  it("the calendar offers marking done to the specialist, not to the front desk", async () => {
    const s = await session("2024-02-26");
    const range = { from: tallinnWinter("2024-02-26", "00:00"), to: tallinnWinter("2024-02-27", "00:00") };
    const seenBy = async (actor: Actor) =>
      ((await callProcedure(t.db, actor, "scheduling.sessions.list", range)) as { id: string; actions?: string[] }[]).find(
        (x) => x.id === s,
      );
    expect(await seenBy(frontDesk)).toMatchObject({ busy: false, actions: expect.not.arrayContaining(["complete"]) });
    expect(await seenBy(specialist)).toMatchObject({ busy: false, actions: expect.arrayContaining(["complete"]) });
  });

  it("the session's specialist marks it done and the entry is made", async () => {
    const s = await session("2024-02-19");
    expect(await callProcedure(t.db, specialist, "scheduling.sessions.complete", { sessionId: s })).toMatchObject({ entries: 1 });
    expect(await entriesOf(s)).toHaveLength(1);
    expect(await statusOf(s)).toBe("done");
  });
});

describe("migration 0019 grants clients:read_clinical to the roles with clinical work", () => {
  it("own readers and client changers get it with their read scope; unit or institution readers who change nothing do not", async () => {
    const desk = await makeRole(t.db, { "clients:read": "unit", "clients:create": "unit", "sessions:book": "unit" });
    const allReader = await makeRole(t.db, { "clients:read": "all" });
    const team = await makeRole(t.db, { "clients:read": "own", "sessions:book": "own" });
    const manager = await makeRole(t.db, { "clients:read": "unit", "clients:update": "own" });
    const noReader = await makeRole(t.db, { "clients:update": "all" });
    await t.sql.unsafe(readFileSync("db/migrations/0019_clinical_read.sql", "utf8"));
    const clinicalScope = async (roleId: string) =>
      (
        await t.db
          .select({ scope: rolePermissions.scope })
          .from(rolePermissions)
          .where(
            and(eq(rolePermissions.roleId, roleId), eq(rolePermissions.resource, "clients"), eq(rolePermissions.action, "read_clinical")),
          )
      )[0]?.scope;
    expect(await clinicalScope(desk)).toBeUndefined();
    expect(await clinicalScope(allReader)).toBeUndefined();
    expect(await clinicalScope(team)).toBe("own");
    expect(await clinicalScope(manager)).toBe("unit");
    expect(await clinicalScope(noReader)).toBeUndefined();
  });
});
