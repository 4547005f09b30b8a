import { and, eq, sql } from "drizzle-orm";
import { priceListItems, priceListVersions, vatRates, type VatRateKind, type VatStatus } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";
import { isCalendarDate } from "@/lib/calendar-days";

export type PriceOnDay = {
  versionId: string;
  unitPriceCents: number;
  vatStatus: VatStatus;
  vatRateKind: VatRateKind | null;
  vatRate: number | null;
};

/**
 * The price of a service from a funding source's price list on a day ("YYYY-MM-DD"), or null
 * when no version valid that day lists the service. The same rule as the service_entries
 * trigger service_entries_price_and_limits in db/functions/ (valid_from <= day <= coalesce(valid_to, infinity)), so a form can
 * tell a person beforehand what the database will do. The day stays a string all the way into
 * SQL: no JS Date, no time zone, no DST shift.
 */
export async function priceOn(db: DbOrTx, query: { fundingSourceId: string; serviceId: string; date: string }): Promise<PriceOnDay | null> {
  if (!isCalendarDate(query.date)) throw invalid("date", "catalogueErrors.dateInvalid", `Not a date: ${query.date}`);
  const [row] = await db
    .select({
      versionId: priceListVersions.id,
      unitPriceCents: priceListItems.unitPriceCents,
      vatStatus: priceListItems.vatStatus,
      vatRateKind: priceListItems.vatRateKind,
      vatRate: vatRates.rate,
    })
    .from(priceListVersions)
    .innerJoin(priceListItems, and(eq(priceListItems.versionId, priceListVersions.id), eq(priceListItems.serviceId, query.serviceId)))
    // The trigger's VAT rule too: the rate of the item's kind valid that day.
    .leftJoin(
      vatRates,
      and(
        eq(vatRates.kind, priceListItems.vatRateKind),
        sql`${vatRates.validFrom} <= ${query.date}::date`,
        sql`(${vatRates.validTo} IS NULL OR ${query.date}::date <= ${vatRates.validTo})`,
      ),
    )
    .where(
      and(
        eq(priceListVersions.fundingSourceId, query.fundingSourceId),
        sql`${priceListVersions.validFrom} <= ${query.date}::date`,
        sql`(${priceListVersions.validTo} IS NULL OR ${query.date}::date <= ${priceListVersions.validTo})`,
      ),
    );
  if (!row) return null;
  return { ...row, vatRate: row.vatRate === null ? null : Number(row.vatRate) };
}

/**
 * The services a funding source's price list prices on some day from `from` to `to`: what a
 * decision of that funder can be charged for, offered first by the entry form (issue #14 item
 * 5). A suggestion: the entry's own price check still decides.
 */
export async function servicesPricedBetween(db: DbOrTx, query: { fundingSourceId: string; from: string; to: string }): Promise<string[]> {
  const rows = await db
    .selectDistinct({ serviceId: priceListItems.serviceId })
    .from(priceListItems)
    .innerJoin(priceListVersions, eq(priceListVersions.id, priceListItems.versionId))
    .where(
      and(
        eq(priceListVersions.fundingSourceId, query.fundingSourceId),
        sql`${priceListVersions.validFrom} <= ${query.to}::date`,
        sql`(${priceListVersions.validTo} IS NULL OR ${query.from}::date <= ${priceListVersions.validTo})`,
      ),
    );
  return rows.map((r) => r.serviceId).sort();
}
