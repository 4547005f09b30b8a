import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { fundingSources, priceListItems, serviceEntries, services } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeUnit } from "@/server/testing/factories";
import {
  makeClientWithDecision,
  makeDecision,
  makeFundingSource,
  makeFundingWorld,
  makePriceVersion,
  makeService,
  PRICE_AFTER_CENTS,
  PRICE_BEFORE_CENTS,
  type DecisionSpec,
  type FundingWorld,
} from "@/server/testing/funding-factories";
import { getCasePlan, saveCasePlan } from "./case-plans";
import { callProcedure } from "@/server/testing/callers";
import { createEntry, deleteEntry, listEntries } from "./entries";

const t = await useTestDatabase();

let unit: string;
let srt: FundingWorld;
let eht: FundingWorld;
let caseManager: Actor;
let specialist: Actor;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  srt = await makeFundingWorld(t.db, "SRT");
  eht = await makeFundingWorld(t.db, "EHT");
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" },
    unitIds: [unit],
  });
  specialist = await makeActor(t.db, { permissions: { "clients:read": "own", "clients:read_clinical": "own" }, unitIds: [unit] });
});

/** A new client of the case manager with the specialist on the team, and one decision. */
const fundedClient = (decision: Omit<DecisionSpec, "clientId">) =>
  makeClientWithDecision(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId, teamIds: [specialist.employeeId], decision });

/** The specialist records `units` of a service on a day. */
const enter = (c: { clientId: string; decisionId: string }, serviceDate: string, units = 1, serviceId = srt.serviceId) =>
  createEntry(
    { db: t.db, actor: specialist, ip: null },
    { ...c, serviceId, serviceDate, units, specialistId: specialist.employeeId, description: "Individuaalne nõustamine" },
  );

const entriesOf = (decisionId: string) => t.db.select().from(serviceEntries).where(eq(serviceEntries.decisionId, decisionId));

describe("pricing through entries", () => {
  it("prices each entry at the version valid on its day: 2018-07-31 the old price, 2018-08-01 the new", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2018-06-01", endDate: "2019-05-31" });
    const before = await enter(c, "2018-07-31");
    const after = await enter(c, "2018-08-01");
    expect(before).toMatchObject({ unitPriceCents: PRICE_BEFORE_CENTS, amountCents: PRICE_BEFORE_CENTS, warnings: [] });
    expect(after).toMatchObject({ unitPriceCents: PRICE_AFTER_CENTS, amountCents: PRICE_AFTER_CENTS });
    const rows = await entriesOf(c.decisionId);
    expect(rows.find((r) => r.id === before.id)!.priceVersionId).toBe(srt.versionBefore);
    expect(rows.find((r) => r.id === after.id)!.priceVersionId).toBe(srt.versionAfter);
  });

  it("charges round(units x price): 1.5 h x 29.40 = 44.10, 1.1 h = 32.34, 0.57 h = 16.76", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2019-01-01", endDate: "2019-12-31" });
    expect(await enter(c, "2019-02-01", 1.5)).toMatchObject({ amountCents: 4410 });
    // Amounts a person types every day; 1.1 * 100 is not 110 in floating point.
    expect(await enter(c, "2019-02-02", 1.1)).toMatchObject({ amountCents: 3234 });
    expect(await enter(c, "2019-02-03", 0.57)).toMatchObject({ amountCents: 1676 });
    const rows = await entriesOf(c.decisionId);
    expect(rows.map((r) => [Number(r.units), r.amountCents]).sort()).toEqual([
      [0.57, 1676],
      [1.1, 3234],
      [1.5, 4410],
    ]);
  });

  it("refuses more than two decimals or a non-positive amount, naming units", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2019-01-01", endDate: "2019-12-31" });
    for (const units of [1.234, 0, -1]) {
      const err = await appErrorOf(enter(c, "2019-03-01", units));
      expect(err).toMatchObject({ code: "INVALID_INPUT", field: "units", messageKey: "errors.unitsInvalid" });
    }
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
  });

  it("refuses a day without a price, naming serviceDate, the service and the day", async () => {
    // The decision starts before the first price list version (2018-01-01).
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2017-12-01", endDate: "2018-03-31" });
    const err = await appErrorOf(enter(c, "2017-12-15"));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "serviceDate", messageKey: "errors.noPriceOnDayFor" });
    expect(err.params).toMatchObject({ date: "2017-12-15", service: expect.any(String) });
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
    // The first priced day works.
    expect(await enter(c, "2018-01-01")).toMatchObject({ unitPriceCents: PRICE_BEFORE_CENTS });
  });

  it("refuses a day outside the decision period, naming its dates", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2019-01-01", endDate: "2019-06-30" });
    for (const day of ["2018-12-31", "2019-07-01"]) {
      const err = await appErrorOf(enter(c, day));
      expect(err).toMatchObject({ code: "INVALID_INPUT", field: "serviceDate", messageKey: "errors.entryOutsideDecisionDates" });
      expect(err.params).toEqual({ start: "2019-01-01", end: "2019-06-30" });
    }
    expect(await enter(c, "2019-06-30")).toMatchObject({ amountCents: PRICE_AFTER_CENTS });
    expect(await entriesOf(c.decisionId)).toHaveLength(1);
  });
});

describe("what is no longer in use", () => {
  it("refuses an entry for a service no longer offered, naming serviceId and the service; nothing is saved", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2020-01-01", endDate: "2020-12-31" });
    const retired = await makeService(t.db, { nameEt: "Perenõustamine" });
    // Priced, so that only its being retired stands in the way.
    await t.db.insert(priceListItems).values({ versionId: srt.versionAfter, serviceId: retired, unitPriceCents: 2000 });
    await t.db.update(services).set({ active: false }).where(eq(services.id, retired));
    const err = await appErrorOf(enter(c, "2020-02-03", 1, retired));
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "serviceId",
      messageKey: "errors.serviceInactive",
      params: { service: "Perenõustamine" },
    });
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
  });

  it("refuses an entry on a decision of a funder no longer in use, naming decisionId and the funder", async () => {
    const closed = await makeFundingWorld(t.db, "KOV");
    await t.db.update(fundingSources).set({ active: false, name: "Lõpetatud leping" }).where(eq(fundingSources.id, closed.sourceId));
    const c = await fundedClient({ fundingSourceId: closed.sourceId, startDate: "2020-01-01", endDate: "2020-12-31" });
    const err = await appErrorOf(enter(c, "2020-02-03", 1, closed.serviceId));
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "decisionId",
      messageKey: "errors.fundingSourceInactive",
      params: { funder: "Lõpetatud leping" },
    });
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
  });
});

describe("hard limits", () => {
  const hour = PRICE_AFTER_CENTS;

  it("a yearly cap counts every entry of the client from that funder in the calendar year, across two decisions", async () => {
    const first = await fundedClient({
      fundingSourceId: srt.sourceId,
      startDate: "2023-01-01",
      endDate: "2023-06-30",
      yearlyCapCents: 10 * hour,
    });
    const second = {
      clientId: first.clientId,
      decisionId: await makeDecision(t.db, {
        clientId: first.clientId,
        fundingSourceId: srt.sourceId,
        startDate: "2023-07-01",
        endDate: "2024-06-30",
        yearlyCapCents: 10 * hour,
      }),
    };
    await enter(first, "2023-03-01", 6);
    await enter(second, "2023-09-01", 3);
    const err = await appErrorOf(enter(second, "2023-10-01", 2));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitYearlyCap" });
    expect(err.params).toMatchObject({ limit: 294, used: 264.6, remaining: 29.4, asked: 58.8 });
    // What remains can still be used, and a new calendar year starts afresh.
    await enter(second, "2023-10-01", 1);
    expect(await enter(second, "2024-01-10", 2)).toMatchObject({ amountCents: 2 * hour });
    expect((await entriesOf(second.decisionId)).map((e) => Number(e.units)).sort()).toEqual([1, 2, 3]);
  });

  it("a monthly cap (capitation) refuses the third entry in March and resets on 1 April", async () => {
    const c = await fundedClient({
      fundingSourceId: eht.sourceId,
      startDate: "2024-01-01",
      endDate: "2024-12-31",
      monthlyCapCents: 2 * hour,
    });
    await enter(c, "2024-03-01", 1, eht.serviceId);
    await enter(c, "2024-03-31", 1, eht.serviceId);
    const err = await appErrorOf(enter(c, "2024-03-15", 1, eht.serviceId));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitMonthlyCap" });
    expect(err.params).toMatchObject({ remaining: 0, asked: 29.4 });
    await enter(c, "2024-04-01", 1, eht.serviceId);
    await enter(c, "2024-02-29", 1, eht.serviceId);
    expect(await entriesOf(c.decisionId)).toHaveLength(4);
  });

  it("a service outside the funder's approved plan is refused when the decision lists services", async () => {
    const c = await fundedClient({
      fundingSourceId: srt.sourceId,
      startDate: "2024-01-01",
      endDate: "2024-12-31",
      serviceLimits: [{ serviceId: srt.serviceId, maxUnits: 5 }],
    });
    const err = await appErrorOf(enter(c, "2024-02-01", 1, srt.otherServiceId));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitServiceNotInPlan", field: "serviceId" });
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
    await enter(c, "2024-02-01", 1, srt.serviceId);
    // Without service limits any priced service may be entered.
    const open = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
    await enter(open, "2024-02-01", 1, srt.otherServiceId);
  });

  it("the app's check and the database's agree to the cent: 0.29 h x 29.50 is 8.56, also against a cap of 8.55", async () => {
    const sourceId = await makeFundingSource(t.db, { kind: "KOV" });
    const serviceId = await makeService(t.db);
    await makePriceVersion(t.db, { fundingSourceId: sourceId, validFrom: "2024-01-01", items: [{ serviceId, unitPriceCents: 2950 }] });
    const c = await fundedClient({ fundingSourceId: sourceId, startDate: "2024-01-01", endDate: "2024-12-31", periodCapCents: 855 });
    const err = await appErrorOf(enter(c, "2024-02-01", 0.29, serviceId));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitPeriodCap" });
    expect(err.params).toMatchObject({ remaining: 8.55, asked: 8.56 });
    const roomy = await fundedClient({ fundingSourceId: sourceId, startDate: "2024-01-01", endDate: "2024-12-31", periodCapCents: 856 });
    expect(await enter(roomy, "2024-02-01", 0.29, serviceId)).toMatchObject({ amountCents: 856 });
  });

  it("a refused entry leaves no row and no audit row", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31", periodCapCents: hour });
    await enter(c, "2024-05-01", 1);
    const audited = (await auditRows(t.db, "entry.create")).length;
    const err = await appErrorOf(enter(c, "2024-05-02", 0.5));
    expect(err).toMatchObject({ code: "LIMIT_EXCEEDED", messageKey: "errors.limitPeriodCap" });
    expect(err.params).toMatchObject({ remaining: 0, asked: 14.7 });
    expect(await entriesOf(c.decisionId)).toHaveLength(1);
    expect(await auditRows(t.db, "entry.create")).toHaveLength(audited);
  });
});

describe("soft limits: the case plan", () => {
  it("an entry beyond the planned volume is saved and returns a warning with planned and used", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
    await saveCasePlan(
      { db: t.db, actor: caseManager, ip: null },
      { goals: "Iseseisev toimetulek", items: [{ serviceId: srt.serviceId, plannedUnits: 2 }], decisionId: c.decisionId },
    );
    expect((await enter(c, "2024-03-01", 1)).warnings).toEqual([]);
    expect((await enter(c, "2024-03-02", 1)).warnings).toEqual([]);
    const over = await enter(c, "2024-03-03", 1.5);
    expect(over.warnings).toEqual([
      {
        serviceCode: expect.any(String),
        serviceName: "Psühholoogi individuaalteenus",
        billingUnit: "hour",
        plannedUnits: 2,
        usedUnits: 3.5,
      },
    ]);
    expect(await entriesOf(c.decisionId)).toHaveLength(3);
    const [audit] = (await auditRows(t.db, "entry.create")).filter((r) => r.targetId === over.id);
    expect(audit!.details).toMatchObject({ overPlan: true });

    const plan = await getCasePlan({ db: t.db, actor: caseManager, ip: null }, { decisionId: c.decisionId });
    expect(plan.items).toEqual([expect.objectContaining({ serviceId: srt.serviceId, plannedUnits: 2, usedUnits: 3.5, over: true })]);
  });
});

describe("who may enter and delete", () => {
  it("someone outside the team cannot enter or list, and cannot tell the client exists", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
    const outsider = await makeActor(t.db, { permissions: { "clients:read": "own" }, unitIds: [unit] });
    const err = await appErrorOf(
      createEntry(
        { db: t.db, actor: outsider, ip: null },
        { ...c, serviceId: srt.serviceId, serviceDate: "2024-02-01", units: 1, specialistId: outsider.employeeId, description: "" },
      ),
    );
    expect(err.code).toBe("NOT_FOUND");
    expect((await appErrorOf(listEntries({ db: t.db, actor: outsider, ip: null }, { clientId: c.clientId }))).code).toBe("NOT_FOUND");
    expect(await entriesOf(c.decisionId)).toHaveLength(0);
  });

  it("a team member enters only their own work; the case manager may enter for the team", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
    const forSomeoneElse = {
      ...c,
      serviceId: srt.serviceId,
      serviceDate: "2024-02-01",
      units: 1,
      specialistId: caseManager.employeeId,
      description: "",
    };
    expect((await appErrorOf(createEntry({ db: t.db, actor: specialist, ip: null }, forSomeoneElse))).code).toBe("FORBIDDEN");
    const made = await createEntry({ db: t.db, actor: caseManager, ip: null }, { ...forSomeoneElse, specialistId: specialist.employeeId });
    expect(made.amountCents).toBe(PRICE_AFTER_CENTS);
  });

  it("an entry is deleted by its author, audited, and the room it took is free again", async () => {
    const c = await fundedClient({
      fundingSourceId: srt.sourceId,
      startDate: "2024-01-01",
      endDate: "2024-12-31",
      periodCapCents: PRICE_AFTER_CENTS,
    });
    const made = await enter(c, "2024-06-01");
    expect((await appErrorOf(enter(c, "2024-06-02"))).code).toBe("LIMIT_EXCEEDED");
    const otherMember = await makeActor(t.db, { permissions: { "clients:read": "own" } });
    expect((await appErrorOf(deleteEntry({ db: t.db, actor: otherMember, ip: null }, { entryId: made.id }))).code).toBe("NOT_FOUND");
    await deleteEntry({ db: t.db, actor: specialist, ip: null }, { entryId: made.id });
    expect((await auditRows(t.db, "entry.delete")).map((r) => r.targetId)).toContain(made.id);
    await enter(c, "2024-06-02");
    const listed = await listEntries({ db: t.db, actor: specialist, ip: null }, { month: "2024-06", clientId: c.clientId });
    expect(listed.map((e) => e.serviceDate)).toEqual(["2024-06-02"]);
    expect(listed[0]).toMatchObject({ amountCents: PRICE_AFTER_CENTS, mayDelete: true });
  });
});

describe("an entry keeps the price it was made with", () => {
  it("is not re-priced when only its description changes, but is when the amount changes", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2019-01-01", endDate: "2019-12-31" });
    const { id } = await enter(c, "2019-03-01", 1);
    // Someone changes the price list behind the application's back.
    await t.sql`UPDATE price_list_items SET unit_price_cents = 5000 WHERE version_id = ${srt.versionAfter} AND service_id = ${srt.serviceId}`;
    await t.sql`UPDATE service_entries SET description = '' WHERE id = ${id}`;
    const [kept] = await t.db.select().from(serviceEntries).where(eq(serviceEntries.id, id));
    expect([kept!.unitPriceCents, kept!.amountCents]).toEqual([PRICE_AFTER_CENTS, PRICE_AFTER_CENTS]);
    await t.sql`UPDATE service_entries SET units = 2 WHERE id = ${id}`;
    const [repriced] = await t.db.select().from(serviceEntries).where(eq(serviceEntries.id, id));
    expect([repriced!.unitPriceCents, repriced!.amountCents]).toEqual([5000, 10000]);
    await t.sql`UPDATE price_list_items SET unit_price_cents = ${PRICE_AFTER_CENTS} WHERE version_id = ${srt.versionAfter} AND service_id = ${srt.serviceId}`;
  });
});

describe("the dataset a page at a time", () => {
  it("pages newest first through the router, each entry once, and the last page is short", async () => {
    const c = await fundedClient({ fundingSourceId: srt.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" });
    const days = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"];
    for (const day of days) await enter(c, day);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = (await callProcedure(t.db, specialist, "funding.entries.list", { clientId: c.clientId, limit: 2, cursor })) as {
        id: string;
        serviceDate: string;
      }[];
      seen.push(...page.map((e) => e.serviceDate));
      if (page.length < 2) break;
      cursor = page.at(-1)!.id;
    }
    expect(seen).toEqual([...days].reverse());
  });
});
