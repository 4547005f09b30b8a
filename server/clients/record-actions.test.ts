import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { ensureStandardRoles } from "@/server/org/roles";
import { loadActor, type Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { saveCasePlan } from "@/server/funding/case-plans";
import { createDecision } from "@/server/funding/decisions";
import { getClient } from "./clients";
import { saveNetworkContact } from "./network";

/**
 * Issue #14 item 3 for the client record: its decisions, case plan and team (network) sections
 * offer changes when the record's `can.update` says so. For every standard role, that flag must
 * equal what the mutations behind those sections permit, run on the same client.
 */

const t = await useTestDatabase();

let world: FundingWorld;
let clientId: string;
let decisionId: string;
const people: Record<string, Actor> = {};

beforeAll(async () => {
  world = await makeFundingWorld(t.db, "SRT");
  const roles = await ensureStandardRoles(t.db);
  const unit = await makeUnit(t.db);
  const elsewhere = await makeUnit(t.db);
  const person = async (role: string, at = unit) =>
    (await loadActor(t.db, await makeEmployee(t.db, { unitIds: [at], roleIds: [roles.get(role)!] })))!;
  for (const role of ["case_manager", "specialist", "front_desk", "manager", "accountant", "administrator"])
    people[role] = await person(role);
  people.otherCaseManager = await person("case_manager");
  people.managerElsewhere = await person("manager", elsewhere);
  clientId = await makeClient(t.db, {
    unitIds: [unit],
    caseManagerId: people.case_manager!.employeeId,
    teamIds: [people.specialist!.employeeId],
  });
  decisionId = await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" });
});

const writes = {
  decision: (ctx: { db: Db; actor: Actor; ip: null }) =>
    createDecision(ctx, {
      clientId,
      fundingSourceId: world.sourceId,
      decisionNumber: "K-2027",
      decisionDate: "2027-01-01",
      startDate: "2027-01-01",
      endDate: "2027-06-30",
      targetGroup: "täisealine",
      periodCapCents: null,
      yearlyCapCents: null,
      monthlyCapCents: null,
      serviceLimits: [],
    }),
  casePlan: (ctx: { db: Db; actor: Actor; ip: null }) =>
    saveCasePlan(ctx, { decisionId, goals: "Toimetulek", items: [{ serviceId: world.serviceId, plannedUnits: 4 }] }),
  network: (ctx: { db: Db; actor: Actor; ip: null }) =>
    saveNetworkContact(ctx, {
      clientId,
      id: null,
      kind: "relative",
      name: "Malle",
      organisation: "",
      phone: null,
      email: null,
      consents: [],
      note: "",
    }),
};

describe("the client record's change actions", () => {
  it("are offered to exactly the roles whose decision, case plan and network changes go through", async () => {
    const offered: Record<string, Record<string, boolean>> = {};
    const permitted: Record<string, Record<string, boolean>> = {};
    for (const [role, actor] of Object.entries(people)) {
      const record = await getClient({ db: t.db, actor, ip: null }, { clientId }).catch(() => null);
      offered[role] = Object.fromEntries(Object.keys(writes).map((w) => [w, record?.can.update ?? false]));
      permitted[role] = {};
      for (const [name, write] of Object.entries(writes)) {
        const outcome = await rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => write({ db: sp as unknown as Db, actor, ip: null })));
        permitted[role]![name] = outcome.ok;
      }
    }
    expect(offered).toEqual(permitted);
    // Not a vacuous match: some roles may, some may not.
    expect(Object.values(permitted).map((p) => p.casePlan)).toContain(true);
    expect(Object.values(permitted).map((p) => p.casePlan)).toContain(false);
  });
});
