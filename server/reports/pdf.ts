import { existsSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { Locale, Table } from "./export";
import { filterLines, reportTexts, tableOf } from "./export";
import type { MeasureKind, ReportData } from "./table";
import { formatFor } from "@/lib/format";

/**
 * A report as an A4 landscape PDF: the institution's name and registry code at the top, the
 * filters, the table with its header repeated on every page, the totals, and "Lk x / y" below.
 * Noto Sans from an npm package (read from disk, as the invoice PDF does): pdfkit's own fonts
 * lack Cyrillic names.
 */

const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans");
function fontPath(file: string): string {
  const full = path.join(FONT_DIR, file);
  if (!existsSync(full)) throw new Error(`Report font missing at ${full}: run npm install in the project directory`);
  return full;
}
const MARGIN = 36;
const FOOTER = 30;
const ROW_H = 14;

/** A cell as the page shows it (components/reports/format.ts): money arrives in euros here. */
const formatters = (locale: Locale) => {
  const f = formatFor(locale);
  return (kind: MeasureKind, v: number | null) =>
    v === null
      ? "—"
      : kind === "money"
        ? f.money(Math.round(v * 100))
        : kind === "hours"
          ? f.decimal(v, 2)
          : kind === "count"
            ? f.number(v, 0)
            : f.percent(v);
};

type Pdf = PDFKit.PDFDocument;

export async function renderReportPdf(opts: {
  data: ReportData;
  locale: Locale;
  institution: { name: string; registryCode: string | null };
}): Promise<Buffer> {
  const { data, locale, institution } = opts;
  const t = reportTexts(locale);
  const title = t(`${data.report}.title`);
  const pdf = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: MARGIN,
    bufferPages: true,
    font: fontPath("400Regular/NotoSans_400Regular.ttf"),
    lang: locale === "et" ? "et-EE" : "en-GB",
    info: { Title: title, Author: institution.name },
  });
  pdf.registerFont("regular", fontPath("400Regular/NotoSans_400Regular.ttf"));
  pdf.registerFont("bold", fontPath("700Bold/NotoSans_700Bold.ttf"));
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  const width = pdf.page.width - 2 * MARGIN;
  pdf
    .font("bold")
    .fontSize(11)
    .text(institution.name || "—", MARGIN, MARGIN, { width });
  if (institution.registryCode)
    pdf
      .font("regular")
      .fontSize(8)
      .text(`${locale === "et" ? "Registrikood" : "Registry code"} ${institution.registryCode}`);
  pdf.moveDown(0.5).font("bold").fontSize(16).text(title);
  pdf.font("regular").fontSize(9);
  for (const [label, value] of filterLines(data, locale)) pdf.text(`${label}: ${value}`);
  pdf.moveDown(0.5);
  table(pdf, tableOf(data, locale), formatters(locale), width);
  footers(pdf, t("export.page"));
  pdf.end();
  return done;
}

function table(pdf: Pdf, tab: Table, fmt: ReturnType<typeof formatters>, width: number) {
  const first = Math.min(220, width * 0.3);
  const rest = (width - first) / Math.max(1, tab.kinds.length);
  const xs = [MARGIN, ...tab.kinds.map((_, i) => MARGIN + first + i * rest)];
  const bottom = () => pdf.page.height - MARGIN - FOOTER;
  const header = () => {
    pdf.font("bold").fontSize(7.5);
    const y = pdf.y;
    const h = Math.max(...tab.headers.map((hd, i) => pdf.heightOfString(hd, { width: (i === 0 ? first : rest) - 4 })));
    tab.headers.forEach((hd, i) => pdf.text(hd, xs[i]!, y, { width: (i === 0 ? first : rest) - 4, align: i === 0 ? "left" : "right" }));
    pdf
      .moveTo(MARGIN, y + h + 2)
      .lineTo(MARGIN + width, y + h + 2)
      .lineWidth(0.5)
      .stroke();
    pdf.y = y + h + 5;
  };
  const line = (label: string, values: (number | null)[], bold: boolean) => {
    if (pdf.y + ROW_H > bottom()) {
      pdf.addPage();
      pdf.y = MARGIN;
      header();
    }
    const y = pdf.y;
    pdf.font(bold ? "bold" : "regular").fontSize(8);
    pdf.text(label, xs[0]!, y, { width: first - 4, height: ROW_H, ellipsis: true, lineBreak: false });
    values.forEach((v, i) => pdf.text(fmt(tab.kinds[i]!, v), xs[i + 1]!, y, { width: rest - 4, align: "right", lineBreak: false }));
    pdf.y = y + ROW_H;
  };
  header();
  for (const r of tab.rows) line(r.label, r.values, false);
  pdf
    .moveTo(MARGIN, pdf.y)
    .lineTo(MARGIN + width, pdf.y)
    .lineWidth(0.5)
    .stroke();
  pdf.y += 2;
  line(tab.totalsLabel, tab.totals, true);
}

function footers(pdf: Pdf, pageText: string) {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would start a new page; lift it while writing the footer.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font("regular")
      .fontSize(7.5)
      .fillColor("#555555")
      .text(pageText.replace("{page}", String(i - start + 1)).replace("{pages}", String(count)), MARGIN, pdf.page.height - MARGIN - 10, {
        width: pdf.page.width - 2 * MARGIN,
        align: "right",
      });
    pdf.fillColor("black");
    pdf.page.margins.bottom = bottom;
  }
}
