import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import type { Tx } from "@/server/db/client";
import { useTestDatabase } from "@/server/testing/database";
import type { PermissionSpec } from "@/server/testing/actors";
import { clientFacts, hoursFromNow, makeActor, makeClient, makeEmployee, makeUnit, type GrantSpec } from "@/server/testing/factories";
import { PARITY_SEED, parityRuns, rolledBack } from "@/server/testing/parity";
import type { Scope } from "./permissions";
import { clientReachParams, clientVisibility, clinicalVisibility, servicesEnterable } from "./client-scope";
import { canEnterServices, canOnClient, canReadClinical } from "./policy";

/**
 * Client visibility has one home, canOnClient and its companions in policy.ts. Two twins must
 * stay: clientVisibility (a condition on `clients` that list queries join, planned as semi-joins)
 * and client_visible (the SQL function the booking functions ask inside one statement). Here all
 * three answer the same generated people and clients (roles and scopes, units and headships,
 * case manager, team, grants past, present, future and revoked), and any difference fails.
 * client-scope.test.ts keeps the readable, hand-written cases.
 */

const t = await useTestDatabase();
const UNIT_NAMES = ["north", "tallinn", "team1", "team2", "south", "tartu"] as const;
type UnitName = (typeof UNIT_NAMES)[number];
const unitIds = {} as Record<UnitName, string>;
let colleague: string;

beforeAll(async () => {
  unitIds.north = await makeUnit(t.db, { name: "North" });
  unitIds.tallinn = await makeUnit(t.db, { name: "Tallinn", parentId: unitIds.north });
  unitIds.team1 = await makeUnit(t.db, { name: "Team 1", parentId: unitIds.tallinn });
  unitIds.team2 = await makeUnit(t.db, { name: "Team 2", parentId: unitIds.tallinn });
  unitIds.south = await makeUnit(t.db, { name: "South" });
  unitIds.tartu = await makeUnit(t.db, { name: "Tartu", parentId: unitIds.south });
  colleague = await makeEmployee(t.db);
});

const scope = fc.constantFrom<Scope | null>(null, "own", "unit", "all");
const someUnits = fc.subarray([...UNIT_NAMES]);
const who = fc.constantFrom("actor" as const, "colleague" as const);
// Hours from now: far enough from the edges that the clocks of Node and PostgreSQL never matter.
const grant = fc
  .record({ who, from: fc.constantFrom(-48, -2, 2), until: fc.constantFrom(-1, 3, 48), revoked: fc.constantFrom(null, -1) })
  .filter((g) => g.from < g.until);

const person = fc.record({
  read: scope,
  readClinical: scope,
  update: scope,
  billingConfirm: scope,
  memberOf: someUnits,
  heads: someUnits,
});
const client = fc.record({
  units: someUnits,
  caseManager: fc.constantFrom("actor" as const, "colleague" as const, null),
  team: fc.subarray(["actor", "colleague"] as const),
  grants: fc.array(grant, { maxLength: 3 }),
});
type Person = typeof person extends fc.Arbitrary<infer P> ? P : never;
type Client = typeof client extends fc.Arbitrary<infer C> ? C : never;

async function answers(tx: Tx, p: Person, c: Client) {
  const permissions: PermissionSpec = {};
  for (const [key, s] of [
    ["clients:read", p.read],
    ["clients:read_clinical", p.readClinical],
    ["clients:update", p.update],
    ["billing:confirm", p.billingConfirm],
  ] as const) {
    if (s !== null) permissions[key] = s;
  }
  const actor = await makeActor(tx, { permissions, unitIds: p.memberOf.map((u) => unitIds[u]), headOf: p.heads.map((u) => unitIds[u]) });
  const idOf = (w: "actor" | "colleague") => (w === "actor" ? actor.employeeId : colleague);
  const grants: GrantSpec[] = c.grants.map((g) => ({
    employeeId: idOf(g.who),
    validFrom: hoursFromNow(g.from),
    validUntil: hoursFromNow(g.until),
    revokedAt: g.revoked === null ? null : hoursFromNow(g.revoked),
  }));
  const cid = await makeClient(tx, {
    unitIds: c.units.map((u) => unitIds[u]),
    caseManagerId: c.caseManager && idOf(c.caseManager),
    teamIds: c.team.map(idOf),
    grants,
  });
  const facts = await clientFacts(tx, cid);
  const inPolicy = {
    read: canOnClient(actor, "read", facts),
    update: canOnClient(actor, "update", facts),
    clinical: canReadClinical(actor, facts),
    enter: canEnterServices(actor, facts),
    billingConfirm: canOnClient(actor, "confirm", facts, new Date(), "billing"),
  };
  const [inQuery] = await tx
    .select({
      read: sql<boolean>`${clientVisibility(actor, "read")}`,
      update: sql<boolean>`${clientVisibility(actor, "update")}`,
      clinical: sql<boolean>`${clinicalVisibility(actor)}`,
      enter: sql<boolean>`${servicesEnterable(actor)}`,
      billingConfirm: sql<boolean>`${clientVisibility(actor, "confirm", "billing")}`,
    })
    .from(clients)
    .where(eq(clients.id, cid));
  const [inFunction] = await tx
    .select({
      read: sql<boolean>`client_visible(${cid}::uuid, ${clientReachParams(actor, "read")})`,
      update: sql<boolean>`client_visible(${cid}::uuid, ${clientReachParams(actor, "update")})`,
      readClinical: sql<boolean>`client_visible(${cid}::uuid, ${clientReachParams(actor, "read_clinical")})`,
    })
    .from(clients)
    .where(eq(clients.id, cid));
  return { inPolicy, inQuery: inQuery!, inFunction: inFunction!, readClinicalInPolicy: canOnClient(actor, "read_clinical", facts) };
}

describe("canOnClient, clientVisibility and client_visible agree on generated cases", () => {
  it("gives one answer per person, client and action", async () => {
    const seen = { read: 0, notRead: 0 };
    await fc.assert(
      fc.asyncProperty(person, client, async (p, c) => {
        const a = await rolledBack(t.db, (tx) => answers(tx, p, c));
        expect(a.inQuery).toEqual(a.inPolicy);
        expect(a.inFunction).toEqual({ read: a.inPolicy.read, update: a.inPolicy.update, readClinical: a.readClinicalInPolicy });
        seen[a.inPolicy.read ? "read" : "notRead"]++;
      }),
      { seed: PARITY_SEED, numRuns: parityRuns(60) },
    );
    // The generator reaches both answers often, or the agreement would say little.
    expect(Math.min(seen.read, seen.notRead)).toBeGreaterThan(10);
  }, 120_000);
});
