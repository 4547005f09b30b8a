import { create } from "xmlbuilder2";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { creditNote, exemptInvoice, line, makeDocument, mixedVatInvoice, rateChangeInvoice } from "@/server/testing/invoice-documents";
import { compiledRules, fatalRuleFailures, ublSchemaErrors } from "@/server/testing/ubl-validation";
import { funderEInvoice } from "./funder-einvoice";
import { buildUblXml, PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID } from "./ubl";

// The first run of a fresh checkout compiles the rule stylesheets (minutes on a busy machine); later runs read the cache.
beforeAll(() => Promise.all([compiledRules("cen"), compiledRules("peppol")]), 600_000);

async function expectValid(xml: string) {
  expect(await ublSchemaErrors(xml)).toEqual([]);
  expect(await fatalRuleFailures(xml)).toEqual([]);
}

/** The parsed XML, read by local names the way a receiver's mapping would. */
function parse(xml: string) {
  const root = create(xml).root().node as unknown as Element;
  const all = (name: string, within: Element = root) => Array.from(within.getElementsByTagNameNS("*", name));
  const text = (name: string, within: Element = root) => all(name, within).map((e) => e.textContent);
  return { root, all, text };
}

/** A taxed invoice (a private payer's service at today's standard rate). */
function taxedInvoice() {
  return makeDocument(
    [
      line({
        clientName: "Mari Maasikas",
        serviceCode: "T900",
        serviceName: "Tööalane nõustamine",
        unit: "session",
        quantity: "2.00",
        unitPriceCents: 5000,
        vatStatus: "taxable",
        vatRate: "24.00",
      }),
    ],
    { number: "2026-0044", referenceNumber: "202600444" },
  );
}

describe("buildUblXml (EN 16931, Peppol BIS Billing 3.0)", () => {
  it("writes a taxed invoice that passes the UBL 2.1 XSD, the EN 16931 and the Peppol rules", async () => {
    const xml = buildUblXml(taxedInvoice());
    await expectValid(xml);
    const { root, text, all } = parse(xml);
    expect(root.localName).toBe("Invoice");
    expect(text("CustomizationID")).toEqual([PEPPOL_CUSTOMIZATION_ID]);
    expect(text("ProfileID")).toEqual([PEPPOL_PROFILE_ID]);
    expect(text("InvoiceTypeCode")).toEqual(["380"]);
    expect(all("EndpointID").map((e) => [e.getAttribute("schemeID"), e.textContent])).toEqual([
      ["0191", "12345678"],
      ["0191", "70001975"],
    ]);
    expect(text("StartDate")).toEqual(["2026-10-01"]);
    expect(text("EndDate")).toEqual(["2026-10-31"]);
    expect(text("PaymentID")).toEqual(["202600444"]);
    expect(text("ID", all("PayeeFinancialAccount")[0]!)).toEqual(["EE382200221020145685"]);
    // 2 × 50.00 = 100.00, 24 % VAT 24.00.
    expect(text("Percent")).toEqual(["24", "24"]);
    expect(text("PayableAmount")).toEqual(["124.00"]);
  });

  it("writes an exempt-only invoice with category E, rate 0 and the exemption reason", async () => {
    const xml = buildUblXml(exemptInvoice());
    await expectValid(xml);
    const { all, text } = parse(xml);
    const category = all("TaxCategory")[0]!;
    expect(text("ID", category)).toEqual(["E", "VAT"]);
    expect(text("Percent", category)).toEqual(["0"]);
    expect(text("TaxExemptionReasonCode", category)).toEqual(["VATEX-EU-132-1G"]);
    expect(text("TaxExemptionReason", category)[0]).toMatch(/KMS § 16/);
    expect(all("InvoiceLine")).toHaveLength(4);
    expect(text("PayableAmount")).toEqual(["108.08"]);
    // Names with & and < reach the receiver as written.
    expect(text("Note").some((n) => n?.includes("Jüri Šmidt & <Žanna> Õunapuu"))).toBe(true);
  });

  it("writes a mixed-VAT invoice with one tax subtotal per category", async () => {
    const xml = buildUblXml(mixedVatInvoice());
    await expectValid(xml);
    const { all, text } = parse(xml);
    const subtotals = all("TaxSubtotal").map((s) => [
      text("ID", all("TaxCategory", s)[0]!)[0],
      text("TaxableAmount", s)[0],
      text("TaxAmount", s)[0],
    ]);
    expect(subtotals).toEqual([
      ["E", "161.96", "0.00"],
      ["S", "50.00", "11.00"],
    ]);
  });

  it("writes a credit note with positive amounts that names the credited invoice", async () => {
    const xml = buildUblXml(creditNote());
    await expectValid(xml);
    const { root, text, all } = parse(xml);
    expect(root.localName).toBe("CreditNote");
    expect(text("CreditNoteTypeCode")).toEqual(["381"]);
    expect(text("ID", all("InvoiceDocumentReference")[0]!)).toEqual(["2026-0042"]);
    expect(text("CreditedQuantity")).toEqual(["1.50"]);
    expect(text("PayableAmount")).toEqual(["15.72"]);
  });

  it("splits a month across the 1 July 2025 rate change into 22 % and 24 % subtotals", async () => {
    const xml = buildUblXml(rateChangeInvoice());
    await expectValid(xml);
    const { all, text } = parse(xml);
    const subtotals = all("TaxSubtotal").map((s) => [
      text("ID", all("TaxCategory", s)[0]!)[0],
      text("Percent", s)[0],
      text("TaxableAmount", s)[0],
      text("TaxAmount", s)[0],
    ]);
    // 2 × 50 at 22 % = 22.00; 3 × 50 at 24 % = 36.00.
    expect(subtotals).toEqual([
      ["S", "22", "100.00", "22.00"],
      ["S", "24", "150.00", "36.00"],
      ["E", "0", "90.00", "0.00"],
    ]);
    expect(text("Percent", all("ClassifiedTaxCategory")[0]!)).toEqual(["22"]);
    expect(text("Percent", all("ClassifiedTaxCategory")[1]!)).toEqual(["24"]);
    expect(text("TaxAmount", all("TaxTotal")[0]!)[0]).toBe("58.00");
  });

  it("is checked by rules that do fail a broken invoice", async () => {
    const broken = buildUblXml(taxedInvoice()).replace(/(<cbc:PayableAmount currencyID="EUR">)[^<]*/, "$1100.00");
    expect(await ublSchemaErrors(broken)).toEqual([]);
    expect((await fatalRuleFailures(broken)).join("\n")).toMatch(/BR-CO-16/);
    // IssueDate after the type code breaks the XSD's sequence.
    const misordered = buildUblXml(taxedInvoice()).replace(
      /(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)([\s\S]*?<\/cbc:InvoiceTypeCode>)/,
      "$2$1",
    );
    expect((await ublSchemaErrors(misordered)).join("\n")).toMatch(/IssueDate/);
  });

  it("refuses documents EN 16931 cannot carry, naming the field", () => {
    const refused = (doc: ReturnType<typeof makeDocument>) => {
      try {
        buildUblXml(doc);
      } catch (e) {
        return e instanceof AppError ? e.field : String(e);
      }
      return "accepted";
    };
    const base = taxedInvoice();
    expect(refused({ ...base, buyer: { ...base.buyer, registryCode: null } })).toBe("buyer");
    expect(refused({ ...base, seller: { ...base.seller, vatNumber: null } })).toBe("seller");
    expect(refused({ ...base, referenceNumber: "202600445" })).toBe("referenceNumber");
    expect(
      refused(
        makeDocument([line({ clientName: "A", serviceCode: "1" }), line({ clientName: "B", serviceCode: "2", vatStatus: "not_taxable" })]),
      ),
    ).toBe("lines");
  });

  it("gives a funder the format of its setting: EN 16931 by default, e-invoice 1.2 where agreed", () => {
    const ubl = funderEInvoice(exemptInvoice(), "en16931");
    expect(parse(ubl.xml).root.localName).toBe("Invoice");
    expect(ubl.fileName).toBe("2026-0042-en16931.xml");
    const estonian = funderEInvoice(exemptInvoice(), "einvoice_1_2");
    expect(parse(estonian.xml).root.localName).toBe("E_Invoice");
    expect(estonian.fileName).toBe("2026-0042.xml");
  });
});
