import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { priceListVersions } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeFundingSource, makePriceVersion, makeService, makeServiceEntry } from "@/server/testing/catalogue-factories";
import { addDays } from "@/lib/calendar-days";
import { isCalendarDate } from "@/lib/calendar-days";
import { priceOn } from "./prices";

const t = await useTestDatabase();

let source: string;
let other: string;
let psychologist: string;
let unlisted: string;
const v: Record<string, string> = {};

beforeAll(async () => {
  source = await makeFundingSource(t.db, { kind: "SRT" });
  other = await makeFundingSource(t.db, { kind: "TRT" });
  psychologist = await makeService(t.db, { code: "2010" });
  unlisted = await makeService(t.db, { code: "9999" });
  const version = async (name: string, validFrom: string, validTo: string | null, cents: number) => {
    v[name] = await makePriceVersion(t.db, { fundingSourceId: source, validFrom, validTo, items: [{ serviceId: psychologist, cents }] });
  };
  // The 2018-08-01 regulation date, a gap in 2019, and versions that switch exactly on the
  // days the clocks change in 2023 (spring forward 26 March, fall back 29 October).
  await version("before2018Aug", "2018-01-01", "2018-07-31", 2352);
  await version("from2018Aug", "2018-08-01", "2018-12-31", 2470);
  await version("winter2023", "2023-01-01", "2023-03-25", 2940);
  await version("summer2023", "2023-03-26", "2023-10-28", 2950);
  await version("openEnded", "2023-10-29", null, 2960);
  await makePriceVersion(t.db, {
    fundingSourceId: other,
    validFrom: "2018-01-01",
    items: [{ serviceId: psychologist, cents: 4410, vatStatus: "taxable", vatRateKind: "standard" }],
  });
});

const lookup = (date: string, serviceId = psychologist, fundingSourceId = source) => priceOn(t.db, { fundingSourceId, serviceId, date });

const EXPECTED: [string, string | null][] = [
  ["2018-07-31", "before2018Aug"],
  ["2018-08-01", "from2018Aug"],
  ["2018-12-31", "from2018Aug"],
  ["2019-06-01", null],
  ["2022-12-31", null],
  ["2023-03-25", "winter2023"],
  ["2023-03-26", "summer2023"],
  ["2023-03-27", "summer2023"],
  ["2023-10-28", "summer2023"],
  ["2023-10-29", "openEnded"],
  ["2023-10-30", "openEnded"],
  ["2099-12-31", "openEnded"],
];

describe("priceOn", () => {
  it.each(EXPECTED)("on %s takes the version %s", async (date, name) => {
    const price = await lookup(date);
    expect(price?.versionId ?? null).toBe(name ? v[name] : null);
  });

  it("returns the item's price and VAT as the trigger would store them", async () => {
    expect(await lookup("2018-07-31")).toEqual({
      versionId: v.before2018Aug,
      unitPriceCents: 2352,
      vatStatus: "exempt",
      vatRateKind: null,
      vatRate: null,
    });
    expect(await lookup("2018-08-01")).toMatchObject({ unitPriceCents: 2470 });
    // The rate is the standard rate valid that day in the dated table: 20 % in 2020, 24 % from July 2025.
    expect(await lookup("2020-01-01", psychologist, other)).toMatchObject({
      unitPriceCents: 4410,
      vatStatus: "taxable",
      vatRateKind: "standard",
      vatRate: 20,
    });
    expect(await lookup("2025-06-30", psychologist, other)).toMatchObject({ vatRate: 22 });
    expect(await lookup("2025-07-01", psychologist, other)).toMatchObject({ vatRate: 24 });
  });

  it("is null for a service the valid version does not list, and for another funder's versions", async () => {
    expect(await lookup("2023-05-01", unlisted)).toBeNull();
    expect(await lookup("2017-12-31", psychologist, other)).toBeNull();
  });

  it("refuses a string that is not a day, naming the field", async () => {
    for (const bad of ["2023-02-29", "2023-13-01", "26.03.2023", "2023-03-26T00:00:00Z", ""]) {
      const err = await appErrorOf(lookup(bad));
      expect(err).toMatchObject({ code: "INVALID_INPUT", field: "date" });
    }
  });

  it("agrees with the service_entries trigger on the boundary days", async () => {
    for (const date of ["2018-07-31", "2018-08-01", "2023-03-25", "2023-03-26", "2023-10-28", "2023-10-29"]) {
      const entry = await makeServiceEntry(t.db, { fundingSourceId: source, kind: "SRT", serviceId: psychologist, serviceDate: date });
      const price = await lookup(date);
      expect([date, entry.priceVersionId, entry.unitPriceCents]).toEqual([date, price!.versionId, price!.unitPriceCents]);
    }
  });
});

describe("dates do not move with the process time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  // UTC+14 and UTC-8/-7: a date turned into a local midnight and back would land a day off in one of them.
  it.each(["Pacific/Kiritimati", "America/Los_Angeles", "Europe/Tallinn", "UTC"])("in %s", async (zone) => {
    process.env.TZ = zone;
    expect(new Date(2023, 2, 26).getTimezoneOffset(), "the zone took effect").toBe(
      { "Pacific/Kiritimati": -840, "America/Los_Angeles": 420, "Europe/Tallinn": -120, UTC: 0 }[zone],
    );
    for (const [date, name] of EXPECTED) {
      expect([date, (await lookup(date))?.versionId ?? null]).toEqual([date, name ? v[name] : null]);
    }
    // Day arithmetic on the strings themselves, across both switches.
    expect(addDays("2023-03-25", 1)).toBe("2023-03-26");
    expect(addDays("2023-03-26", 1)).toBe("2023-03-27");
    expect(addDays("2023-10-29", -1)).toBe("2023-10-28");
    expect(addDays("2023-10-29", 1)).toBe("2023-10-30");
    expect(addDays("2018-08-01", -1)).toBe("2018-07-31");
    expect(isCalendarDate("2023-03-26") && isCalendarDate("2023-10-29")).toBe(true);
  });

  it("Drizzle hands the dates back as the same strings, never as local midnights", async () => {
    process.env.TZ = "Pacific/Kiritimati";
    const [row] = await t.db
      .select({ validFrom: priceListVersions.validFrom })
      .from(priceListVersions)
      .where(eq(priceListVersions.id, v.summer2023!));
    expect(row!.validFrom).toBe("2023-03-26");
  });
});
