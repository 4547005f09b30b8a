import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { onePixelPng } from "@/server/testing/images";
import { creditNote, exemptInvoice, line, longInvoice, makeDocument, mixedVatInvoice } from "@/server/testing/invoice-documents";
import { invoiceXml } from "./invoice-xml";
import { renderInvoicePdf } from "./pdf";

/** The text of each page as a reader's copy-paste would give it, whitespace normalised. */
async function pagesText(pdf: Buffer): Promise<string[]> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false });
  const doc = await task.promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : "")).join("");
    pages.push(text.replace(/[\s\u00a0\u202f]+/g, " "));
  }
  await task.destroy();
  return pages;
}

/** Amounts as they appear once whitespace is normalised: "1 234,56 €". */
const money = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("renderInvoicePdf", () => {
  it("renders an A4 invoice whose text carries the number, parties, lines and totals", async () => {
    const pdf = await renderInvoicePdf(exemptInvoice());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const [page, ...rest] = await pagesText(pdf);
    expect(rest).toHaveLength(0);

    expect(page).toContain("Arve nr 2026-0042");
    expect(page).toContain("Müüja");
    expect(page).toContain("Ostja");
    expect(page).toContain("Sotsiaalkindlustusamet");
    expect(page).toContain("Registrikood 70001975");
    expect(page).toContain("Taastusravikeskus Õnn & Pärl OÜ");
    expect(page).toContain("05.11.2026");
    expect(page).toContain("Maksetähtaeg");
    expect(page).toContain("19.11.2026");
    expect(page).toContain("202600428");
    expect(page).toContain("01.10.2026–31.10.2026");
    // A line: client, decision, service code and name, quantity with unit, price, VAT status, sum.
    expect(page).toContain("Mari Maasikas");
    expect(page).toContain("Otsus K000123");
    expect(page).toContain("2010 Psühholoogi individuaalne teenus");
    expect(page).toContain("2,00 tund");
    expect(page).toContain(money("29,40 €"));
    expect(page).toContain("km-vaba");
    expect(page).toContain(money("58,80 €"));
    expect(page).toContain("42,00 km");
    // Cyrillic and Estonian letters survive as text, so the font has the glyphs mapped.
    expect(page).toContain("Анна Петрова");
    expect(page).toContain("Jüri Šmidt & <Žanna> Õunapuu");
    expect(page).toContain("Kokku tasuda");
    expect(page).toContain(money("108,08 €"));
    expect(page).toContain("EE38 2200 2210 2014 5685");
  });

  it("shows VAT per line and a VAT summary for a mixed invoice, with thousands grouped", async () => {
    // 3 academic hours at 450,00 € push the totals past a thousand.
    const [page] = await pagesText(await renderInvoicePdf(mixedVatInvoice(45000)));

    expect(page).toContain("3,00 akadeemiline tund");
    expect(page).toContain("1,00 seanss");
    expect(page).toContain("22%");
    expect(page).toContain("Käibemaksu kokkuvõte");
    expect(page).toContain(money("KM 22% 50,00 € 11,00 €"));
    expect(page).toContain(money("11,00 €"));
    expect(page).toContain(money("1 350,00 €"));
    expect(page).toContain(money("km-vaba 1 376,96 € 0,00 €"));
    expect(page).toContain(money("Summa käibemaksuta 1 426,96 €"));
    expect(page).toContain(money("1 437,96 €"));
  });

  it("titles a credit note Kreeditarve and names the credited invoice", async () => {
    const [page] = await pagesText(await renderInvoicePdf(creditNote()));
    expect(page).toContain("Kreeditarve nr 2026-0050");
    expect(page).toContain("Krediteeritav arve");
    expect(page).toContain("2026-0042");
    expect(page).toContain("Kreeditarve kokku");
    expect(page).toContain(money("−15,72 €"));
  });

  it("paginates 200 lines, repeats the table header and still ends with the totals", async () => {
    const doc = longInvoice();
    const pages = await pagesText(await renderInvoicePdf(doc));
    expect(pages.length).toBeGreaterThan(3);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain(`Lk ${i + 1} / ${pages.length}`);
      expect(page).toContain("IBAN EE38 2200 2210 2014 5685");
    }
    // Every line made it onto some page, and each page that carries lines has the header.
    const all = pages.join(" ");
    for (let d = 0; d < 40; d++) expect(all).toContain(`Otsus K${100000 + d}`);
    expect(all).toMatch(/ 200 Klient 40 Kääriäinen /);
    expect(pages.filter((p) => p.includes("Ühiku hind")).length).toBeGreaterThanOrEqual(pages.length - 1);
    expect(all).toContain("Дмитрий Иванов");
    const last = pages[pages.length - 1]!;
    expect(last).toContain("Kokku tasuda");
    // 100 × 29,40 + 100 × 29,80 = 5 920,00 €.
    expect(doc.totalCents).toBe(592000);
    expect(last).toContain(money("5 920,00 €"));
  });

  it("places a PNG logo and refuses other image types and unreadable images", async () => {
    const withLogo = await renderInvoicePdf(exemptInvoice(), { logo: { data: onePixelPng([255, 0, 0]), mime: "image/png" } });
    expect(withLogo.toString("latin1")).toMatch(/\/Subtype \/Image/);
    const without = await renderInvoicePdf(exemptInvoice());
    expect(without.toString("latin1")).not.toMatch(/\/Subtype \/Image/);
    await expect(renderInvoicePdf(exemptInvoice(), { logo: { data: Buffer.from("<svg/>"), mime: "image/svg+xml" } })).rejects.toThrow(
      AppError,
    );
    await expect(renderInvoicePdf(exemptInvoice(), { logo: { data: Buffer.from("not a png"), mime: "image/png" } })).rejects.toThrow(
      /logo image cannot be read/,
    );
  });
});

describe("the invoice PDF as a funder's accountant expects it", () => {
  it("shows the buyer's address and registry code, each line's client, decision, days and units, and who issued it", async () => {
    const [page] = await pagesText(await renderInvoicePdf(exemptInvoice()));
    expect(page).toContain("Ostja Sotsiaalkindlustusamet Registrikood 70001975 Endla 8, 15092 Tallinn");
    // Client, personal code and decision on the line; the service with the days it was given.
    expect(page).toMatch(/Mari Maasikas 49003050224 Otsus K000123 2010 Psühholoogi individuaalne teenus 07\.10, 21\.10 2,00 tund/);
    // Twelve trips are too many days to list: their count and span instead.
    expect(page).toContain("12 korda 02.10–24.10");
    expect(page).toContain("42,00 km");
    expect(page).toContain("Arve koostas: Anne Raud (anne.raud@onn-parl.ee, +372 5555 1234)");
    expect(page).toContain("Viitenumber");
    expect(page).toContain("Lk 1 / 1");
  });

  it("sums VAT per rate and per exemption: 22 % and 24 % on one invoice", async () => {
    const doc = makeDocument(
      [
        line({
          clientName: "Mari Maasikas",
          serviceCode: "T900",
          serviceName: "Tööalane nõustamine",
          unit: "session",
          vatStatus: "taxable",
          vatRate: "22.00",
          unitPriceCents: 5000,
          serviceDates: ["2025-06-26"],
        }),
        line({
          clientName: "Mari Maasikas",
          serviceCode: "T900",
          serviceName: "Tööalane nõustamine",
          unit: "session",
          vatStatus: "taxable",
          vatRate: "24.00",
          unitPriceCents: 5000,
          serviceDates: ["2025-07-03"],
        }),
        line({
          clientName: "Mari Maasikas",
          serviceCode: "2010",
          quantity: "2.00",
          serviceDates: ["2025-06-27", "2025-07-04"],
          occasions: 2,
        }),
      ],
      { periodStart: "2025-06-01", periodEnd: "2025-07-31" },
    );
    const [page] = await pagesText(await renderInvoicePdf(doc));
    expect(page).toContain(money("KM 22% 50,00 € 11,00 €"));
    expect(page).toContain(money("KM 24% 50,00 € 12,00 €"));
    expect(page).toContain(money("km-vaba 58,80 € 0,00 €"));
    expect(page).toContain(money("Käibemaks 23,00 €"));
    expect(page).toContain(money("Kokku tasuda 181,80 €"));
  });

  it("is PDF/A-3b and carries the invoice XML as its associated file", async () => {
    const doc = exemptInvoice();
    const xml = invoiceXml(doc);
    const pdf = await renderInvoicePdf(doc, { xml });
    const raw = pdf.toString("latin1");
    expect(raw.startsWith("%PDF-1.7")).toBe(true);
    expect(raw).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(raw).toMatch(/\/OutputIntents/);
    expect(raw).toMatch(/\/AFRelationship \/Alternative/);
    const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
    const loaded = await task.promise;
    const attachments = (await loaded.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    await task.destroy();
    const embedded = attachments["2026-0042.xml"]!;
    expect(embedded.filename).toBe("2026-0042.xml");
    const text = Buffer.from(embedded.content).toString("utf8");
    expect(text).toBe(xml.content);
    expect(text).toContain("<E_Invoice");
    expect(text).toContain("2026-0042");
  });
});
