/** The report pages' own choices beside the common filters, as the address carries them (server and client both read these). */
import { CLIENT_GROUPINGS, INCOME_BASES, INCOME_MEASURES, type ClientGrouping } from "@/server/reports/schemas";

export { CLIENT_GROUPINGS, INCOME_BASES, INCOME_MEASURES, type ClientGrouping };
export type { IncomeBasis, IncomeMeasure } from "@/server/reports/schemas";

/** The income report's choices in the address: anything else falls back to the default, so a hand-edited link still opens. */
export const incomeFromSearch = (params: Record<string, string | undefined>) => ({
  basis: INCOME_BASES.find((b) => b === params.basis) ?? "accrual",
  measure: INCOME_MEASURES.find((m) => m === params.measure) ?? "invoiced",
});

/** The clients report's rows: which property of the clients they count by. */
export const clientGroupingFromSearch = (by: string | undefined): ClientGrouping => CLIENT_GROUPINGS.find((g) => g === by) ?? "funder";
