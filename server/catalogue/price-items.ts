import { inArray } from "drizzle-orm";
import { services, VAT_RATE_KINDS, VAT_STATUSES, type VatRateKind, type VatStatus } from "@/db/schema";
import { parseEuroCents } from "@/lib/money";
import type { DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";

/**
 * One row of a price list as a form sends it: the price in euros as typed ("29,40"). A taxable
 * item names its VAT rate kind; the percentage is dated data (vat_rates), taken per service date.
 */
export type PriceItemInput = { serviceId: string; unitPrice: string; vatStatus: VatStatus; vatRateKind: VatRateKind | null };

/** One row as stored: integer cents; a rate kind only when taxable. */
export type PriceItem = { serviceId: string; unitPriceCents: number; vatStatus: VatStatus; vatRateKind: VatRateKind | null };

/** Each error names the row's field, `items.<serviceId>.unitPrice` and so on. */
export function normaliseItems(items: PriceItemInput[]): PriceItem[] {
  const seen = new Set<string>();
  return items.map((item) => {
    const field = (name: string) => `items.${item.serviceId}.${name}`;
    if (seen.has(item.serviceId)) throw invalid(field("serviceId"), "catalogueErrors.serviceTwice", "The service is listed twice");
    seen.add(item.serviceId);
    const cents = parseEuroCents(item.unitPrice);
    if (cents === null) {
      throw invalid(field("unitPrice"), "catalogueErrors.priceInvalid", `Not a price in euros: ${item.unitPrice}`, {
        value: item.unitPrice,
      });
    }
    if (!VAT_STATUSES.includes(item.vatStatus))
      throw invalid(field("vatStatus"), "catalogueErrors.vatStatusUnknown", `Unknown VAT status ${item.vatStatus}`);
    let vatRateKind: VatRateKind | null = null;
    if (item.vatStatus === "taxable") {
      vatRateKind = item.vatRateKind ?? "standard";
      if (!VAT_RATE_KINDS.includes(vatRateKind))
        throw invalid(field("vatRateKind"), "vatErrors.kindUnknown", `Unknown VAT rate kind ${vatRateKind}`);
    }
    return { serviceId: item.serviceId, unitPriceCents: cents, vatStatus: item.vatStatus, vatRateKind };
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

const itemKey = (i: PriceItem) => `${i.serviceId}|${i.unitPriceCents}|${i.vatStatus}|${i.vatRateKind ?? ""}`;

export function sameItems(a: PriceItem[], b: PriceItem[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(itemKey));
  return b.every((i) => keys.has(itemKey(i)));
}
