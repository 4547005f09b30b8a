/** The report pages' own choices beside the common filters, as the address carries them (server and client both read these). */
export const INCOME_BASES = ["accrual", "cash"] as const;
export const INCOME_MEASURES = ["invoiced", "credited", "paid", "outstanding"] as const;
export type IncomeBasis = (typeof INCOME_BASES)[number];
export type IncomeMeasure = (typeof INCOME_MEASURES)[number];

/** The income report's choices in the address: anything else falls back to the default, so a hand-edited link still opens. */
export const incomeFromSearch = (params: Record<string, string | undefined>) => ({
  basis: INCOME_BASES.find((b) => b === params.basis) ?? "accrual",
  measure: INCOME_MEASURES.find((m) => m === params.measure) ?? "invoiced",
});

/** The clients report's rows: which property of the clients they count by. */
export const CLIENT_GROUPINGS = ["funder", "service", "unit", "ageBand", "sex", "county"] as const;
export type ClientGrouping = (typeof CLIENT_GROUPINGS)[number];
export const clientGroupingFromSearch = (by: string | undefined): ClientGrouping => CLIENT_GROUPINGS.find((g) => g === by) ?? "funder";
