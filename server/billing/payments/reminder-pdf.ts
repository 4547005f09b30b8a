import PDFDocument from "pdfkit";
import type { InvoiceParty } from "@/server/billing/document";
import { FONT_BOLD, FONT_REGULAR, fontPath, partyBlock } from "@/server/billing/pdf";
import { formatFor } from "@/lib/format";

/**
 * A payment reminder (meeldetuletus) for one overdue invoice, A4, in Estonian: the invoice's
 * seller and buyer blocks and fonts as on the invoice PDF, what it asked for, what was paid,
 * what is still open and how many days past due, and where to pay with which reference.
 */

export type ReminderFacts = {
  number: string;
  invoiceDate: string;
  dueDate: string;
  referenceNumber: string;
  today: string;
  daysOverdue: number;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  dueCents: number;
  paidCents: number;
  outstandingCents: number;
};

const MARGIN = 40;
const { money: euro, date } = formatFor("et");

export async function renderReminderPdf(f: ReminderFacts): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    font: fontPath(FONT_REGULAR),
    lang: "et-EE",
    info: { Title: `Meeldetuletus: arve ${f.number}`, Author: f.seller.name, Subject: f.buyer.name },
  });
  pdf.registerFont("regular", fontPath(FONT_REGULAR));
  pdf.registerFont("bold", fontPath(FONT_BOLD));
  const width = pdf.page.width - 2 * MARGIN;
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  pdf.font("bold").fontSize(20).text("Meeldetuletus", MARGIN, MARGIN, { width, align: "right" });
  pdf
    .font("regular")
    .fontSize(9)
    .text(`Kuupäev: ${date(f.today)}`, MARGIN, pdf.y + 4, { width, align: "right" });
  const top = pdf.y + 18;
  const left = partyBlock(pdf, "Saatja", f.seller, MARGIN, top);
  const right = partyBlock(pdf, "Saaja", f.buyer, MARGIN + width / 2 + 10, top);
  pdf.y = Math.max(left, right) + 24;

  pdf.font("bold").fontSize(12).text(`Tasumata arve nr ${f.number}`, MARGIN, pdf.y, { width });
  pdf
    .font("regular")
    .fontSize(10)
    .moveDown(0.5)
    .text(
      `Meie andmetel ei ole arve nr ${f.number} (kuupäev ${date(f.invoiceDate)}, maksetähtaeg ${date(f.dueDate)}) täielikult tasutud. ` +
        `Maksetähtaeg on ületatud ${f.daysOverdue} päeva.`,
      { width },
    );
  pdf.moveDown(0.8);
  const rows: [string, string][] = [
    ["Arve summa", euro(f.dueCents)],
    ["Tasutud", euro(f.paidCents)],
    ["Tasumata", euro(f.outstandingCents)],
  ];
  for (const [label, value] of rows) {
    const y = pdf.y;
    pdf.font(label === "Tasumata" ? "bold" : "regular").text(label, MARGIN, y, { width: 200 });
    pdf.text(value, MARGIN + 200, y, { width: 120, align: "right" });
    pdf.moveDown(0.3);
  }
  pdf.moveDown(0.8);
  pdf
    .font("regular")
    .text(
      `Palume tasuda ${euro(f.outstandingCents)} arvelduskontole ${f.seller.iban ?? "—"} (${f.seller.name}), viitenumber ${f.referenceNumber || "—"}. ` +
        "Kui olete arve vahepeal tasunud, pidage see meeldetuletus tühiseks.",
      MARGIN,
      pdf.y,
      { width },
    );
  const contact = [f.seller.email, f.seller.phone].filter(Boolean).join(", ");
  if (contact) pdf.moveDown(0.8).text(`Küsimuste korral: ${contact}.`, { width });
  pdf.end();
  return done;
}
