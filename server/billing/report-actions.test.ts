import { beforeAll, describe, expect, it } from "vitest";
import { serviceEntries } from "@/db/schema";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, rolledBack } from "@/server/testing/parity";
import { confirmReport, previewReport, reopenReport } from "./reports";

/**
 * Issue #14 item 3 for the month's service report: the dialog offers "Kinnita kuu" and "Ava kuu
 * uuesti" exactly where confirmReport and reopenReport go through, for each kind of biller, and
 * names the roles that may when it offers nothing.
 */

const t = await useTestDatabase();

let world: FundingWorld;
const people: Record<string, Actor> = {};
const months: Record<string, { decisionId: string; month: string }> = {};

beforeAll(async () => {
  const unitA = await makeUnit(t.db);
  const unitB = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  const specialistId = await makeEmployee(t.db, { unitIds: [unitA] });
  people.accountant = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "all", "billing:reopen": "all" },
    unitIds: [unitA],
  });
  people.confirmsOnly = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" }, unitIds: [unitA] });
  people.unitBiller = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "unit", "billing:reopen": "unit" },
    unitIds: [unitA],
  });
  people.reader = await makeActor(t.db, { permissions: { "billing:read": "all" }, unitIds: [unitA] });
  const clientIn = async (unitId: string) =>
    makeClientWithDecision(t.db, {
      unitIds: [unitId],
      decision: { fundingSourceId: world.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" },
    });
  const ready = async (label: string, unitId: string, confirmed: boolean) => {
    const c = await clientIn(unitId);
    await t.db.insert(serviceEntries).values({
      clientId: c.clientId,
      decisionId: c.decisionId,
      serviceId: world.serviceId,
      serviceDate: "2026-10-05",
      units: "1",
      specialistId,
    });
    if (confirmed) await confirmReport({ db: t.db, actor: people.accountant!, ip: null }, { decisionId: c.decisionId, month: "2026-10" });
    months[label] = { decisionId: c.decisionId, month: "2026-10" };
  };
  await ready("open, own unit", unitA, false);
  await ready("open, other unit", unitB, false);
  await ready("confirmed, own unit", unitA, true);
  await ready("confirmed, other unit", unitB, true);
});

const outcome = (write: (db: Db) => Promise<unknown>) =>
  rolledBack(t.db, (tx) => outcomeInSavepoint(tx, (sp) => write(sp as unknown as Db))).then((o) => o.ok);

describe("the month report's confirm and re-open actions", () => {
  for (const role of ["accountant", "confirmsOnly", "unitBiller", "reader"]) {
    it(`are offered to the ${role} exactly where the mutations go through`, async () => {
      const actor = people[role]!;
      const offered: Record<string, { confirm: boolean; reopen: boolean }> = {};
      const permitted: Record<string, { confirm: boolean; reopen: boolean }> = {};
      for (const [label, key] of Object.entries(months)) {
        const preview = await previewReport({ db: t.db, actor, ip: null }, key);
        offered[label] = { confirm: preview.mayConfirm, reopen: preview.mayReopen };
        permitted[label] = {
          confirm: await outcome((db) => confirmReport({ db, actor, ip: null }, key)),
          reopen: await outcome((db) => reopenReport({ db, actor, ip: null }, { ...key, reason: "Vale kogus" })),
        };
      }
      expect(offered).toEqual(permitted);
    });
  }

  it("is not a vacuous match: the unit biller confirms in their unit only, the reader nowhere", async () => {
    const preview = (role: string, label: string) => previewReport({ db: t.db, actor: people[role]!, ip: null }, months[label]!);
    expect((await preview("unitBiller", "open, own unit")).mayConfirm).toBe(true);
    expect((await preview("unitBiller", "open, other unit")).mayConfirm).toBe(false);
    expect((await preview("confirmsOnly", "confirmed, own unit")).mayReopen).toBe(false);
    expect((await preview("accountant", "confirmed, other unit")).mayReopen).toBe(true);
    const refused = await preview("reader", "open, own unit");
    expect(refused.mayConfirm).toBe(false);
    // The roles that may are named instead: the accountant's, the unit biller's, not the reader's.
    expect(refused.whoMay.confirm.length).toBeGreaterThanOrEqual(3);
    expect(refused.whoMay.reopen.length).toBeGreaterThanOrEqual(2);
  });

  it("stays in step with the month's state after a re-open", async () => {
    const key = months["confirmed, own unit"]!;
    await rolledBack(t.db, async (tx) => {
      const ctx = { db: tx as unknown as Db, actor: people.accountant!, ip: null };
      await reopenReport(ctx, { ...key, reason: "Vale kogus" });
      expect(await previewReport(ctx, key)).toMatchObject({ mayConfirm: true, mayReopen: false });
    });
  });
});
