import ExcelJS from "exceljs";
import { MESSAGES } from "@/i18n/messages";
import { getInstitution } from "@/server/settings/institution";
import type { DbOrTx } from "@/server/db/client";
import { renderReportPdf } from "./pdf";
import { cellValue, type MeasureKind, type ReportData } from "./table";
import { formatFor } from "@/lib/format";

/**
 * A report as a file: XLSX, CSV or PDF, each with exactly the screen's columns, rows and totals,
 * and the filters it was taken with written at the top.
 */

export type Locale = "et" | "en";
export type ExportFormat = "xlsx" | "csv" | "pdf";
type Tree = { [key: string]: string | Tree };

export function reportTexts(locale: Locale) {
  const tree = (MESSAGES[locale] as Tree).reports as Tree;
  const get = (path: string): string => {
    const v = path.split(".").reduce<string | Tree | undefined>((node, k) => (typeof node === "object" ? node[k] : undefined), tree);
    return typeof v === "string" ? v : path;
  };
  return get;
}

const formatDate = (day: string, locale: Locale) => formatFor(locale).date(day);

/** The header lines: period and every filter chosen, in words. */
export function filterLines(data: ReportData, locale: Locale): [string, string][] {
  const t = reportTexts(locale);
  const f = data.scope.filters;
  const l = data.scope.labels;
  const lines: [string, string][] = [[t("export.period"), `${formatDate(f.from, locale)} – ${formatDate(f.to, locale)}`]];
  lines.push([t("filters.unit"), l.unit ?? t("filters.allUnits")]);
  if (l.funder) lines.push([t("filters.funder"), l.funder]);
  if (l.service) lines.push([t("filters.service"), l.service]);
  if (l.employee) lines.push([t("filters.employee"), l.employee]);
  return lines;
}

export type Table = {
  headers: string[];
  kinds: MeasureKind[];
  rows: { label: string; values: (number | null)[] }[];
  totals: (number | null)[];
  totalsLabel: string;
};

export function tableOf(data: ReportData, locale: Locale): Table {
  const t = reportTexts(locale);
  return {
    headers: [
      t(`rowHeaders.${data.rowHeader}`),
      ...data.columns.map((c) => (c.month ? formatFor(locale).monthShort(c.month) : t(`${data.report}.columns.${c.key}`))),
    ],
    kinds: data.columns.map((c) => c.kind),
    rows: data.rows.map((r) => ({ label: r.label[locale], values: data.columns.map((c) => cellValue(c.kind, r.values[c.key])) })),
    totals: data.columns.map((c) => cellValue(c.kind, data.totals[c.key])),
    totalsLabel: t("totals"),
  };
}

const NUM_FMT: Record<MeasureKind, string> = { money: '#,##0.00 "€"', hours: "#,##0.00", count: "#,##0", percent: '0.0"%"' };

export async function reportToXlsx(data: ReportData, locale: Locale): Promise<Buffer> {
  const t = reportTexts(locale);
  const table = tableOf(data, locale);
  const book = new ExcelJS.Workbook();
  book.creator = "Hoolekanne";
  const ws = book.addWorksheet(t(`${data.report}.title`).slice(0, 31));
  ws.addRow([t(`${data.report}.title`)]).font = { bold: true, size: 14 };
  for (const [label, value] of filterLines(data, locale)) ws.addRow([label, value]).getCell(1).font = { bold: true };
  ws.addRow([]);
  const headerRow = ws.addRow(table.headers);
  headerRow.font = { bold: true };
  headerRow.alignment = { wrapText: true, vertical: "middle" };
  headerRow.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
    cell.border = { bottom: { style: "thin" } };
  });
  ws.views = [{ state: "frozen", xSplit: 1, ySplit: headerRow.number }];
  for (const r of table.rows) ws.addRow([r.label, ...r.values]);
  // Totals as values, not formulas: a share's total is not the sum of rounded shares, and the
  // file must say what the screen said.
  const totals = ws.addRow([table.totalsLabel, ...table.totals]);
  totals.font = { bold: true };
  totals.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
  ws.getColumn(1).width = 40;
  table.kinds.forEach((kind, i) => {
    const col = ws.getColumn(i + 2);
    col.width = Math.min(22, Math.max(12, table.headers[i + 1]!.length + 2));
    for (let row = headerRow.number + 1; row <= totals.number; row++) ws.getCell(row, i + 2).numFmt = NUM_FMT[kind];
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * Text a spreadsheet would run as a formula (= + - @, tab, carriage return first) gets a leading
 * apostrophe (OWASP's advice against CSV injection); numbers are written by us and stay numbers.
 */
export const escapeCsvText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function reportToCsv(data: ReportData, locale: Locale): string {
  const table = tableOf(data, locale);
  const sep = locale === "et" ? ";" : ",";
  const quote = (s: string) => {
    const safe = escapeCsvText(s);
    return /[";,\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const num = (x: number | null, kind: MeasureKind) => {
    if (x === null) return "";
    return formatFor(locale).plain(x, kind === "count" ? 0 : kind === "percent" ? 1 : 2);
  };
  const lines = [
    ...filterLines(data, locale).map(([label, value]) => [quote(label), quote(value)].join(sep)),
    "",
    table.headers.map(quote).join(sep),
    ...table.rows.map((r) => [quote(r.label), ...r.values.map((v, i) => num(v, table.kinds[i]!))].join(sep)),
    [quote(table.totalsLabel), ...table.totals.map((v, i) => num(v, table.kinds[i]!))].join(sep),
  ];
  // A byte-order mark so spreadsheet programs read the file as UTF-8 (õ, ä, ö, ü, š, ž).
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

const MIME: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv;charset=utf-8",
  pdf: "application/pdf",
};

export async function reportFile(db: DbOrTx, data: ReportData, format: ExportFormat, locale: Locale) {
  const t = reportTexts(locale);
  let body: Buffer;
  if (format === "xlsx") body = await reportToXlsx(data, locale);
  else if (format === "csv") body = Buffer.from(reportToCsv(data, locale), "utf8");
  else {
    const institution = await getInstitution(db);
    body = await renderReportPdf({
      data,
      locale,
      institution: { name: institution.legalName, registryCode: institution.registryCode ?? null },
    });
  }
  const f = data.scope.filters;
  return {
    fileName: `${t("export.file")}-${data.report}-${f.from}-${f.to}.${format}`,
    mimeType: MIME[format],
    base64: body.toString("base64"),
    texts: t,
  };
}
