import { asc, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, clientTeamMembers, employeeRoles } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { clientFacts, hoursFromNow, makeActor, makeClient, makeRole, makeUnit } from "@/server/testing/factories";
import { loadActor, type Actor } from "./actor";
import { clientReachParams, clientVisibility, clinicalVisibility, servicesEnterable } from "./client-scope";
import { canEnterServices, canOnClient, canReadClinical } from "./policy";

const t = await useTestDatabase();

type Names = Record<string, string>; // id -> readable name
const actors: Record<string, Actor> = {};
const clientIds: Record<string, string> = {};
let clientNames: Names = {};

beforeAll(async () => {
  const db = t.db;
  const north = await makeUnit(db, { name: "North" });
  const tallinn = await makeUnit(db, { name: "Tallinn", parentId: north });
  const team1 = await makeUnit(db, { name: "Team 1", parentId: tallinn });
  const team2 = await makeUnit(db, { name: "Team 2", parentId: tallinn });
  const south = await makeUnit(db, { name: "South" });
  const tartu = await makeUnit(db, { name: "Tartu", parentId: south });

  const own = { "clients:read": "own" } as const;
  actors.admin = await makeActor(db, { permissions: { "clients:read": "all" } });
  actors.tallinnDesk = await makeActor(db, { permissions: { "clients:read": "unit" }, unitIds: [tallinn] });
  actors.northHead = await makeActor(db, { permissions: own, headOf: [north] });
  actors.team1Head = await makeActor(db, { permissions: own, headOf: [team1] });
  actors.caseManager = await makeActor(db, { permissions: own, unitIds: [team1] });
  actors.teamMember = await makeActor(db, { permissions: own, unitIds: [team2] });
  actors.granteeActive = await makeActor(db, { permissions: own });
  actors.granteeExpired = await makeActor(db, { permissions: own });
  actors.granteeFuture = await makeActor(db, { permissions: own });
  actors.granteeRevoked = await makeActor(db, { permissions: own });
  actors.noPermission = await makeActor(db, { permissions: { "clients:update": "all" }, unitIds: [tartu], headOf: [south] });
  actors.stranger = await makeActor(db, { permissions: own, unitIds: [tartu] });
  actors.unitScopeNoUnit = await makeActor(db, { permissions: { "clients:read": "unit" } });
  // Two roles, `own` and `unit`: the wider one wins.
  const both = await makeActor(db, { permissions: own, unitIds: [tartu] });
  await db.insert(employeeRoles).values({ employeeId: both.employeeId, roleId: await makeRole(db, { "clients:read": "unit" }) });
  actors.twoRoles = (await loadActor(db, both.employeeId))!;

  const id = (name: keyof typeof actors) => actors[name]!.employeeId;
  const grant = (who: string, from: number, until: number, revoked?: number) => ({
    employeeId: id(who),
    validFrom: hoursFromNow(from),
    validUntil: hoursFromNow(until),
    revokedAt: revoked === undefined ? null : hoursFromNow(revoked),
  });
  clientIds.team1 = await makeClient(db, {
    name: "team1",
    unitIds: [team1],
    caseManagerId: id("caseManager"),
    teamIds: [id("teamMember")],
    grants: [
      grant("granteeActive", -24, 24),
      grant("granteeExpired", -48, -24),
      grant("granteeFuture", 24, 48),
      grant("granteeRevoked", -24, 24, -1),
    ],
  });
  clientIds.team2 = await makeClient(db, { name: "team2", unitIds: [team2] });
  clientIds.tallinn = await makeClient(db, { name: "tallinn", unitIds: [tallinn] });
  clientIds.north = await makeClient(db, { name: "north", unitIds: [north] });
  clientIds.tartu = await makeClient(db, {
    name: "tartu",
    unitIds: [tartu],
    caseManagerId: id("noPermission"),
    grants: [grant("granteeActive", -48, -24)],
  });
  clientIds.noUnit = await makeClient(db, { name: "noUnit", teamIds: [id("teamMember"), id("noPermission")] });
  clientIds.tartuAndTeam2 = await makeClient(db, { name: "tartuAndTeam2", unitIds: [tartu, team2] });
  clientNames = Object.fromEntries(Object.entries(clientIds).map(([name, cid]) => [cid, name]));
});

async function visibleInSql(actor: Actor, action = "read"): Promise<string[]> {
  const rows = await t.db.select({ id: clients.id }).from(clients).where(clientVisibility(actor, action)).orderBy(asc(clients.id));
  return rows.map((r) => clientNames[r.id]!).sort();
}

/** client_visible (migration 0015), the rule the booking functions use, asked client by client. */
async function visibleInFunction(actor: Actor, action = "read"): Promise<string[]> {
  const rows = await t.db
    .select({ id: clients.id })
    .from(clients)
    .where(sql`client_visible(${clients.id}, ${clientReachParams(actor, action)})`)
    .orderBy(asc(clients.id));
  return rows.map((r) => clientNames[r.id]!).sort();
}

async function visibleInPolicy(actor: Actor, action = "read"): Promise<string[]> {
  const result: string[] = [];
  for (const [name, cid] of Object.entries(clientIds)) {
    if (canOnClient(actor, action, await clientFacts(t.db, cid))) result.push(name);
  }
  return result.sort();
}

describe("clientVisibility and client_visible are the SQL twins of canOnClient", () => {
  // What a person would expect to see in the client list; both implementations must agree with it.
  const expected: Record<string, string[]> = {
    admin: ["north", "noUnit", "tallinn", "tartu", "tartuAndTeam2", "team1", "team2"],
    tallinnDesk: ["tallinn", "tartuAndTeam2", "team1", "team2"],
    northHead: ["north", "tallinn", "tartuAndTeam2", "team1", "team2"],
    team1Head: ["team1"],
    caseManager: ["team1"],
    teamMember: ["noUnit", "team1"],
    granteeActive: ["team1"],
    granteeExpired: [],
    granteeFuture: [],
    granteeRevoked: [],
    noPermission: [],
    stranger: [],
    unitScopeNoUnit: [],
    twoRoles: ["tartu", "tartuAndTeam2"],
  };

  it.each(Object.keys(expected))("%s sees the same clients in SQL as in the policy", async (name) => {
    const actor = actors[name]!;
    const inPolicy = await visibleInPolicy(actor);
    expect(inPolicy).toEqual([...expected[name]!].sort());
    expect(await visibleInSql(actor)).toEqual(inPolicy);
    expect(await visibleInFunction(actor)).toEqual(inPolicy);
  });

  it("covers every actor built", () => expect(Object.keys(actors).sort()).toEqual(Object.keys(expected).sort()));

  it("uses the action asked for: readers see nobody when asked about update", async () => {
    for (const name of ["admin", "tallinnDesk", "caseManager"]) {
      expect(await visibleInSql(actors[name]!, "update")).toEqual([]);
      expect(await visibleInFunction(actors[name]!, "update")).toEqual([]);
      expect(await visibleInPolicy(actors[name]!, "update")).toEqual([]);
    }
    // noPermission holds clients:update in scope all.
    expect(await visibleInSql(actors.noPermission!, "update")).toEqual(await visibleInPolicy(actors.noPermission!, "update"));
    expect(await visibleInSql(actors.noPermission!, "update")).toHaveLength(Object.keys(clientIds).length);
    expect(await visibleInFunction(actors.noPermission!, "update")).toHaveLength(Object.keys(clientIds).length);
  });
});

describe("clinicalVisibility is the SQL twin of canReadClinical", () => {
  const clinical: Record<string, Actor> = {};
  // Who reads the clinical record: clients:read must reach the client, and clients:read_clinical too.
  const expected: Record<string, string[]> = {
    tallinnDesk: [],
    ownBoth: ["team1"],
    unitReaderOwnClinical: ["team2"],
    ownReaderAllClinical: ["noUnit"],
    unitBoth: ["tallinn", "tartuAndTeam2", "team1", "team2"],
    clinicalWithoutRead: [],
  };

  beforeAll(async () => {
    const db = t.db;
    const tallinnUnit = [...actors.tallinnDesk!.memberUnitIds][0]!;
    clinical.tallinnDesk = actors.tallinnDesk!;
    clinical.ownBoth = await makeActor(db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" } });
    clinical.unitReaderOwnClinical = await makeActor(db, {
      permissions: { "clients:read": "unit", "clients:read_clinical": "own" },
      unitIds: [tallinnUnit],
    });
    clinical.ownReaderAllClinical = await makeActor(db, { permissions: { "clients:read": "own", "clients:read_clinical": "all" } });
    clinical.unitBoth = await makeActor(db, {
      permissions: { "clients:read": "unit", "clients:read_clinical": "unit" },
      unitIds: [tallinnUnit],
    });
    clinical.clinicalWithoutRead = await makeActor(db, { permissions: { "clients:read_clinical": "all" } });
    await db.insert(clientTeamMembers).values([
      { clientId: clientIds.team1!, employeeId: clinical.ownBoth.employeeId },
      { clientId: clientIds.team2!, employeeId: clinical.unitReaderOwnClinical.employeeId },
      { clientId: clientIds.noUnit!, employeeId: clinical.ownReaderAllClinical.employeeId },
    ]);
  });

  it.each(Object.keys(expected))("%s reads the same clinical records in SQL as in the policy", async (name) => {
    const actor = clinical[name]!;
    const inPolicy: string[] = [];
    for (const [client, cid] of Object.entries(clientIds)) if (canReadClinical(actor, await clientFacts(t.db, cid))) inPolicy.push(client);
    expect(inPolicy.sort()).toEqual([...expected[name]!].sort());
    const rows = await t.db.select({ id: clients.id }).from(clients).where(clinicalVisibility(actor));
    expect(rows.map((r) => clientNames[r.id]!).sort()).toEqual(inPolicy);
  });
});

describe("servicesEnterable is the SQL twin of canEnterServices", () => {
  // The case manager and the team enter services; grants, heads and unit readers only read.
  const expected: Record<string, string[]> = {
    caseManager: ["team1"],
    teamMember: ["noUnit", "team1"],
    granteeActive: [],
    team1Head: [],
    tallinnDesk: [],
    noPermission: [],
  };

  it.each(Object.keys(expected))("%s may enter services for the same clients in SQL as in the policy", async (name) => {
    const actor = actors[name]!;
    const inPolicy: string[] = [];
    for (const [client, cid] of Object.entries(clientIds)) if (canEnterServices(actor, await clientFacts(t.db, cid))) inPolicy.push(client);
    expect(inPolicy.sort()).toEqual(expected[name]);
    const rows = await t.db.select({ id: clients.id }).from(clients).where(servicesEnterable(actor));
    expect(rows.map((r) => clientNames[r.id]!).sort()).toEqual(inPolicy);
  });

  it("an update reach narrower than the read reach enters only where it reaches; an equal one wherever it reads", async () => {
    const [tallinn] = await t.sql<{ id: string }[]>`SELECT id FROM units WHERE name = 'Tallinn'`;
    const [team1] = await t.sql<{ id: string }[]>`SELECT id FROM units WHERE name = 'Team 1'`;
    // Reads the Tallinn subtree as its member; updates as head of Team 1 only (scope own: headed units).
    const narrower = await makeActor(t.db, {
      permissions: { "clients:read": "unit", "clients:update": "own" },
      unitIds: [tallinn!.id],
      headOf: [team1!.id],
    });
    const equal = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:update": "unit" }, unitIds: [tallinn!.id] });
    for (const [actor, expected] of [
      [narrower, ["team1"]],
      [equal, ["tallinn", "tartuAndTeam2", "team1", "team2"]],
    ] as const) {
      const inPolicy: string[] = [];
      for (const [client, cid] of Object.entries(clientIds))
        if (canEnterServices(actor, await clientFacts(t.db, cid))) inPolicy.push(client);
      expect(inPolicy.sort()).toEqual(expected);
      const rows = await t.db.select({ id: clients.id }).from(clients).where(servicesEnterable(actor));
      expect(rows.map((r) => clientNames[r.id]!).sort()).toEqual(expected);
    }
  });

  it("clients:update reaching the client is enough, with clients:read", async () => {
    const manager = await makeActor(t.db, { permissions: { "clients:read": "all", "clients:update": "all" } });
    const rows = await t.db.select({ id: clients.id }).from(clients).where(servicesEnterable(manager));
    expect(rows).toHaveLength(Object.keys(clientIds).length);
  });
});
