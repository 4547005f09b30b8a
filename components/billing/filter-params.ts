import { INVOICE_STATUSES, REPORT_FILTER_STATUSES } from "@/db/schema/enums";

/** The billing page's filters as its address holds them; shared by the page (server prefetch) and the filter bar. */
export type BillingFilters = {
  unitId: string | null;
  fundingSourceId: string | null;
  client: string;
  reportStatus: (typeof REPORT_FILTER_STATUSES)[number] | null;
  invoiceStatus: (typeof INVOICE_STATUSES)[number] | null;
};
export const NO_FILTERS: BillingFilters = { unitId: null, fundingSourceId: null, client: "", reportStatus: null, invoiceStatus: null };

const PARAMS = { unitId: "unit", fundingSourceId: "funder", client: "client", reportStatus: "report", invoiceStatus: "invoice" } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null =>
  (list as readonly string[]).includes(v ?? "") ? (v as T) : null;

/**
 * The filters as the page's URL holds them, so a filtered month can be shared or bookmarked; a
 * value an edited address garbled is dropped rather than sent.
 */
export function filtersFromUrl(params: { get(name: string): string | null }): BillingFilters {
  const get = (k: keyof BillingFilters) => params.get(PARAMS[k]) || null;
  const id = (v: string | null) => (v && UUID.test(v) ? v : null);
  return {
    unitId: id(get("unitId")),
    fundingSourceId: id(get("fundingSourceId")),
    client: (get("client") ?? "").slice(0, 100),
    reportStatus: oneOf(REPORT_FILTER_STATUSES, get("reportStatus")),
    invoiceStatus: oneOf(INVOICE_STATUSES, get("invoiceStatus")),
  };
}

export function filtersToUrl(month: string, f: BillingFilters) {
  const url = new URL(window.location.href);
  url.searchParams.set("month", month);
  for (const [key, param] of Object.entries(PARAMS)) {
    const value = f[key as keyof BillingFilters];
    if (value) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
  }
  window.history.replaceState(null, "", url);
}

/** What the list procedures take: only the filters that are set. */
export const listInput = <S extends string>(month: string, f: BillingFilters, status: S | null) => ({
  month,
  ...(f.unitId ? { unitId: f.unitId } : {}),
  ...(f.fundingSourceId ? { fundingSourceId: f.fundingSourceId } : {}),
  ...(f.client.trim() ? { client: f.client.trim() } : {}),
  ...(status ? { status } : {}),
});
