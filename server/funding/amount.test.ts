import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { priceListItems, serviceEntries } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { makeClient, makeEmployee } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { PARITY_SEED, parityRuns, rolledBack } from "@/server/testing/parity";
import { amountCents } from "./amount";

/**
 * Parity of the entry price: amountCents (the TypeScript twin that predicts limit refusals and
 * booking warnings) against the service_entries trigger that prices every stored entry.
 */

const t = await useTestDatabase();
let world: FundingWorld;
let clientId: string;
let decisionId: string;
let specialistId: string;

beforeAll(async () => {
  world = await makeFundingWorld(t.db, "KOV");
  clientId = await makeClient(t.db);
  specialistId = await makeEmployee(t.db);
  decisionId = await makeDecision(t.db, { clientId, fundingSourceId: world.sourceId, startDate: "2019-01-01", endDate: "2019-12-31" });
});

/** The amounts the trigger stores for entries of `hundredths`/100 units each, at `cents` a unit. */
function amountsInDatabase(cents: number, hundredths: number[]): Promise<number[]> {
  return rolledBack(t.db, async (tx) => {
    await tx
      .update(priceListItems)
      .set({ unitPriceCents: cents })
      .where(and(eq(priceListItems.versionId, world.versionAfter), eq(priceListItems.serviceId, world.serviceId)));
    const rows = await tx
      .insert(serviceEntries)
      .values(
        hundredths.map((h) => ({
          clientId,
          decisionId,
          serviceId: world.serviceId,
          serviceDate: "2019-05-06",
          units: (h / 100).toFixed(2),
          specialistId,
        })),
      )
      .returning({ units: serviceEntries.units, amountCents: serviceEntries.amountCents });
    // Returned in the order inserted; checked, not assumed.
    expect(rows.map((r) => Math.round(Number(r.units) * 100))).toEqual(hundredths);
    return rows.map((r) => r.amountCents);
  });
}

describe("amountCents is the twin of the service_entries trigger's price", () => {
  it("gives the same cents on generated units and prices", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.array(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 8 }),
        async (cents, hundredths) => {
          expect(hundredths.map((h) => amountCents(h / 100, cents))).toEqual(await amountsInDatabase(cents, hundredths));
        },
      ),
      // Halves that floating point gets wrong without the hundredths: 0.29 × 29.50 is 855.5 cents.
      {
        seed: PARITY_SEED,
        numRuns: parityRuns(60),
        examples: [
          [2950, [29, 115, 1]],
          [50, [115, 1, 3]],
          [3333, [250, 99_999]],
          [2_000_000, [99_999]],
        ],
      },
    );
  }, 120_000);

  it("rounds a half cent up, as the trigger does", async () => {
    expect(await amountsInDatabase(2950, [29])).toEqual([856]);
    expect(amountCents(0.29, 2950)).toBe(856);
  });
});
