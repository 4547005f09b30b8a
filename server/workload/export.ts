import ExcelJS from "exceljs";
import { MESSAGES } from "@/i18n/messages";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { timeSheet, type Sheet, type SheetRow, type SheetTotals } from "./time-sheet";
import type { DomainContext } from "@/server/domain-context";
import { formatFor } from "@/lib/format";
import { localName } from "@/lib/local-name";

/**
 * The time sheet as a file: XLSX (bold headers, frozen header row and name column, widths,
 * two-decimal hours, a totals row of SUM formulas that also carry their values) or CSV (for
 * Estonian spreadsheets: semicolons and decimal commas; English: commas and points). Both
 * hold exactly the table on screen: the same rows, columns and totals.
 */

export type Locale = "et" | "en";
type Labels = {
  title: string;
  employee: string;
  sessionTotal: string;
  generalTotal: string;
  total: string;
  possible: string;
  difference: string;
  totals: string;
  file: string;
};

function labels(locale: Locale): Labels {
  const workload = (MESSAGES[locale] as { workload: { export: Labels } }).workload;
  return workload.export;
}

type Column = { header: string; value: (r: SheetRow | SheetTotals) => number; width: number };

function columnsOf(sheet: Sheet, locale: Locale): Column[] {
  const l = labels(locale);
  const name = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  const widthOf = (header: string) => Math.min(30, Math.max(11, header.length + 2));
  const cols = (header: string, value: Column["value"]): Column => ({ header, value, width: widthOf(header) });
  return [
    ...sheet.services.map((s) => cols(`${s.code} ${name(s)}`, (r) => r.services[s.id] ?? 0)),
    cols(l.sessionTotal, (r) => r.sessionHours),
    ...sheet.types.map((t) => cols(localName(locale, t.name, t.nameEn), (r) => r.types[t.id] ?? 0)),
    cols(l.generalTotal, (r) => r.generalHours),
    cols(l.total, (r) => r.total),
    cols(l.possible, (r) => r.possible),
    cols(l.difference, (r) => r.difference),
  ];
}

const slug = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

function fileNameOf(sheet: Sheet, locale: Locale, ext: "xlsx" | "csv") {
  return `${labels(locale).file}-${sheet.unit ? `${slug(sheet.unit.name)}-` : ""}${sheet.month}.${ext}`;
}

export async function sheetToXlsx(sheet: Sheet, locale: Locale): Promise<Buffer> {
  const l = labels(locale);
  const cols = columnsOf(sheet, locale);
  const book = new ExcelJS.Workbook();
  book.creator = "Hoolekanne";
  // Spreadsheet programs work the totals' SUMs out again when the file opens.
  book.calcProperties.fullCalcOnLoad = true;
  const ws = book.addWorksheet(sheet.month, { views: [{ state: "frozen", xSplit: 1, ySplit: 2 }] });
  ws.columns = [{ width: 30 }, ...cols.map((c) => ({ width: c.width }))];
  const unitName = sheet.unit ? localName(locale, sheet.unit.name, sheet.unit.nameEn) : "";
  const title = ws.addRow([`${l.title}: ${unitName} ${formatFor(locale).month(sheet.month)}`.replace(/\s+/g, " ")]);
  title.font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, cols.length + 1);
  const header = ws.addRow([l.employee, ...cols.map((c) => c.header)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };
    cell.border = { bottom: { style: "thin" } };
  });
  for (const r of sheet.rows) ws.addRow([r.name, ...cols.map((c) => c.value(r))]);
  const first = 3;
  const last = 2 + sheet.rows.length;
  const totals = ws.addRow([
    l.totals,
    ...cols.map((c, i) => {
      const letter = ws.getColumn(i + 2).letter;
      return sheet.rows.length ? { formula: `SUM(${letter}${first}:${letter}${last})`, result: c.value(sheet.totals) } : 0;
    }),
  ]);
  totals.font = { bold: true };
  totals.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
  for (let i = 2; i <= cols.length + 1; i++) ws.getColumn(i).numFmt = "0.00";
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function sheetToCsv(sheet: Sheet, locale: Locale): string {
  const l = labels(locale);
  const cols = columnsOf(sheet, locale);
  const sep = locale === "et" ? ";" : ",";
  const num = (x: number) => formatFor(locale).plain(x, 2);
  const text = (s: string) => (/[";,\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    [l.employee, ...cols.map((c) => c.header)].map(text).join(sep),
    ...sheet.rows.map((r) => [text(r.name), ...cols.map((c) => num(c.value(r)))].join(sep)),
    [text(l.totals), ...cols.map((c) => num(c.value(sheet.totals)))].join(sep),
  ];
  // A byte-order mark so spreadsheet programs read the file as UTF-8 (õ, ä, ö, ü, š, ž).
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The sheet the viewer may see, as a file, and a line in the audit log that it left the system. */
export async function exportSheet(
  { db, actor, ip }: DomainContext<Db>,
  input: { unitId: string | null; month: string; format: "xlsx" | "csv"; locale: Locale },
) {
  const sheet = await timeSheet({ db, actor, ip }, input);
  const body =
    input.format === "xlsx"
      ? (await sheetToXlsx(sheet, input.locale)).toString("base64")
      : Buffer.from(sheetToCsv(sheet, input.locale), "utf8").toString("base64");
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "timesheet.export",
    targetType: "unit",
    targetId: input.unitId,
    ip,
    details: { month: input.month, format: input.format, rows: sheet.rows.length },
  });
  return {
    fileName: fileNameOf(sheet, input.locale, input.format),
    mimeType: input.format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv;charset=utf-8",
    base64: body,
  };
}
