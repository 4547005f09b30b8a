import {
  fundingDecisions,
  fundingSources,
  priceListItems,
  priceListVersions,
  serviceEntries,
  services,
  type BillingUnit,
  type FundingKind,
  type VatRateKind,
  type VatStatus,
} from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { makeClient, makeEmployee } from "./factories";

let counter = 0;
const next = () => ++counter;

export async function makeFundingSource(
  db: DbOrTx,
  opts: { kind?: FundingKind; name?: string; payerRegistryCode?: string | null; active?: boolean } = {},
): Promise<string> {
  const [row] = await db
    .insert(fundingSources)
    .values({
      kind: opts.kind ?? "SRT",
      name: opts.name ?? `Funder ${next()}`,
      payerName: "Sotsiaalkindlustusamet",
      payerRegistryCode: opts.payerRegistryCode === undefined ? "70001975" : opts.payerRegistryCode,
      active: opts.active ?? true,
    })
    .returning({ id: fundingSources.id });
  return row!.id;
}

export async function makeService(
  db: DbOrTx,
  opts: {
    code?: string;
    nameEt?: string;
    billingUnit?: BillingUnit;
    isGroup?: boolean;
    active?: boolean;
    specialtyId?: string | null;
  } = {},
): Promise<string> {
  const n = next();
  const [row] = await db
    .insert(services)
    .values({
      code: opts.code ?? `S${n}`,
      nameEt: opts.nameEt ?? `Teenus ${n}`,
      nameEn: `Service ${n}`,
      billingUnit: opts.billingUnit ?? "hour",
      isGroup: opts.isGroup ?? false,
      active: opts.active ?? true,
      specialtyId: opts.specialtyId ?? null,
    })
    .returning({ id: services.id });
  return row!.id;
}

export type ItemSpec = { serviceId: string; cents: number; vatStatus?: VatStatus; vatRateKind?: VatRateKind | null };

/** A version written straight to the tables (no domain checks), with its items. */
export async function makePriceVersion(
  db: DbOrTx,
  opts: { fundingSourceId: string; validFrom: string; validTo?: string | null; note?: string; items?: ItemSpec[] },
): Promise<string> {
  const [row] = await db
    .insert(priceListVersions)
    .values({
      fundingSourceId: opts.fundingSourceId,
      validFrom: opts.validFrom,
      validTo: opts.validTo ?? null,
      note: opts.note ?? "",
    })
    .returning({ id: priceListVersions.id });
  const items = opts.items ?? [];
  if (items.length) {
    await db.insert(priceListItems).values(
      items.map((i) => ({
        versionId: row!.id,
        serviceId: i.serviceId,
        unitPriceCents: i.cents,
        vatStatus: i.vatStatus ?? "exempt",
        vatRateKind: i.vatRateKind ?? (i.vatStatus === "taxable" ? "standard" : null),
      })),
    );
  }
  return row!.id;
}

/**
 * One service entry for a new client under a new decision of the source covering the day; the
 * trigger service_entries_price_and_limits (db/functions/) prices it from the version valid that day.
 */
export async function makeServiceEntry(
  db: DbOrTx,
  opts: {
    fundingSourceId: string;
    kind: FundingKind;
    serviceId: string;
    serviceDate: string;
    units?: string;
    decisionFrom?: string;
    decisionTo?: string;
  },
) {
  const clientId = await makeClient(db);
  const specialistId = await makeEmployee(db);
  const [decision] = await db
    .insert(fundingDecisions)
    .values({
      clientId,
      fundingSourceId: opts.fundingSourceId,
      fundingKind: opts.kind,
      decisionNumber: `K${String(next()).padStart(6, "0")}`,
      decisionDate: opts.decisionFrom ?? opts.serviceDate,
      startDate: opts.decisionFrom ?? opts.serviceDate,
      endDate: opts.decisionTo ?? opts.serviceDate,
    })
    .returning({ id: fundingDecisions.id });
  const [entry] = await db
    .insert(serviceEntries)
    .values({
      clientId,
      decisionId: decision!.id,
      serviceId: opts.serviceId,
      serviceDate: opts.serviceDate,
      units: opts.units ?? "1",
      specialistId,
    })
    .returning({
      id: serviceEntries.id,
      priceVersionId: serviceEntries.priceVersionId,
      unitPriceCents: serviceEntries.unitPriceCents,
      amountCents: serviceEntries.amountCents,
    });
  return { clientId, decisionId: decision!.id, ...entry! };
}
