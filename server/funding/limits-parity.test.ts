import fc from "fast-check";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decisionServiceLimits, fundingDecisions, serviceEntries } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { priceOn } from "@/server/catalogue/prices";
import type { Tx } from "@/server/db/client";
import { AppError, translateDbError } from "@/server/errors";
import { makeClient, makeEmployee } from "@/server/testing/factories";
import { useTestDatabase } from "@/server/testing/database";
import { makeDecision, makeFundingSource, makeFundingWorld, makePriceVersion, type FundingWorld } from "@/server/testing/funding-factories";
import { outcomeInSavepoint, PARITY_SEED, parityRuns, rolledBack } from "@/server/testing/parity";
import { amountCents } from "./amount";
import { assertWithinLimits, usageFor } from "./limits";

/**
 * The hard limits have their home in the service_entries trigger, which refuses any write that
 * breaks one. usageFor + assertWithinLimits is its TypeScript twin: it words the refusal before
 * the write and warns at booking time, when there is nothing to write. Here both judge the same
 * generated decisions (period, calendar-year and monthly caps, approved volumes per service),
 * earlier entries (this decision, an earlier one of the same funder, another funder's) and a new
 * entry; they must refuse the same entries, naming the same limit with the same figures.
 */

const t = await useTestDatabase();
let world: FundingWorld;
let otherFunder: string;
let specialistId: string;

beforeAll(async () => {
  world = await makeFundingWorld(t.db, "KOV");
  otherFunder = await makeFundingSource(t.db, { kind: "KOV" });
  await makePriceVersion(t.db, {
    fundingSourceId: otherFunder,
    validFrom: "2018-01-01",
    items: [
      { serviceId: world.serviceId, unitPriceCents: 3100 },
      { serviceId: world.otherServiceId, unitPriceCents: 1999 },
    ],
  });
  specialistId = await makeEmployee(t.db);
});

// The decision judged runs over a new year; an earlier decision of the same funder fills the
// start of 2019, another funder's runs alongside (its entries count for no cap of this one).
const PERIODS = { main: ["2019-03-01", 487], sibling: ["2019-01-01", 59], other: ["2019-01-01", 730] } as const;
type Which = keyof typeof PERIODS;
const dayIn = (which: Which, i: number) => addDays(PERIODS[which][0], i % (PERIODS[which][1] + 1));

const service = fc.constantFrom("A" as const, "B" as const);
const entry = fc.record({ service, day: fc.nat(800), hundredths: fc.integer({ min: 1, max: 500 }) });
const cap = fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: null });
const volume = fc.integer({ min: 1, max: 1_500 });
type Volume = { service: "A" | "B"; hundredths: number };
const caseArb = fc.record({
  caps: fc.record({ periodCapCents: cap, yearlyCapCents: cap, monthlyCapCents: cap }),
  limits: fc.oneof(
    fc.constant<Volume[]>([]),
    fc.tuple(volume).map(([a]): Volume[] => [{ service: "A", hundredths: a }]),
    fc.tuple(volume, volume).map(([a, b]): Volume[] => [
      { service: "A", hundredths: a },
      { service: "B", hundredths: b },
    ]),
  ),
  earlier: fc.array(
    fc.record({
      decision: fc.constantFrom<Which>("main", "main", "sibling", "other"),
      service,
      day: fc.nat(800),
      hundredths: fc.integer({ min: 1, max: 500 }),
    }),
    { maxLength: 6 },
  ),
  asked: entry,
});
type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;

type Verdict = "ok" | { key: string; params: Record<string, unknown> };
const verdictOf = (err: AppError): Verdict => ({
  key: err.messageKey,
  // The not-in-plan refusal carries no figures worth comparing (the trigger sends none).
  params: err.messageKey === "errors.limitServiceNotInPlan" ? {} : err.params,
});

async function judge(tx: Tx, c: Case): Promise<{ inTypeScript: Verdict; inDatabase: Verdict }> {
  const serviceOf = (s: "A" | "B") => (s === "A" ? world.serviceId : world.otherServiceId);
  const clientId = await makeClient(tx);
  const decisions: Record<Which, string> = {
    main: await makeDecision(tx, {
      clientId,
      fundingSourceId: world.sourceId,
      startDate: PERIODS.main[0],
      endDate: addDays(PERIODS.main[0], PERIODS.main[1]),
    }),
    sibling: await makeDecision(tx, {
      clientId,
      fundingSourceId: world.sourceId,
      startDate: PERIODS.sibling[0],
      endDate: addDays(PERIODS.sibling[0], PERIODS.sibling[1]),
    }),
    other: await makeDecision(tx, {
      clientId,
      fundingSourceId: otherFunder,
      startDate: PERIODS.other[0],
      endDate: addDays(PERIODS.other[0], PERIODS.other[1]),
    }),
  };
  const row = (decision: Which, e: { service: "A" | "B"; day: number; hundredths: number }) => ({
    clientId,
    decisionId: decisions[decision],
    serviceId: serviceOf(e.service),
    serviceDate: dayIn(decision, e.day),
    units: (e.hundredths / 100).toFixed(2),
    specialistId,
  });
  // The earlier entries go in before the limits exist, so any of them may already be over one.
  if (c.earlier.length) await tx.insert(serviceEntries).values(c.earlier.map((e) => row(e.decision, e)));
  await tx.update(fundingDecisions).set(c.caps).where(eq(fundingDecisions.id, decisions.main));
  if (c.limits.length) {
    await tx
      .insert(decisionServiceLimits)
      .values(
        c.limits.map((l) => ({ decisionId: decisions.main, serviceId: serviceOf(l.service), maxUnits: (l.hundredths / 100).toFixed(2) })),
      );
  }

  const asked = row("main", c.asked);
  const [decision] = await tx.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisions.main));
  const price = await priceOn(tx, { fundingSourceId: world.sourceId, serviceId: asked.serviceId, date: asked.serviceDate });
  const units = c.asked.hundredths / 100;
  let inTypeScript: Verdict = "ok";
  try {
    assertWithinLimits(decision!, await usageFor(tx, decision!, { serviceId: asked.serviceId, date: asked.serviceDate }), {
      cents: amountCents(units, price!.unitPriceCents),
      units,
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    inTypeScript = verdictOf(err);
  }
  const written = await outcomeInSavepoint(tx, (sp) => sp.insert(serviceEntries).values(asked));
  const inDatabase: Verdict = written.ok ? "ok" : verdictOf(translateDbError(written.error) as AppError);
  return { inTypeScript, inDatabase };
}

describe("usageFor and assertWithinLimits are the twin of the service_entries trigger's limits", () => {
  it("refuse the same entries, naming the same limit with the same figures", async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { inTypeScript, inDatabase } = await rolledBack(t.db, (tx) => judge(tx, c));
        expect(inTypeScript).toEqual(inDatabase);
        const key = inDatabase === "ok" ? "ok" : inDatabase.key;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }),
      { seed: PARITY_SEED, numRuns: parityRuns(80) },
    );
    // Every kind of answer came up, or the agreement would say little.
    expect([...seen.keys()].sort()).toEqual([
      "errors.limitMonthlyCap",
      "errors.limitPeriodCap",
      "errors.limitServiceNotInPlan",
      "errors.limitServiceVolume",
      "errors.limitYearlyCap",
      "ok",
    ]);
  }, 180_000);
});
