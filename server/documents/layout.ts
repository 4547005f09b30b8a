import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatFor } from "@/lib/format";

/**
 * A small layout layer over pdfkit for the service documents: A4, Noto Sans (Estonian and Cyrillic
 * letters; read from the npm package on disk, never downloaded), a header with the institution
 * and its logo, key-value blocks, tables whose header repeats on every page, signature lines, and
 * "lk x / y" in every page's footer once the page count is known.
 */

const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans");
// Read once per process: the files are large, and a path makes pdfkit read the file again.
const fontFiles = new Map<string, Buffer>();
function fontBytes(file: string): Buffer {
  const cached = fontFiles.get(file);
  if (cached) return cached;
  const full = path.join(FONT_DIR, file);
  if (!existsSync(full)) throw new Error(`Document font missing at ${full}: run npm install in the project directory`);
  const bytes = readFileSync(full);
  fontFiles.set(file, bytes);
  return bytes;
}
const FONT_REGULAR = "400Regular/NotoSans_400Regular.ttf";
const FONT_BOLD = "700Bold/NotoSans_700Bold.ttf";

export const MARGIN = 40;
const FOOTER_SPACE = 30;

export type Column = { title: string; width: number; align?: "left" | "right" | "center" };
export type Logo = { data: Buffer; mime: string };
export type Page = { doc: PDFKit.PDFDocument; finish: () => Promise<Buffer> };
/** What a template changes in the frame of every page: colour of headings and table heads, texts above and below. */
export type DocStyle = { accent: string; headerText: string; footerText: string };
export const DEFAULT_STYLE: DocStyle = { accent: "#1f4e79", headerText: "", footerText: "" };

// The style of each open document, so that the table and heading helpers keep their signatures.
const styles = new WeakMap<PDFKit.PDFDocument, DocStyle>();
const styleOf = (doc: PDFKit.PDFDocument) => styles.get(doc) ?? DEFAULT_STYLE;

export function startDocument(opts: {
  title: string;
  author: string;
  logo: Logo | null;
  institution: string[];
  heading: string;
  subheading?: string;
  style?: DocStyle;
  /** Written as the file's creation date: a document made again from its snapshot comes out byte for byte the same. */
  createdAt?: Date;
}): Page {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    // No default font: with one, pdfkit finds each later font("regular") equal to it and parses
    // the font file anew on every call instead of caching it (a 400-row dataset took 15 s).
    font: null as unknown as string,
    lang: "et-EE",
    info: { Title: opts.title, Author: opts.author, ...(opts.createdAt ? { CreationDate: opts.createdAt } : {}) },
  });
  const style = opts.style ?? DEFAULT_STYLE;
  styles.set(doc, style);
  doc.registerFont("regular", fontBytes(FONT_REGULAR));
  doc.registerFont("bold", fontBytes(FONT_BOLD));
  doc.font("regular");
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  header(doc, opts);
  return {
    doc,
    finish: () => {
      footers(doc, style.footerText || opts.author);
      doc.end();
      return done;
    },
  };
}

export const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - 2 * MARGIN;
const bottomLimit = (doc: PDFKit.PDFDocument) => doc.page.height - MARGIN - FOOTER_SPACE;

function header(
  doc: PDFKit.PDFDocument,
  opts: { logo: Logo | null; institution: string[]; heading: string; subheading?: string; style?: DocStyle },
): void {
  const style = opts.style ?? DEFAULT_STYLE;
  let textX = MARGIN;
  // pdfkit reads PNG and JPEG only; a WebP logo (allowed in the settings) is left out rather than failing the document.
  if (opts.logo && ["image/png", "image/jpeg"].includes(opts.logo.mime)) {
    try {
      doc.image(opts.logo.data, MARGIN, MARGIN, { fit: [110, 44] });
      textX = MARGIN + 120;
    } catch {
      textX = MARGIN;
    }
  }
  const [name, ...rest] = opts.institution;
  doc
    .font("bold")
    .fontSize(10)
    .text(name ?? "", textX, MARGIN, { width: contentWidth(doc) - (textX - MARGIN) });
  doc.font("regular").fontSize(8);
  for (const line of rest) doc.text(line, textX, doc.y, { width: contentWidth(doc) - (textX - MARGIN) });
  if (style.headerText) doc.text(style.headerText, textX, doc.y + 2, { width: contentWidth(doc) - (textX - MARGIN) });
  doc.y = Math.max(doc.y, MARGIN + 48) + 10;
  doc
    .font("bold")
    .fontSize(15)
    .fillColor(style.accent)
    .text(opts.heading, MARGIN, doc.y, { width: contentWidth(doc) })
    .fillColor("black");
  if (opts.subheading)
    doc
      .font("regular")
      .fontSize(9)
      .text(opts.subheading, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.y += 8;
}

/** Label: value rows in two columns of text. */
export function facts(doc: PDFKit.PDFDocument, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    const h = Math.max(
      doc.font("bold").fontSize(9).heightOfString(`${label}:`, { width: 150 }),
      doc.font("regular").heightOfString(value || "—", { width: contentWidth(doc) - 155 }),
    );
    ensureSpace(doc, h);
    const y = doc.y;
    doc.font("bold").fontSize(9).text(`${label}:`, MARGIN, y, { width: 150 });
    doc
      .font("regular")
      .fontSize(9)
      .text(value || "—", MARGIN + 155, y, { width: contentWidth(doc) - 155 });
    doc.y = y + h + 1;
  }
  doc.y += 6;
}

export function sectionTitle(doc: PDFKit.PDFDocument, title: string): void {
  ensureSpace(doc, 40);
  doc
    .font("bold")
    .fontSize(11)
    .fillColor(styleOf(doc).accent)
    .text(title, MARGIN, doc.y + 4, { width: contentWidth(doc) })
    .fillColor("black");
  doc.y += 4;
}

export function paragraph(doc: PDFKit.PDFDocument, text: string): void {
  doc.font("regular").fontSize(9);
  ensureSpace(doc, Math.min(doc.heightOfString(text, { width: contentWidth(doc) }), 200));
  doc.text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.y += 6;
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottomLimit(doc)) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

const TABLE_FONT = 8;

/** A table whose header row is drawn again at the top of every page it continues on. */
export function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], opts: { boldRows?: Set<number> } = {}): void {
  const scale = contentWidth(doc) / columns.reduce((s, c) => s + c.width, 0);
  const cols = columns.map((c) => ({ ...c, width: c.width * scale }));
  const headerHeight =
    Math.max(
      ...cols.map((c) =>
        doc
          .font("bold")
          .fontSize(TABLE_FONT)
          .heightOfString(c.title, { width: c.width - 4 }),
      ),
    ) + 6;
  ensureSpace(doc, headerHeight + 20);
  tableRow(
    doc,
    cols,
    cols.map((c) => c.title),
    headerHeight,
    "bold",
    true,
  );
  rows.forEach((cells, i) => {
    const font = opts.boldRows?.has(i) ? "bold" : "regular";
    doc.font(font).fontSize(TABLE_FONT);
    const height = Math.max(...cells.map((c, j) => doc.heightOfString(c || " ", { width: cols[j]!.width - 4 }))) + 6;
    if (doc.y + height > bottomLimit(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      tableRow(
        doc,
        cols,
        cols.map((c) => c.title),
        headerHeight,
        "bold",
        true,
      );
    }
    tableRow(doc, cols, cells, height, font, false);
  });
  doc.y += 8;
}

function tableRow(
  doc: PDFKit.PDFDocument,
  cols: Column[],
  cells: string[],
  height: number,
  font: "regular" | "bold",
  shaded: boolean,
): void {
  const y = doc.y;
  // The head row in a light tint of the template's colour, so any colour keeps black text readable.
  if (shaded) doc.rect(MARGIN, y, contentWidth(doc), height).fillOpacity(0.12).fill(styleOf(doc).accent).fillOpacity(1).fillColor("black");
  doc.font(font).fontSize(TABLE_FONT);
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const col = cols[i]!;
    doc.text(cell, x + 2, y + 3, { width: col.width - 4, align: col.align ?? "left" });
    x += col.width;
  });
  doc
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + contentWidth(doc), y + height)
    .lineWidth(0.5)
    .strokeColor("#c8ccd0")
    .stroke();
  doc.y = y + height;
  doc.x = MARGIN;
}

/** Lines to sign on paper: a role, then name, signature and date blanks. */
export function signatureLines(doc: PDFKit.PDFDocument, roles: string[]): void {
  for (const role of roles) {
    ensureSpace(doc, 46);
    const y = doc.y + 10;
    doc
      .font("bold")
      .fontSize(9)
      .text(role, MARGIN, y, { width: contentWidth(doc) });
    const lineY = doc.y + 18;
    const w = contentWidth(doc) / 3;
    ["Nimi", "Allkiri", "Kuupäev"].forEach((label, i) => {
      const x = MARGIN + i * w;
      doc
        .moveTo(x, lineY)
        .lineTo(x + w - 12, lineY)
        .lineWidth(0.5)
        .strokeColor("#555555")
        .stroke();
      doc
        .font("regular")
        .fontSize(7)
        .fillColor("#555555")
        .text(label, x, lineY + 2, { width: w - 12 });
      doc.fillColor("black");
    });
    doc.y = lineY + 14;
  }
}

function footers(doc: PDFKit.PDFDocument, author: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page; lift it while writing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 10;
    doc.font("regular").fontSize(7.5).fillColor("#555555");
    doc.text(author, MARGIN, y, { width: contentWidth(doc) - 70 });
    doc.text(`lk ${i - start + 1} / ${count}`, MARGIN + contentWidth(doc) - 70, y, { width: 70, align: "right" });
    doc.fillColor("black");
    doc.page.margins.bottom = bottom;
  }
}

// The documents are Estonian forms: written the Estonian way whatever the UI language.
const et = formatFor("et");
export const dateEt = (day: string | Date) => et.date(day);
export const decimalEt = (n: string | number) => et.decimal(n);
export const euroEt = et.money;
export const monthEt = (month: string) => et.month(month);
export const timeEt = (at: Date) => et.time(at);
