import { existsSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { VatStatus } from "@/db/schema/catalogue";
import { invalid } from "@/server/errors";
import type { InvoiceDocument, InvoiceLine, InvoiceParty } from "./document";
import { BILLING_UNIT_LABELS_ET } from "./einvoice";
import { formatFor } from "@/lib/format";

/**
 * The invoice as an A4 PDF in Estonian. The font is Noto Sans shipped in an npm package and
 * read from disk (never downloaded), because pdfkit's built-in fonts have no Cyrillic and would
 * drop client names such as "Анна Петрова". Long invoices continue on new pages with the table
 * header repeated; every page carries the seller, the IBAN and "Lk x / y".
 *
 * The file is PDF/A-3b (pdfkit writes the XMP identification and the sRGB output intent; the
 * fonts are embedded TTF subsets), so that the machine-readable invoice XML can travel inside
 * it as an associated file (AFRelationship "Alternative": the same invoice in another form),
 * the way Factur-X/ZUGFeRD carry EN 16931 data.
 */

export type InvoicePdfOptions = {
  logo?: { data: Buffer; mime: string };
  /** The invoice as XML (see invoice-xml.ts), embedded as the PDF/A-3 associated file. */
  xml?: { fileName: string; content: string; description: string };
};

// From the working directory, not require.resolve/import.meta.url: Next bundles this file, and a
// bundler would try to turn a resolved .ttf into a module (Next's docs read server files this way).
const FONT_DIR = path.join(process.cwd(), "node_modules", "@expo-google-fonts", "noto-sans");
export function fontPath(file: string): string {
  const full = path.join(FONT_DIR, file);
  if (!existsSync(full)) throw new Error(`Invoice font missing at ${full}: run npm install in the project directory`);
  return full;
}
export const FONT_REGULAR = "400Regular/NotoSans_400Regular.ttf";
export const FONT_BOLD = "700Bold/NotoSans_700Bold.ttf";

const MARGIN = 40;
const FOOTER_SPACE = 36;
const TABLE_FONT = 8;
/** Table columns: widths add up to the A4 content width (515 pt). */
const COLUMNS = [
  { title: "Nr", width: 20, align: "left" },
  { title: "Klient / otsus", width: 125, align: "left" },
  { title: "Teenus", width: 135, align: "left" },
  { title: "Kogus", width: 70, align: "right" },
  { title: "Ühiku hind", width: 55, align: "right" },
  { title: "KM", width: 50, align: "right" },
  { title: "Summa", width: 60, align: "right" },
] as const;

const VAT_LABELS: Record<VatStatus, string> = { exempt: "km-vaba", taxable: "", not_taxable: "mittemaksustatav" };

export async function renderInvoicePdf(doc: InvoiceDocument, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const logo = options.logo;
  if (logo && !["image/png", "image/jpeg"].includes(logo.mime)) {
    throw invalid("logo", "billingErrors.logoFormat", "The logo must be a PNG or JPEG image");
  }
  const title = doc.type === "CRE" ? "Kreeditarve" : "Arve";
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    // A TTF as the default font keeps pdfkit from loading its Helvetica metrics at all.
    font: fontPath(FONT_REGULAR),
    lang: "et-EE",
    pdfVersion: "1.7",
    subset: "PDF/A-3b",
    info: { Title: `${title} ${doc.number}`, Author: doc.seller.name, Subject: `${doc.buyer.name}, ${period(doc)}` },
  });
  pdf.registerFont("regular", fontPath(FONT_REGULAR));
  pdf.registerFont("bold", fontPath(FONT_BOLD));

  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  if (options.xml) {
    const day = new Date(`${doc.invoiceDate}T00:00:00Z`);
    // pdfkit 0.20 takes `relationship` (its AFRelationship); @types/pdfkit does not know it yet.
    const attachment = {
      name: options.xml.fileName,
      type: "application/xml",
      relationship: "Alternative",
      description: options.xml.description,
      creationDate: day,
      modifiedDate: day,
    };
    pdf.file(Buffer.from(options.xml.content, "utf8"), attachment as PDFKit.Mixins.PDFAttachmentOptions);
  }
  header(pdf, doc, title, logo);
  lineTable(pdf, doc.lines);
  totals(pdf, doc);
  footers(pdf, doc);
  pdf.end();
  return done;
}

type Pdf = PDFKit.PDFDocument;
const contentWidth = (pdf: Pdf) => pdf.page.width - 2 * MARGIN;
const bottomLimit = (pdf: Pdf) => pdf.page.height - MARGIN - FOOTER_SPACE;

function header(pdf: Pdf, doc: InvoiceDocument, title: string, logo: InvoicePdfOptions["logo"]): void {
  const top = MARGIN;
  if (logo) {
    try {
      pdf.image(logo.data, MARGIN, top, { fit: [140, 56] });
    } catch (err) {
      throw invalid(
        "logo",
        "billingErrors.logoUnreadable",
        `The logo image cannot be read: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  pdf
    .font("bold")
    .fontSize(20)
    .text(`${title} nr ${doc.number}`, MARGIN, top, { width: contentWidth(pdf), align: "right" });

  const meta: [string, string][] = [
    ["Arve number", doc.number],
    ["Kuupäev", date(doc.invoiceDate)],
    ["Maksetähtaeg", `${date(doc.dueDate)} (${doc.paymentTermDays} päeva)`],
    ["Viitenumber", doc.referenceNumber || "—"],
    ["Teenuse periood", period(doc)],
  ];
  if (doc.type === "CRE") meta.push(["Krediteeritav arve", doc.creditedNumber ?? "—"]);
  let y = top + 32;
  for (const [label, value] of meta) {
    pdf.font("regular").fontSize(9).text(`${label}:`, 330, y, { width: 95, align: "left" });
    pdf.font("bold").text(value, 425, y, { width: contentWidth(pdf) - 385, align: "right" });
    y += 13;
  }

  const partiesTop = Math.max(y, top + 64) + 14;
  const left = partyBlock(pdf, "Müüja", doc.seller, MARGIN, partiesTop);
  const right = partyBlock(pdf, "Ostja", doc.buyer, MARGIN + contentWidth(pdf) / 2 + 10, partiesTop);
  pdf.y = Math.max(left, right) + 16;
  pdf.x = MARGIN;
}

export function partyBlock(pdf: Pdf, heading: string, p: InvoiceParty, x: number, y: number): number {
  const width = contentWidth(pdf) / 2 - 10;
  pdf.font("bold").fontSize(10).text(heading, x, y, { width });
  pdf
    .font("bold")
    .fontSize(9)
    .text(p.name, x, pdf.y + 2, { width });
  const rows = [
    p.registryCode && `Registrikood ${p.registryCode}`,
    p.vatNumber && `KMKR nr ${p.vatNumber}`,
    p.address,
    p.email,
    p.phone,
    p.iban && `IBAN ${p.iban}`,
  ].filter((r): r is string => Boolean(r));
  pdf.font("regular").fontSize(9);
  for (const row of rows) pdf.text(row, x, pdf.y, { width });
  return pdf.y;
}

function lineTable(pdf: Pdf, lines: InvoiceLine[]): void {
  tableHeader(pdf);
  for (const line of lines) {
    const cells = [
      String(line.position),
      `${line.clientName}${line.clientCode ? `\n${line.clientCode}` : ""}\nOtsus ${line.decisionNumber}`,
      `${line.serviceCode} ${line.serviceName}${serviceDays(line) ? `\n${serviceDays(line)}` : ""}`,
      `${decimal(line.quantity)} ${BILLING_UNIT_LABELS_ET[line.unit]}`,
      euro(line.unitPriceCents),
      vatLabel(line.vatStatus, line.vatRate),
      euro(line.netCents),
    ];
    pdf.font("regular").fontSize(TABLE_FONT);
    const height = Math.max(...cells.map((c, i) => pdf.heightOfString(c, { width: COLUMNS[i]!.width - 4 }))) + 6;
    if (pdf.y + height > bottomLimit(pdf)) {
      pdf.addPage();
      tableHeader(pdf);
      pdf.font("regular").fontSize(TABLE_FONT);
    }
    row(pdf, cells, pdf.y, height);
  }
}

function tableHeader(pdf: Pdf): void {
  pdf.font("bold").fontSize(TABLE_FONT);
  const y = pdf.y;
  pdf.rect(MARGIN, y, contentWidth(pdf), 16).fill("#eef1f4").fillColor("black");
  row(
    pdf,
    COLUMNS.map((c) => c.title),
    y,
    16,
  );
}

function row(pdf: Pdf, cells: string[], y: number, height: number): void {
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const col = COLUMNS[i]!;
    pdf.text(cell, x + 2, y + 3, { width: col.width - 4, align: col.align });
    x += col.width;
  });
  pdf
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + contentWidth(pdf), y + height)
    .lineWidth(0.5)
    .strokeColor("#c8ccd0")
    .stroke();
  pdf.y = y + height;
}

function totals(pdf: Pdf, doc: InvoiceDocument): void {
  const needed = 90 + doc.vatGroups.length * 13 + (doc.note ? 40 : 0) + (doc.issuer ? 20 : 0);
  if (pdf.y + needed > bottomLimit(pdf)) pdf.addPage();
  let y = pdf.y + 12;
  const x = MARGIN + contentWidth(pdf) - 300;
  // Label, then one or two amounts right-aligned in 75 pt columns.
  const line = (label: string, amounts: string[], style: "regular" | "bold" | "total" = "regular") => {
    pdf.font(style === "regular" ? "regular" : "bold").fontSize(style === "total" ? 11 : 9);
    pdf.text(label, x, y, { width: 150 });
    amounts.forEach((a, i) => pdf.text(a, x + 300 - 75 * (amounts.length - i), y, { width: 75, align: "right" }));
    y += style === "total" ? 16 : 13;
  };
  line("Käibemaksu kokkuvõte", ["Maksustatav", "KM"], "bold");
  for (const g of doc.vatGroups) line(vatLabel(g.vatStatus, g.vatRate, true), [euro(g.netCents), euro(g.vatCents)]);
  y += 6;
  line("Summa käibemaksuta", [euro(doc.netCents)]);
  line("Käibemaks", [euro(doc.vatCents)]);
  line(doc.type === "CRE" ? "Kreeditarve kokku" : "Kokku tasuda", [euro(doc.totalCents)], "total");

  pdf.font("regular").fontSize(9);
  const payment =
    doc.type === "CRE"
      ? `Kreeditarve vähendab arve ${doc.creditedNumber ?? ""} summat.`
      : `Palume tasuda hiljemalt ${date(doc.dueDate)} arvelduskontole ${doc.seller.iban ?? "—"} (${doc.seller.name}), viitenumber ${doc.referenceNumber || "—"}.`;
  pdf.text(payment, MARGIN, y + 8, { width: contentWidth(pdf) });
  if (doc.note) pdf.text(doc.note, MARGIN, pdf.y + 6, { width: contentWidth(pdf) });
  if (doc.issuer) {
    const contact = [doc.issuer.email, doc.issuer.phone].filter(Boolean).join(", ");
    pdf.text(`Arve koostas: ${doc.issuer.name}${contact ? ` (${contact})` : ""}`, MARGIN, pdf.y + 6, { width: contentWidth(pdf) });
  }
}

/** The days of a line: listed when few, else their count and span ("12 korda 02.10–24.10"). */
const MAX_LISTED_DAYS = 8;
function serviceDays(line: InvoiceLine): string {
  const days = line.serviceDates;
  if (days.length === 0) return line.occasions > 0 ? `${line.occasions} korda` : "";
  const short = et.dayMonth;
  const times = Math.max(line.occasions, days.length);
  if (days.length <= MAX_LISTED_DAYS) return `${times === days.length ? "" : `${times} korda: `}${days.map(short).join(", ")}`;
  return `${times} korda ${short(days[0]!)}–${short(days[days.length - 1]!)}`;
}

function footers(pdf: Pdf, doc: InvoiceDocument): void {
  const { start, count } = pdf.bufferedPageRange();
  const text = [
    doc.seller.name,
    doc.seller.registryCode && `reg. kood ${doc.seller.registryCode}`,
    doc.seller.iban && `IBAN ${doc.seller.iban}`,
  ]
    .filter(Boolean)
    .join(" · ");
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page; lift it while writing the footer.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN - 12;
    pdf.font("regular").fontSize(7.5).fillColor("#555555");
    pdf.text(text, MARGIN, y, { width: contentWidth(pdf) - 60 });
    pdf.text(`Lk ${i - start + 1} / ${count}`, MARGIN + contentWidth(pdf) - 60, y, { width: 60, align: "right" });
    pdf.fillColor("black");
    pdf.page.margins.bottom = bottom;
  }
}

// An invoice is an Estonian document: Estonian formats whatever the sender's UI language.
const et = formatFor("et");
const euro = et.money;
const decimal = (q: string) => et.decimal(q);
const rate = (r: string | null) => `${et.number(Number(r ?? "0"))}%`;
const vatLabel = (status: VatStatus, r: string | null, long = false) =>
  status === "taxable" ? `${long ? "KM " : ""}${rate(r)}` : VAT_LABELS[status];
const date = et.date;
const period = (doc: InvoiceDocument) => `${date(doc.periodStart)}–${date(doc.periodEnd)}`;
