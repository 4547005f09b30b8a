import { asc, eq, TransactionRollbackError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fundingSources, priceListItems, priceListVersions, services, specialties } from "@/db/schema";
import { isValidRegistryCode } from "@/lib/identifiers";
import { priceOn } from "@/server/catalogue/prices";
import { createTestDatabase, useTestDatabase } from "@/server/testing/database";
import { ensureStandardCatalogue, seedDemoPriceHistory, SRT_PRICES_2023, STANDARD_FUNDING_SOURCES, STANDARD_SERVICES } from "./catalogue";

const t = await useTestDatabase();

async function snapshot(db = t.db) {
  return {
    sources: await db.select().from(fundingSources).orderBy(asc(fundingSources.name)),
    services: await db.select().from(services).orderBy(asc(services.code)),
    versions: await db.select().from(priceListVersions).orderBy(asc(priceListVersions.fundingSourceId), asc(priceListVersions.validFrom)),
    items: await db.select().from(priceListItems).orderBy(asc(priceListItems.versionId), asc(priceListItems.serviceId)),
  };
}

describe("ensureStandardCatalogue", () => {
  it("uses only valid registry codes for the payers", () => {
    for (const s of STANDARD_FUNDING_SOURCES) {
      if (s.payerRegistryCode) expect([s.payerName, isValidRegistryCode(s.payerRegistryCode)]).toEqual([s.payerName, true]);
      else expect(s.kind).toBe("PRIVATE");
    }
    expect(STANDARD_FUNDING_SOURCES.map((s) => s.payerRegistryCode)).toEqual(["70001975", "70009770", "70001975", "75014920", null]);
  });

  it("is idempotent: the second run changes nothing", async () => {
    const first = await ensureStandardCatalogue(t.db);
    const before = await snapshot();
    const second = await ensureStandardCatalogue(t.db);
    expect(await snapshot()).toEqual(before);
    expect(second.fundingSources).toEqual(first.fundingSources);
    expect([...second.services]).toEqual([...first.services]);
    expect(before.sources.map((s) => s.kind).sort()).toEqual(["EHT", "KOV", "PRIVATE", "SRT", "TRT"]);
    expect(before.services.map((s) => s.code).sort()).toEqual(STANDARD_SERVICES.map((s) => s.code).sort());
    expect(before.versions).toHaveLength(1);
    expect(before.items).toHaveLength(Object.keys(SRT_PRICES_2023).length);
  });

  it("prices 2010 (psychologist, individual) at 29.40 per hour from 2023-01-01 on, open-ended", async () => {
    const { fundingSources: ids, services: codes } = await ensureStandardCatalogue(t.db);
    const price = await priceOn(t.db, { fundingSourceId: ids.SRT, serviceId: codes.get("2010")!, date: "2023-01-01" });
    expect(price).toMatchObject({ unitPriceCents: 2940, vatStatus: "exempt", vatRateKind: null, vatRate: null });
    expect((await priceOn(t.db, { fundingSourceId: ids.SRT, serviceId: codes.get("2010")!, date: "2030-06-01" }))?.unitPriceCents).toBe(
      2940,
    );
    expect(await priceOn(t.db, { fundingSourceId: ids.SRT, serviceId: codes.get("2010")!, date: "2022-12-31" })).toBeNull();
  });

  it("gives the services of the state list their specialty, form and unit", async () => {
    const rows = await t.db
      .select({ code: services.code, specialty: specialties.code, isGroup: services.isGroup, unit: services.billingUnit })
      .from(services)
      .leftJoin(specialties, eq(specialties.id, services.specialtyId));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get("2010")).toEqual({ code: "2010", specialty: "psychologist", isGroup: false, unit: "hour" });
    expect(byCode.get("2012")).toEqual({ code: "2012", specialty: "psychologist", isGroup: true, unit: "hour" });
    expect(byCode.get("2016")).toMatchObject({ specialty: "occupational_therapist", isGroup: true });
    expect(byCode.get("1001")).toMatchObject({ unit: "session", specialty: null });
    expect(byCode.get("3001")).toMatchObject({ unit: "day" });
    expect(byCode.get("3002")).toMatchObject({ unit: "km" });
    expect(SRT_PRICES_2023["3002"]).toBe(10);
  });

  it("leaves what an administrator changed alone", async () => {
    await t.db.update(services).set({ nameEt: "Psühholoogiline nõustamine" }).where(eq(services.code, "2010"));
    await ensureStandardCatalogue(t.db);
    expect((await t.db.select().from(services).where(eq(services.code, "2010")))[0]!.nameEt).toBe("Psühholoogiline nõustamine");
  });
});

describe("seedDemoPriceHistory", () => {
  it("adds the history around 2018-08-01, a TRT list with one taxable item and a monthly EHT service; twice = once", async () => {
    await seedDemoPriceHistory(t.db);
    const before = await snapshot();
    await seedDemoPriceHistory(t.db);
    expect(await snapshot()).toEqual(before);

    const { fundingSources: ids, services: codes } = await ensureStandardCatalogue(t.db);
    const srt = (date: string) => priceOn(t.db, { fundingSourceId: ids.SRT, serviceId: codes.get("2010")!, date });
    const july = await srt("2018-07-31");
    const august = await srt("2018-08-01");
    expect(july!.versionId).not.toBe(august!.versionId);
    expect(july!.unitPriceCents).toBeLessThan(august!.unitPriceCents);
    expect(august!.unitPriceCents).toBeLessThan(2940);
    expect((await srt("2022-01-20"))!.versionId).not.toBe((await srt("2022-01-21"))!.versionId);
    expect((await srt("2023-01-01"))!.unitPriceCents).toBe(2940);

    const srtVersions = before.versions.filter((v) => v.fundingSourceId === ids.SRT);
    expect(srtVersions.map((v) => [v.validFrom, v.validTo])).toEqual([
      ["2018-01-01", "2018-07-31"],
      ["2018-08-01", "2018-12-31"],
      ["2019-01-01", "2019-12-31"],
      ["2020-01-01", "2022-01-20"],
      ["2022-01-21", "2022-12-31"],
      ["2023-01-01", null],
    ]);
    expect(srtVersions.slice(0, 5).every((v) => /kinnitamata/.test(v.note))).toBe(true);

    const [trtService] = await t.db.select().from(services).where(eq(services.nameEt, "TRT psühholoogi nõustamine"));
    expect(trtService).toMatchObject({ billingUnit: "academic_hour" });
    const trt = await priceOn(t.db, { fundingSourceId: ids.TRT, serviceId: trtService!.id, date: "2024-05-01" });
    expect(trt!.unitPriceCents).toBe(Math.round((2940 * 3) / 2));
    const trtItems = before.items.filter((i) => before.versions.find((v) => v.id === i.versionId)?.fundingSourceId === ids.TRT);
    expect(trtItems.filter((i) => i.vatStatus === "taxable").map((i) => i.vatRateKind)).toEqual(["standard"]);

    const [iet] = await t.db.select().from(services).where(eq(services.code, "IET"));
    expect(iet).toMatchObject({ nameEt: "Igapäevaelu toetamine", billingUnit: "month" });
    expect((await priceOn(t.db, { fundingSourceId: ids.EHT, serviceId: iet!.id, date: "2018-07-31" }))!.unitPriceCents).toBe(12200);
    expect((await priceOn(t.db, { fundingSourceId: ids.EHT, serviceId: iet!.id, date: "2018-08-01" }))!.unitPriceCents).toBe(13700);
  });

  it("both run inside a caller's transaction, which can still roll them back", async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.db
        .transaction(async (tx) => {
          await ensureStandardCatalogue(tx);
          await seedDemoPriceHistory(tx);
          expect((await tx.select().from(priceListVersions)).length).toBeGreaterThan(5);
          tx.rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof TransactionRollbackError)) throw e;
        });
      expect(await fresh.db.select().from(fundingSources)).toEqual([]);
      await fresh.db.transaction(async (tx) => {
        await seedDemoPriceHistory(tx);
      });
      expect((await fresh.db.select().from(fundingSources)).length).toBe(5);
    } finally {
      await fresh.close();
    }
  });
});
