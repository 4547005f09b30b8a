import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { escapeCsvText, reportToCsv, reportToXlsx } from "./export";
import { renderReportPdf } from "./pdf";
import type { ReportData } from "./table";

/**
 * The report files: the same rows and totals as the screen, the filters at the top, CSV that a
 * spreadsheet reads as UTF-8 and never runs as a formula, a PDF with its pages numbered.
 */

const data = (rows = 2): ReportData => ({
  report: "serviceStructure",
  scope: {
    filters: { from: "2026-01-01", to: "2026-12-31" },
    labels: { unit: "Tallinn", funder: "Tallinna linn", service: null, employee: null },
  },
  rowHeader: "service",
  columns: [
    { key: "hours", kind: "hours" },
    { key: "hoursShare", kind: "percent" },
    { key: "sessions", kind: "count" },
    { key: "cents", kind: "money" },
  ],
  rows: Array.from({ length: rows }, (_, i) => ({
    key: `k${i}`,
    drill: true,
    label:
      i === 0
        ? { et: '=HYPERLINK("http://x")', en: '=HYPERLINK("http://x")' }
        : { et: `2010 Psühholoog ${i}`, en: `2010 Psychologist ${i}` },
    values: { hours: 1.5, hoursShare: 100 / rows, sessions: 2, cents: 123456 },
  })),
  totals: { hours: 1.5 * rows, hoursShare: 100, sessions: 2 * rows, cents: 123456 * rows },
  chart: { measure: "cents" },
});

describe("CSV", () => {
  it("starts with a byte-order mark, writes Estonian numbers and the filters, totals last", () => {
    const csv = reportToCsv(data(), "et");
    expect(csv.startsWith("\uFEFFPeriood;01.01.2026 – 31.12.2026\r\n")).toBe(true);
    expect(csv).toContain("Üksus (koos alamüksustega);Tallinn");
    expect(csv).toContain("Rahastaja;Tallinna linn");
    expect(csv).toContain("2010 Psühholoog 1;1,50;50,0;2;1234,56");
    expect(csv.trimEnd().split("\r\n").at(-1)).toBe("Kokku;3,00;100,0;4;2469,12");
  });

  it("text a spreadsheet would run as a formula is escaped", () => {
    const csv = reportToCsv(data(), "en");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(["=1", "+1", "-1", "@a", "\tx", "ok"].map(escapeCsvText)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "ok"]);
  });
});

describe("XLSX", () => {
  it("holds the title, the filters, the table and a totals row equal to the report's totals", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportToXlsx(data(3), "et")) as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect(ws.getCell("A1").value).toBe("Teenuste struktuur");
    expect([ws.getCell("A2").value, ws.getCell("B2").value]).toEqual(["Periood", "01.01.2026 – 31.12.2026"]);
    let header = 0;
    let totals = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === "Teenus") header = n;
      if (row.getCell(1).value === "Kokku") totals = n;
    });
    expect(header).toBeGreaterThan(2);
    expect(totals).toBe(header + 4);
    expect([2, 3, 4, 5].map((c) => ws.getRow(totals).getCell(c).value)).toEqual([4.5, 100, 6, 3703.68]);
    expect(ws.getRow(totals).getCell(5).numFmt).toContain("€");
    expect(ws.getRow(header).font?.bold).toBe(true);
  });
});

describe("PDF", () => {
  it("is a PDF of numbered pages, a long report running over several", async () => {
    const pdf = await renderReportPdf({
      data: data(120),
      locale: "et",
      institution: { name: "Hoolekande Keskus", registryCode: "12345678" },
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
  });
});
