import { beforeAll, describe, expect, it } from "vitest";
import { serviceReports } from "@/db/schema";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { createEntry, deleteEntry, listEntries } from "./entries";

/**
 * Issue #14 items 3 and 4: the dataset offers "Kustuta" exactly where deleteEntry permits it,
 * and an entry of a confirmed month comes back locked, with the month's confirmation.
 */

const t = await useTestDatabase();

let world: FundingWorld;
let client: { clientId: string; decisionId: string };
const people: Record<string, Actor> = {};
const entries: { id: string; label: string }[] = [];

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  const clinical = { "clients:read": "own", "clients:read_clinical": "own" } as const;
  people.caseManager = await makeActor(t.db, { permissions: { ...clinical, "clients:update": "own" }, unitIds: [unit] });
  people.specialist = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  people.colleague = await makeActor(t.db, { permissions: clinical, unitIds: [unit] });
  people.manager = await makeActor(t.db, {
    permissions: { "clients:read": "unit", "clients:read_clinical": "unit", "clients:update": "unit" },
    unitIds: [unit],
  });
  people.reader = await makeActor(t.db, { permissions: { "clients:read": "unit", "clients:read_clinical": "unit" }, unitIds: [unit] });
  client = await makeClientWithDecision(t.db, {
    unitIds: [unit],
    caseManagerId: people.caseManager.employeeId,
    teamIds: [people.specialist.employeeId, people.colleague.employeeId],
    decision: { fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" },
  });
  const enter = async (label: string, by: Actor, serviceDate: string) => {
    const entry = await createEntry(
      { db: t.db, actor: by, ip: null },
      { ...client, serviceId: world.serviceId, serviceDate, units: 1, specialistId: by.employeeId, description: "" },
    );
    entries.push({ id: entry.id, label });
  };
  await enter("specialist's, open month", people.specialist!, "2026-11-10");
  await enter("colleague's, open month", people.colleague!, "2026-11-11");
  await enter("specialist's, confirmed month", people.specialist!, "2026-10-10");
  await t.db.insert(serviceReports).values({
    ...client,
    month: "2026-10-01",
    status: "confirmed",
    confirmedAt: new Date("2026-11-02T10:00:00Z"),
  });
});

describe("the dataset's delete action", () => {
  for (const role of ["caseManager", "specialist", "colleague", "manager", "reader"]) {
    it(`is offered to the ${role} exactly where deleteEntry permits it`, async () => {
      const actor = people[role]!;
      const listed = await listEntries({ db: t.db, actor, ip: null }, { clientId: client.clientId });
      const offered: Record<string, boolean> = {};
      const permitted: Record<string, boolean> = {};
      for (const e of entries) {
        offered[e.label] = listed.find((x) => x.id === e.id)!.mayDelete;
        const outcome = await rolledBack(t.db, (tx) =>
          outcomeInSavepoint(tx, (sp) => deleteEntry({ db: sp as unknown as Db, actor, ip: null }, { entryId: e.id })),
        );
        permitted[e.label] = outcome.ok;
      }
      expect(offered).toEqual(permitted);
    });
  }

  it("an entry of a confirmed month is locked, says when the month was confirmed, and offers no delete", async () => {
    const listed = await listEntries({ db: t.db, actor: people.specialist!, ip: null }, { clientId: client.clientId });
    const byLabel = (label: string) => listed.find((x) => x.id === entries.find((e) => e.label === label)!.id)!;
    expect(byLabel("specialist's, confirmed month")).toMatchObject({
      mayDelete: false,
      locked: { month: "2026-10", confirmedAt: new Date("2026-11-02T10:00:00Z") },
    });
    expect(byLabel("specialist's, open month")).toMatchObject({ mayDelete: true, locked: null });
  });
});
