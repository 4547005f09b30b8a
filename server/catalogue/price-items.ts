import { inArray } from "drizzle-orm";
import { services, VAT_STATUSES, type VatStatus } from "@/db/schema";
import { parseEuroCents } from "@/lib/money";
import type { DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";

/** The Estonian standard VAT rate since 2024 (domain.md §2); the default for taxable items. */
export const STANDARD_VAT_RATE = 22;

/** One row of a price list as a form sends it: the price in euros as typed ("29,40"). */
export type PriceItemInput = { serviceId: string; unitPrice: string; vatStatus: VatStatus; vatRate: number | null };

/** One row as stored: integer cents, and the rate as PostgreSQL's numeric text ("22.00"). */
export type PriceItem = { serviceId: string; unitPriceCents: number; vatStatus: VatStatus; vatRate: string | null };

/** Each error names the row's field, `items.<serviceId>.unitPrice` and so on. */
export function normaliseItems(items: PriceItemInput[]): PriceItem[] {
  const seen = new Set<string>();
  return items.map((item) => {
    const field = (name: string) => `items.${item.serviceId}.${name}`;
    if (seen.has(item.serviceId)) throw invalid(field("serviceId"), "catalogueErrors.serviceTwice", "The service is listed twice");
    seen.add(item.serviceId);
    const cents = parseEuroCents(item.unitPrice);
    if (cents === null) {
      throw invalid(field("unitPrice"), "catalogueErrors.priceInvalid", `Not a price in euros: ${item.unitPrice}`, { value: item.unitPrice });
    }
    if (!VAT_STATUSES.includes(item.vatStatus)) throw invalid(field("vatStatus"), "catalogueErrors.vatStatusUnknown", `Unknown VAT status ${item.vatStatus}`);
    let vatRate: string | null = null;
    if (item.vatStatus === "taxable") {
      const rate = item.vatRate ?? STANDARD_VAT_RATE;
      // numeric(4,2): a rate with at most two decimals, checked on hundredths as integers.
      const hundredths = Math.round(rate * 100);
      if (!(rate > 0 && rate < 100) || Math.abs(hundredths - rate * 100) > 1e-6) {
        throw invalid(field("vatRate"), "catalogueErrors.vatRateInvalid", `VAT rate must be above 0 and below 100: ${rate}`);
      }
      vatRate = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
    }
    return { serviceId: item.serviceId, unitPriceCents: cents, vatStatus: item.vatStatus, vatRate };
  });
}

/** Unknown services are named by field rather than left to the foreign key. */
export async function assertServicesExist(db: DbOrTx, items: PriceItem[]) {
  if (items.length === 0) return;
  const ids = items.map((i) => i.serviceId);
  const found = new Set((await db.select({ id: services.id }).from(services).where(inArray(services.id, ids))).map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw invalid(`items.${missing}.serviceId`, "catalogueErrors.serviceMissing", `Unknown service ${missing}`);
}

const itemKey = (i: PriceItem) => `${i.serviceId}|${i.unitPriceCents}|${i.vatStatus}|${i.vatRate === null ? "" : Number(i.vatRate)}`;

export function sameItems(a: PriceItem[], b: PriceItem[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(itemKey));
  return b.every((i) => keys.has(itemKey(i)));
}
