import { and, eq, inArray, sql } from "drizzle-orm";
import {
  fundingSources,
  priceListItems,
  priceListVersions,
  services,
  type BillingUnit,
  type FundingKind,
  type VatRateKind,
  type VatStatus,
} from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { ensureStandardSpecialties } from "./specialties";

/**
 * The catalogue every installation starts with (configuration, not demo data): the funders, the
 * services of the state social-rehabilitation price list and its 2023 prices (domain.md §1-2).
 * Idempotent, and never overwrites what an administrator has changed since.
 */

type SourceSeed = { kind: FundingKind; name: string; nameEn: string; payerName: string; payerRegistryCode: string | null };

// Registry codes checked with isValidRegistryCode (see the seed test). 75014920 is a demo municipality.
export const STANDARD_FUNDING_SOURCES: SourceSeed[] = [
  {
    kind: "SRT",
    name: "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon",
    nameEn: "Social Insurance Board – social rehabilitation",
    payerName: "Sotsiaalkindlustusamet",
    payerRegistryCode: "70001975",
  },
  {
    kind: "TRT",
    name: "Eesti Töötukassa – tööalane rehabilitatsioon",
    nameEn: "Unemployment Insurance Fund – vocational rehabilitation",
    payerName: "Eesti Töötukassa",
    payerRegistryCode: "70009770",
  },
  {
    kind: "EHT",
    name: "Sotsiaalkindlustusamet – erihoolekanne",
    nameEn: "Social Insurance Board – special welfare",
    payerName: "Sotsiaalkindlustusamet",
    payerRegistryCode: "70001975",
  },
  {
    kind: "KOV",
    name: "Tallinna Sotsiaal- ja Tervishoiuamet",
    nameEn: "Tallinn Social Welfare and Health Care Department",
    payerName: "Tallinna Sotsiaal- ja Tervishoiuamet",
    payerRegistryCode: "75014920",
  },
  {
    kind: "PRIVATE",
    name: "Eraisik (omafinantseering)",
    nameEn: "Private person (self-funded)",
    payerName: "Klient (eraisik)",
    payerRegistryCode: null,
  },
];

type ServiceSeed = {
  code: string;
  nameEt: string;
  nameEn: string;
  specialty: string | null;
  isGroup: boolean;
  billingUnit: BillingUnit;
  vatStatus?: VatStatus;
};

const individualAndGroup = (specialty: string, et: string, en: string, individual: string, group: string | null): ServiceSeed[] => [
  { code: individual, nameEt: `${et} individuaalne teenus`, nameEn: `${en}, individual`, specialty, isGroup: false, billingUnit: "hour" },
  ...(group
    ? [{ code: group, nameEt: `${et} grupiteenus`, nameEn: `${en}, group`, specialty, isGroup: true, billingUnit: "hour" as const }]
    : []),
];

export const STANDARD_SERVICES: ServiceSeed[] = [
  {
    code: "1001",
    nameEt: "Rehabilitatsiooniplaani koostamine",
    nameEn: "Rehabilitation plan",
    specialty: null,
    isGroup: false,
    billingUnit: "session",
  },
  ...individualAndGroup("physiotherapist", "Füsioterapeudi", "Physiotherapist", "2001", "2002"),
  ...individualAndGroup("occupational_therapist", "Tegevusterapeudi", "Occupational therapist", "2003", "2016"),
  ...individualAndGroup("social_worker", "Sotsiaaltöötaja", "Social worker", "2004", "2006"),
  ...individualAndGroup("special_educator", "Eripedagoogi", "Special educator", "2007", "2009"),
  ...individualAndGroup("speech_therapist", "Logopeedi", "Speech therapist", "2013", "2015"),
  ...individualAndGroup("creative_therapist", "Loovterapeudi", "Creative therapist", "2019", "2021"),
  ...individualAndGroup("psychologist", "Psühholoogi", "Psychologist", "2010", "2012"),
  ...individualAndGroup("peer_counsellor", "Kogemusnõustaja", "Peer counsellor", "2022", "2024"),
  ...individualAndGroup("nurse", "Õe", "Nurse", "2025", "2027"),
  ...individualAndGroup("doctor", "Arsti", "Doctor", "2028", null),
  { code: "3001", nameEt: "Ööpäevaringne majutus", nameEn: "24-hour accommodation", specialty: null, isGroup: false, billingUnit: "day" },
  { code: "3002", nameEt: "Sõidukulu", nameEn: "Travel", specialty: null, isGroup: false, billingUnit: "km" },
];

/** The state social-rehabilitation prices of 2023, in cents per unit (domain.md §2). */
export const SRT_PRICES_2023: Record<string, number> = {
  "1001": 7152,
  "2001": 2936,
  "2002": 1044,
  "2003": 2956,
  "2016": 1104,
  "2004": 2696,
  "2006": 960,
  "2007": 2856,
  "2009": 1016,
  "2013": 2980,
  "2015": 1064,
  "2019": 2888,
  "2021": 960,
  "2010": 2940,
  "2012": 1048,
  "2022": 2024,
  "2024": 744,
  "2025": 2928,
  "2027": 1044,
  "2028": 4880,
  "3001": 2397,
  "3002": 10,
};

export type StandardCatalogue = {
  /** Funding source id by kind (the standard source of that kind). */
  fundingSources: Record<FundingKind, string>;
  /** Service id by code. */
  services: Map<string, string>;
};

type Item = { serviceId: string; unitPriceCents: number; vatStatus?: VatStatus; vatRateKind?: VatRateKind | null };

/**
 * Adds a version unless the source already has one overlapping its period: the seed never
 * fights the exclusion constraint or versions an administrator made.
 */
async function ensureVersion(db: DbOrTx, fundingSourceId: string, validFrom: string, validTo: string | null, note: string, items: Item[]) {
  const [clash] = await db
    .select({ id: priceListVersions.id })
    .from(priceListVersions)
    .where(
      and(
        eq(priceListVersions.fundingSourceId, fundingSourceId),
        sql`daterange(${priceListVersions.validFrom}, ${priceListVersions.validTo}, '[]') && daterange(${validFrom}::date, ${validTo}::date, '[]')`,
      ),
    )
    .limit(1);
  if (clash) return;
  const [row] = await db
    .insert(priceListVersions)
    .values({ fundingSourceId, validFrom, validTo, note })
    .returning({ id: priceListVersions.id });
  await db.insert(priceListItems).values(
    items.map((i) => ({
      versionId: row!.id,
      serviceId: i.serviceId,
      unitPriceCents: i.unitPriceCents,
      vatStatus: i.vatStatus ?? "exempt",
      vatRateKind: i.vatRateKind ?? (i.vatStatus === "taxable" ? "standard" : null),
    })),
  );
}

async function ensureServices(db: DbOrTx, seeds: ServiceSeed[], specialtyIds: Map<string, string>): Promise<Map<string, string>> {
  await db
    .insert(services)
    .values(
      seeds.map((s) => ({
        code: s.code,
        nameEt: s.nameEt,
        nameEn: s.nameEn,
        specialtyId: s.specialty ? specialtyIds.get(s.specialty)! : null,
        isGroup: s.isGroup,
        billingUnit: s.billingUnit,
        vatStatus: s.vatStatus ?? "exempt",
      })),
    )
    .onConflictDoNothing({ target: services.code });
  const rows = await db
    .select({ id: services.id, code: services.code })
    .from(services)
    .where(
      inArray(
        services.code,
        seeds.map((s) => s.code),
      ),
    );
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function ensureSources(db: DbOrTx): Promise<Record<FundingKind, string>> {
  await db
    .insert(fundingSources)
    .values(
      STANDARD_FUNDING_SOURCES.map((s) => ({
        ...s,
        einvoiceRecipient: s.payerRegistryCode,
      })),
    )
    // An English name is filled in where none was given yet; nothing an administrator wrote is replaced.
    .onConflictDoUpdate({
      target: fundingSources.name,
      set: { nameEn: sql`excluded.name_en` },
      setWhere: sql`${fundingSources.nameEn} = ''`,
    });
  const rows = await db
    .select({ id: fundingSources.id, name: fundingSources.name })
    .from(fundingSources)
    .where(
      inArray(
        fundingSources.name,
        STANDARD_FUNDING_SOURCES.map((s) => s.name),
      ),
    );
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return Object.fromEntries(STANDARD_FUNDING_SOURCES.map((s) => [s.kind, byName.get(s.name)!])) as Record<FundingKind, string>;
}

/** Safe inside a caller's transaction (runs in a savepoint there). */
export async function ensureStandardCatalogue(db: DbOrTx): Promise<StandardCatalogue> {
  return db.transaction(async (tx) => {
    const specialtyIds = await ensureStandardSpecialties(tx);
    const sources = await ensureSources(tx);
    const serviceIds = await ensureServices(tx, STANDARD_SERVICES, specialtyIds);
    await ensureVersion(
      tx,
      sources.SRT,
      "2023-01-01",
      null,
      "Sotsiaalse rehabilitatsiooni teenuste riiklik hinnakiri 2023",
      Object.entries(SRT_PRICES_2023).map(([code, cents]) => ({ serviceId: serviceIds.get(code)!, unitPriceCents: cents })),
    );
    return { fundingSources: sources, services: serviceIds };
  });
}

const DEMO_NOTE = "Näidishinnad (kinnitamata), mitte ametlik hinnakiri.";

/** Earlier SRT versions across the real regulation dates, at a share of the 2023 price. */
const SRT_HISTORY: { from: string; to: string; percent: number }[] = [
  { from: "2018-01-01", to: "2018-07-31", percent: 80 },
  { from: "2018-08-01", to: "2018-12-31", percent: 84 },
  { from: "2019-01-01", to: "2019-12-31", percent: 88 },
  { from: "2020-01-01", to: "2022-01-20", percent: 92 },
  { from: "2022-01-21", to: "2022-12-31", percent: 96 },
];

/** The provider's own vocational-rehabilitation services, billed per academic hour (45 min). */
const TRT_SERVICES: (ServiceSeed & { cents: number; taxable?: boolean })[] = [
  {
    code: "T2010",
    nameEt: "TRT psühholoogi nõustamine",
    nameEn: "Vocational rehabilitation: psychologist counselling",
    specialty: "psychologist",
    isGroup: false,
    billingUnit: "academic_hour",
    cents: 4410,
  },
  {
    code: "T2004",
    nameEt: "TRT sotsiaaltöötaja nõustamine",
    nameEn: "Vocational rehabilitation: social worker counselling",
    specialty: "social_worker",
    isGroup: false,
    billingUnit: "academic_hour",
    cents: 4044,
  },
  {
    code: "T2001",
    nameEt: "TRT füsioterapeudi teenus",
    nameEn: "Vocational rehabilitation: physiotherapy",
    specialty: "physiotherapist",
    isGroup: false,
    billingUnit: "academic_hour",
    cents: 4404,
  },
  {
    code: "T2012",
    nameEt: "TRT psühholoogi grupinõustamine",
    nameEn: "Vocational rehabilitation: psychologist group counselling",
    specialty: "psychologist",
    isGroup: true,
    billingUnit: "academic_hour",
    cents: 1572,
  },
  {
    code: "T2007",
    nameEt: "TRT tööalane juhendamine (käibemaksuga)",
    nameEn: "Vocational rehabilitation: job coaching (VAT added)",
    specialty: "special_educator",
    isGroup: false,
    billingUnit: "academic_hour",
    vatStatus: "taxable",
    cents: 4284,
    taxable: true,
  },
];

const IET: ServiceSeed = {
  code: "IET",
  nameEt: "Igapäevaelu toetamine",
  nameEn: "Support for everyday life",
  specialty: null,
  isGroup: false,
  billingUnit: "month",
};

/**
 * Demo only: a price history to show versioning (SRT before 2023), the provider's own TRT price
 * list with one taxable item, and a monthly special-welfare service. All figures are demo
 * figures (unconfirmed) and say so in the version note. Idempotent; safe inside a transaction.
 */
export async function seedDemoPriceHistory(db: DbOrTx): Promise<void> {
  await db.transaction(async (tx) => {
    const standard = await ensureStandardCatalogue(tx);
    const specialtyIds = await ensureStandardSpecialties(tx);
    for (const version of SRT_HISTORY) {
      await ensureVersion(
        tx,
        standard.fundingSources.SRT,
        version.from,
        version.to,
        DEMO_NOTE,
        Object.entries(SRT_PRICES_2023).map(([code, cents]) => ({
          serviceId: standard.services.get(code)!,
          unitPriceCents: Math.round((cents * version.percent) / 100),
        })),
      );
    }
    const trt = await ensureServices(tx, TRT_SERVICES, specialtyIds);
    await ensureVersion(
      tx,
      standard.fundingSources.TRT,
      "2024-01-01",
      null,
      `Teenuseosutaja oma hinnakiri. ${DEMO_NOTE}`,
      TRT_SERVICES.map((s) => ({
        serviceId: trt.get(s.code)!,
        unitPriceCents: s.cents,
        vatStatus: s.taxable ? "taxable" : "exempt",
      })),
    );
    const iet = await ensureServices(tx, [IET], specialtyIds);
    // The monthly capitation moved from 122 to 137 euros on 2018-08-01 (domain.md §1).
    await ensureVersion(tx, standard.fundingSources.EHT, "2018-01-01", "2018-07-31", DEMO_NOTE, [
      { serviceId: iet.get("IET")!, unitPriceCents: 12200 },
    ]);
    await ensureVersion(tx, standard.fundingSources.EHT, "2018-08-01", null, DEMO_NOTE, [
      { serviceId: iet.get("IET")!, unitPriceCents: 13700 },
    ]);
  });
}
