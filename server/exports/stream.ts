import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { escapeCsvText } from "@/server/reports/export";
import type { Cell, ExportColumn, Locale } from "./lists";
import { decimalText } from "@/lib/format";

/**
 * A list as a file, written as a stream so a large list starts downloading at once and never
 * waits whole in memory: CSV (UTF-8 with a byte-order mark, ";" and decimal comma in Estonian)
 * or XLSX (ExcelJS's streaming writer). The rows come page by page (lists.ts), the next page read
 * only when the reader has taken the last; a reader that stops ends the reading of pages. Text
 * that a spreadsheet would run as a formula is escaped as the reports' exports escape it.
 */

const BATCH = 500;

export type Rows = Cell[][] | AsyncIterable<Cell[][]>;
/** Told once the file ends: how many rows were written and whether the reader took them all. */
export type OnDone = (rows: number, complete: boolean) => void;

/** An array in batches, or the pages as they come. */
async function* pagesOf(rows: Rows): AsyncGenerator<Cell[][]> {
  if (!Array.isArray(rows)) {
    yield* rows;
    return;
  }
  for (let at = 0; at < rows.length; at += BATCH) yield rows.slice(at, at + BATCH);
}

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

export function csvStream(columns: ExportColumn[], rows: Rows, locale: Locale, onDone?: OnDone): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = pagesOf(rows);
  let written = 0;
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
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        onDone?.(written, true);
        return controller.close();
      }
      written += next.value.length;
      controller.enqueue(encoder.encode(next.value.map((r) => `${csvLine(r, columns, locale)}\r\n`).join("")));
    },
    async cancel() {
      onDone?.(written, false);
      await pages.return(undefined);
    },
  });
}

const NUM_FMT = { money: '#,##0.00 "€"', number: "#,##0.00" } as const;

export function xlsxStream(title: string, columns: ExportColumn[], rows: Rows, onDone?: OnDone): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(title.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.label,
    width: Math.min(50, Math.max(12, c.label.length + 2)),
    style: c.kind === "money" || c.kind === "number" ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  let written = 0;
  void (async () => {
    try {
      for await (const page of pagesOf(rows)) {
        // The reader went away (stopped): no more pages are read.
        if (out.destroyed) return onDone?.(written, false);
        // Text cells keep their text: a cell starting with "=" stays text in ExcelJS, escaped like the CSV all the same.
        for (const row of page) sheet.addRow(row.map((c) => (typeof c === "string" ? escapeCsvText(c) : c))).commit();
        written += page.length;
        // Wait until the reader has taken what is written before reading the next page.
        if (out.writableNeedDrain) await new Promise((r) => out.once("drain", r).once("close", r));
        else await new Promise((r) => setImmediate(r));
      }
      sheet.commit();
      await book.commit();
      onDone?.(written, true);
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
