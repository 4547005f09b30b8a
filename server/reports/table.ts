import { plainJson } from "@/lib/transformer";
import type { ReportFilters, ReportScope } from "./filters";

/**
 * The shape every report answers with: the screen renders it, and the exports write the very same
 * columns, rows and totals, so a file always equals the page. Column texts and definitions are
 * i18n keys (reports.<report>.columns.<key>, reports.<report>.definitions.<key>).
 */
export type MeasureKind = "money" | "hours" | "count" | "percent";
/** `month` ("YYYY-MM"): a column of one month of the period, labelled by the month, defined once as "month". */
export type ReportColumn = { key: string; kind: MeasureKind; month?: string };
export type ReportValues = Record<string, number | null>;
export type ReportRow = { key: string; label: { et: string; en: string }; values: ReportValues; drill: boolean };
export const REPORT_KINDS = ["serviceStructure", "workPerEmployee", "decisions", "receivables", "income", "earnings", "clients"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type ReportData = {
  report: ReportKind;
  scope: { filters: ReportFilters; labels: ReportScope["labels"] };
  /** The i18n key (reports.rowHeaders.<key>) of the first column. */
  rowHeader: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  totals: ReportValues;
  chart: { measure: string };
};

/**
 * A report as the browser gets it: plain JSON, sent as it is (lib/transformer.ts). The decisions
 * report of a large institution is ~3 MB, which superjson took ~100 ms to send.
 */
export const reportAnswer = (data: ReportData): ReportData => plainJson(data);

/** A value as a spreadsheet holds it: euros from cents, the rest as they are. */
export const cellValue = (kind: MeasureKind, value: number | null | undefined) =>
  value === null || value === undefined ? null : kind === "money" ? value / 100 : value;
