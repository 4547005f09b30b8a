import { beforeAll, describe, expect, it } from "vitest";
import { clients, serviceEntries } from "@/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { listInvoices } from "./invoices";
import { confirmReport, listMonth } from "./reports";

/**
 * The billing page's filters: unit (with its subtree), funder, a client's name or personal code,
 * and the status of a report or an invoice, on the month's reports and invoices alike.
 */

const t = await useTestDatabase();
let world: FundingWorld;
let accountant: Actor;
let region: string;
let team: string;
let elsewhere: string;
let otherFunder: string;
type Billed = { clientId: string; decisionId: string; code: string };
let kask: Billed;
let tamm: Billed;
let saar: Billed;
const ctx = () => ({ db: t.db, actor: accountant, ip: null });
const october = "2026-10";

async function billed(unitId: string, lastName: string, fundingSourceId: string, withEntry: boolean): Promise<Billed> {
  const clientId = await makeClient(t.db, { unitIds: [unitId], name: lastName });
  const decisionId = await makeDecision(t.db, { clientId, fundingSourceId, startDate: "2026-01-01", endDate: "2026-12-31" });
  if (withEntry) {
    const specialistId = await makeEmployee(t.db, { unitIds: [unitId] });
    await t.db
      .insert(serviceEntries)
      .values({ clientId, decisionId, serviceId: world.serviceId, serviceDate: "2026-10-07", units: "1", specialistId });
  }
  const [row] = await t.db.select({ code: clients.personalCode }).from(clients).where(eq(clients.id, clientId));
  return { clientId, decisionId, code: row!.code! };
}

beforeAll(async () => {
  world = await makeFundingWorld(t.db, "SRT");
  otherFunder = await makeFundingSource(t.db, { kind: "KOV", name: "Tartu linn" });
  region = await makeUnit(t.db, { name: "Lõuna" });
  team = await makeUnit(t.db, { name: "Tartu meeskond", parentId: region });
  elsewhere = await makeUnit(t.db, { name: "Tallinn" });
  accountant = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "all" },
    unitIds: [elsewhere],
  });
  kask = await billed(team, "Kask_100%", world.sourceId, true);
  tamm = await billed(elsewhere, "Tamm", world.sourceId, true);
  saar = await billed(team, "Saar", otherFunder, false);
  await confirmReport(ctx(), { decisionId: kask.decisionId, month: october });
});

const reportIds = async (filters: object) => (await listMonth(ctx(), { month: october, ...filters })).map((r) => r.decisionId).sort();
const invoiceCount = async (filters: object) => (await listInvoices(ctx(), { month: october, ...filters })).map((i) => i.funder).length;

describe("the month's service reports", () => {
  it("a unit takes its subtree: the region holds the team's clients, not another unit's", async () => {
    expect(await reportIds({})).toEqual([kask.decisionId, tamm.decisionId, saar.decisionId].sort());
    expect(await reportIds({ unitId: region })).toEqual([kask.decisionId, saar.decisionId].sort());
    expect(await reportIds({ unitId: elsewhere })).toEqual([tamm.decisionId]);
  });

  it("by funder, by status (open, confirmed) and by a client's name or personal code", async () => {
    expect(await reportIds({ fundingSourceId: otherFunder })).toEqual([saar.decisionId]);
    expect(await reportIds({ status: "confirmed" })).toEqual([kask.decisionId]);
    expect(await reportIds({ status: "open" })).toEqual([tamm.decisionId, saar.decisionId].sort());
    expect(await reportIds({ status: "reopened" })).toEqual([]);
    expect(await reportIds({ client: "tAMm" })).toEqual([tamm.decisionId]);
    expect(await reportIds({ client: saar.code })).toEqual([saar.decisionId]);
    // A part of a personal code is not a search by personal code; % and _ are plain characters.
    expect(await reportIds({ client: saar.code.slice(0, 6) })).toEqual([]);
    expect(await reportIds({ client: "100%" })).toEqual([kask.decisionId]);
    expect(await reportIds({ client: "%" })).toEqual([kask.decisionId]);
    expect(await reportIds({ client: "_" })).toEqual([kask.decisionId]);
    expect(await reportIds({ unitId: region, fundingSourceId: world.sourceId, status: "confirmed", client: "kask" })).toEqual([
      kask.decisionId,
    ]);
  });

  it("an unknown unit is refused by name, not answered with an empty list", async () => {
    const err = await appErrorOf(listMonth(ctx(), { month: october, unitId: "00000000-0000-4000-8000-000000000000" }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "unitId", messageKey: "errors.unknownUnit" });
  });
});

describe("the month's invoices", () => {
  it("an invoice is found by the unit and the client of its lines, by funder and by status", async () => {
    expect(await invoiceCount({})).toBe(1);
    expect(await invoiceCount({ unitId: team })).toBe(1);
    expect(await invoiceCount({ unitId: elsewhere })).toBe(0);
    expect(await invoiceCount({ client: "kask" })).toBe(1);
    expect(await invoiceCount({ client: "Tamm" })).toBe(0);
    expect(await invoiceCount({ client: kask.code })).toBe(1);
    expect(await invoiceCount({ fundingSourceId: world.sourceId })).toBe(1);
    expect(await invoiceCount({ fundingSourceId: otherFunder })).toBe(0);
    expect(await invoiceCount({ status: "draft" })).toBe(1);
    expect(await invoiceCount({ status: "sent" })).toBe(0);
  });
});
