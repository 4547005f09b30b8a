/**
 * The reports' own value lists, shared with the report pages (which read them from the address)
 * and the report procedures' inputs: one home for each list.
 */

/** Income report: which figure fills the month columns, and whether by service month or by cash date. */
export const INCOME_MEASURES = ["invoiced", "credited", "paid", "outstanding"] as const;
export type IncomeMeasure = (typeof INCOME_MEASURES)[number];
export const INCOME_BASES = ["accrual", "cash"] as const;
export type IncomeBasis = (typeof INCOME_BASES)[number];

/** Clients report: which property of the clients its rows count by. */
export const CLIENT_GROUPINGS = ["funder", "service", "unit", "ageBand", "sex", "county"] as const;
export type ClientGrouping = (typeof CLIENT_GROUPINGS)[number];

/** The files a report downloads as. */
export const REPORT_FORMATS = ["xlsx", "csv", "pdf"] as const;
