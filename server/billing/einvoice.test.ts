import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";
import { create } from "xmlbuilder2";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { buildEInvoiceXml, money } from "./einvoice";
import {
  creditNote,
  exemptInvoice,
  line,
  longInvoice,
  makeDocument,
  mixedVatInvoice,
  rateChangeInvoice,
} from "@/server/testing/invoice-documents";

const XSD = readFileSync(new URL("../testing/fixtures/estonian-e-invoice-1.2.xsd", import.meta.url), "utf8");

async function expectSchemaValid(xml: string) {
  const result = await validateXML({
    xml: [{ fileName: "invoice.xml", contents: xml }],
    schema: [{ fileName: "estonian-e-invoice-1.2.xsd", contents: XSD }],
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

/** The parsed XML as a DOM, so assertions read values the way a receiver would. */
function parse(xml: string) {
  const root = create(xml).root().node as unknown as Element;
  const all = (name: string, within: Element = root) => Array.from(within.getElementsByTagName(name));
  const text = (name: string, within: Element = root) => {
    const found = all(name, within);
    expect(found, `<${name}>`).toHaveLength(1);
    return found[0]!.textContent;
  };
  return { root, all, text };
}

describe("buildEInvoiceXml", () => {
  it("writes a schema-valid invoice of exempt lines from several clients", async () => {
    const doc = exemptInvoice();
    const xml = buildEInvoiceXml(doc);
    await expectSchemaValid(xml);

    const { root, all, text } = parse(xml);
    expect(root.nodeName).toBe("E_Invoice");
    expect(root.namespaceURI).toBeNull();
    const invoice = all("Invoice")[0]!;
    expect(invoice.getAttribute("invoiceId")).toBe("2026-0042");
    expect(invoice.getAttribute("regNumber")).toBe("70001975");
    expect(invoice.getAttribute("sellerRegnumber")).toBe("12345678");
    // The buyer's e-invoice recipient is its registry code: nothing extra to route by.
    expect(invoice.getAttribute("channelAddress")).toBeNull();
    expect(all("Type")[0]!.getAttribute("type")).toBe("DEB");
    expect(text("DocumentName")).toBe("Arve");
    expect(text("RegNumber", all("BuyerParty")[0]!)).toBe("70001975");
    expect(text("PaymentReferenceNumber")).toBe("202600428");
    expect(text("PaymentRefId")).toBe("202600428");
    expect(text("StartDate")).toBe("2026-10-01");
    expect(text("EndDate")).toBe("2026-10-31");
    expect(text("DueDate")).toBe("2026-11-19");
    expect(text("PayToAccount")).toBe("EE382200221020145685");
    expect(text("Payable")).toBe("YES");

    // 2 h × 29.40 + 29.36 + 1.5 × 10.48 + 42 km × 0.10 = 58.80 + 29.36 + 15.72 + 4.20 = 108.08.
    expect(doc.totalCents).toBe(10808);
    expect(text("InvoiceSum")).toBe("108.08");
    expect(text("TotalSum")).toBe("108.08");
    expect(text("TotalVATSum")).toBe("0.00");
    expect(text("PaymentTotalSum")).toBe("108.08");
    expect(text("TotalAmount", all("Footer")[0]!)).toBe("108.08");

    const summaryVat = all("VAT", all("InvoiceSumGroup")[0]!);
    expect(summaryVat.map((v) => v.getAttribute("vatId"))).toEqual(["TAXEX"]);
    // Every line is exempt, and one item group per client and decision.
    expect(all("ItemEntry")).toHaveLength(4);
    expect(all("VAT", all("InvoiceItem")[0]!).every((v) => v.getAttribute("vatId") === "TAXEX")).toBe(true);
    expect(all("InvoiceItemGroup")).toHaveLength(3);
    const units = all("ItemUnit").map((u) => u.textContent);
    expect(units).toEqual(["tund", "tund", "tund", "km"]);
  });

  it("writes a month across the 1 July 2025 rate change as a 22 % and a 24 % line and VAT group", async () => {
    const xml = buildEInvoiceXml(rateChangeInvoice());
    await expectSchemaValid(xml);
    const { all, text } = parse(xml);
    const entries = all("ItemEntry");
    expect(entries.map((e) => text("VATRate", all("VAT", e)[0]!))).toEqual(["22.00", "24.00", "0.00"]);
    expect(entries.map((e) => text("VATSum", all("VAT", e)[0]!))).toEqual(["22.00", "36.00", "0.00"]);
    const groups = all("VAT", all("InvoiceSumGroup")[0]!).map((g) => [
      g.getAttribute("vatId"),
      text("VATRate", g),
      text("SumBeforeVAT", g),
      text("VATSum", g),
    ]);
    expect(groups).toEqual([
      ["TAX", "22.00", "100.00", "22.00"],
      ["TAX", "24.00", "150.00", "36.00"],
      ["TAXEX", "0.00", "90.00", "0.00"],
    ]);
    expect(text("TotalVATSum")).toBe("58.00");
  });

  it("marks a taxable 22% line TAX with its rate beside exempt ones, and sums per VAT group", async () => {
    const doc = mixedVatInvoice();
    const xml = buildEInvoiceXml(doc);
    await expectSchemaValid(xml);

    const { all, text } = parse(xml);
    const entries = all("ItemEntry");
    const vatOf = (entry: Element) => all("VAT", entry)[0]!;
    expect(entries.map((e) => vatOf(e).getAttribute("vatId"))).toEqual(["TAXEX", "TAX", "TAXEX"]);
    expect(text("VATRate", vatOf(entries[1]!))).toBe("22.00");
    expect(text("VATSum", vatOf(entries[1]!))).toBe("11.00");
    expect(text("ItemTotal", entries[1]!)).toBe("61.00");
    expect(text("ItemUnit", entries[0]!)).toBe("akadeemiline tund");

    const groups = all("VAT", all("InvoiceSumGroup")[0]!);
    expect(groups.map((g) => g.getAttribute("vatId")).sort()).toEqual(["TAX", "TAXEX"]);
    const tax = groups.find((g) => g.getAttribute("vatId") === "TAX")!;
    expect(text("SumBeforeVAT", tax)).toBe("50.00");
    expect(text("VATSum", tax)).toBe("11.00");
    // 3 × 45.00 + 50.00 + 26.96 = 211.96 net, 11.00 VAT.
    expect(text("InvoiceSum")).toBe("211.96");
    expect(text("TotalVATSum")).toBe("11.00");
    expect(text("TotalSum")).toBe("222.96");
    expect(text("RegNumber", all("BuyerParty")[0]!)).toBe("70009770");
  });

  it("writes NOTTAX for lines outside VAT", async () => {
    const doc = makeDocument([line({ clientName: "Mari Maasikas", serviceCode: "P1", vatStatus: "not_taxable" })]);
    const xml = buildEInvoiceXml(doc);
    await expectSchemaValid(xml);
    expect(
      parse(xml)
        .all("VAT")
        .every((v) => v.getAttribute("vatId") === "NOTTAX"),
    ).toBe(true);
  });

  it("writes a credit note as CRE that names the credited invoice and asks for no payment", async () => {
    const xml = buildEInvoiceXml(creditNote());
    await expectSchemaValid(xml);

    const { all, text } = parse(xml);
    expect(all("Type")[0]!.getAttribute("type")).toBe("CRE");
    expect(text("SourceInvoice")).toBe("2026-0042");
    expect(text("DocumentName")).toBe("Kreeditarve");
    expect(text("TotalSum")).toBe("-15.72");
    expect(text("Payable")).toBe("NO");
  });

  it("keeps Estonian and Cyrillic names and escapes & and < in text", async () => {
    const xml = buildEInvoiceXml(exemptInvoice());
    await expectSchemaValid(xml);
    expect(xml).toContain("&amp; &lt;Žanna&gt;");
    expect(xml).not.toMatch(/Šmidt & </);

    const { all, text } = parse(xml);
    expect(text("Name", all("SellerParty")[0]!)).toBe("Taastusravikeskus Õnn & Pärl OÜ");
    const descriptions = all("Description").map((d) => d.textContent);
    expect(descriptions.some((d) => d?.includes("Анна Петрова (60001019906)"))).toBe(true);
    expect(descriptions.some((d) => d?.includes("Jüri Šmidt & <Žanna> Õunapuu"))).toBe(true);
    // The bank-bound description keeps to the characters the schema allows there.
    expect(text("PaymentDescription")).toBe("Arve 2026-0042");
  });

  it("stays valid when names are longer than the schema allows and the note spans several fields", async () => {
    const doc = exemptInvoice();
    doc.seller.name = "Väga pika nimega ".repeat(12);
    doc.note = "Märkus ".repeat(120);
    doc.lines[0]!.clientName = "Ж".repeat(600);
    doc.lines[0]!.clientCode = null;
    const xml = buildEInvoiceXml(doc);
    await expectSchemaValid(xml);
    expect(parse(xml).all("AdditionalInformation")).toHaveLength(2);
  });

  it("is checked by a validator that does reject a wrong element order", async () => {
    const xml = buildEInvoiceXml(exemptInvoice())
      .replace(/<DueDate>.*<\/DueDate>/, "")
      .replace("</InvoiceNumber>", "</InvoiceNumber><DueDate>2026-11-19</DueDate>");
    const result = await validateXML({
      xml: [{ fileName: "invoice.xml", contents: xml }],
      schema: [{ fileName: "estonian-e-invoice-1.2.xsd", contents: XSD }],
    });
    expect(result.valid).toBe(false);
  });

  it("handles 200 lines", async () => {
    const xml = buildEInvoiceXml(longInvoice());
    await expectSchemaValid(xml);
    expect(parse(xml).all("ItemEntry")).toHaveLength(200);
  });

  it("puts a recipient channel address that differs from the registry code on the invoice", () => {
    const doc = exemptInvoice();
    doc.buyer.einvoiceRecipient = "EE1234567890";
    const invoice = parse(buildEInvoiceXml(doc)).all("Invoice")[0]!;
    expect(invoice.getAttribute("channelAddress")).toBe("EE1234567890");
  });

  it("refuses documents the schema cannot carry, with a domain error", () => {
    const noRegistry = exemptInvoice();
    noRegistry.buyer.registryCode = null;
    expect(() => buildEInvoiceXml(noRegistry)).toThrow(AppError);

    const noIban = exemptInvoice();
    noIban.seller.iban = null;
    expect(() => buildEInvoiceXml(noIban)).toThrow(/IBAN/);

    const badReference = exemptInvoice();
    badReference.referenceNumber = "202600429";
    expect(() => buildEInvoiceXml(badReference)).toThrow(/7-3-1/);

    const orphanCredit = creditNote();
    orphanCredit.creditedNumber = null;
    expect(() => buildEInvoiceXml(orphanCredit)).toThrow(/credit note/);
  });

  it("writes money exactly, also negative and large amounts", () => {
    expect(money(0)).toBe("0.00");
    expect(money(5)).toBe("0.05");
    expect(money(-1572)).toBe("-15.72");
    expect(money(2_147_483_647)).toBe("21474836.47");
  });
});
