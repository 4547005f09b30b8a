import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { escapeCsvText } from "@/server/reports/export";
import type { Cell, ExportColumn, Locale } from "./lists";
import { decimalText } from "@/lib/format";

/**
 * A list as a file, written as a stream so a large list starts downloading at once and never
 * waits whole in memory as text: CSV (UTF-8 with a byte-order mark, ";" and decimal comma in
 * Estonian) or XLSX (ExcelJS's streaming writer). Text that a spreadsheet would run as a formula
 * is escaped as the reports' exports escape it.
 */

const BATCH = 500;

function csvLine(cells: Cell[], columns: ExportColumn[], locale: Locale): string {
  const sep = locale === "et" ? ";" : ",";
  return cells
    .map((cell, i) => {
      if (cell === null) return "";
      if (typeof cell === "number") {
        const text = columns[i]?.kind === "money" ? decimalText(cell) : String(cell);
        return locale === "et" ? text.replace(".", ",") : text;
      }
      const safe = escapeCsvText(cell);
      return /[";,\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    })
    .join(sep);
}

export function csvStream(columns: ExportColumn[], rows: Cell[][], locale: Locale): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          `\uFEFF${csvLine(
            columns.map((c) => c.label),
            [],
            locale,
          )}\r\n`,
        ),
      );
    },
    pull(controller) {
      if (at >= rows.length) return controller.close();
      const batch = rows.slice(at, at + BATCH);
      at += batch.length;
      controller.enqueue(encoder.encode(batch.map((r) => `${csvLine(r, columns, locale)}\r\n`).join("")));
    },
  });
}

const NUM_FMT = { money: '#,##0.00 "€"', number: "#,##0.00" } as const;

export function xlsxStream(title: string, columns: ExportColumn[], rows: Cell[][]): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(title.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.label,
    width: Math.min(50, Math.max(12, c.label.length + 2)),
    style: c.kind === "money" || c.kind === "number" ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for (let i = 0; i < rows.length; i++) {
        // Text cells keep their text: a cell starting with "=" stays text in ExcelJS, escaped like the CSV all the same.
        sheet.addRow(rows[i]!.map((c) => (typeof c === "string" ? escapeCsvText(c) : c))).commit();
        if (i % BATCH === BATCH - 1) await new Promise((r) => setImmediate(r));
      }
      sheet.commit();
      await book.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
