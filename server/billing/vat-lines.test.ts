import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { institutionSettings, invoiceLines, serviceEntries, vatRates } from "@/db/schema";
import { saveVatRate } from "@/server/catalogue/vat-rates";
import { translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { compiledRules, fatalRuleFailures, ublSchemaErrors } from "@/server/testing/ubl-validation";
import { buildEInvoiceXml } from "./einvoice";
import { confirmInvoice, invoiceDocument } from "./invoices";
import { confirmReport } from "./reports";
import { buildUblXml } from "./ubl/ubl";

/**
 * The VAT rule end to end: an entry takes the rate of its item's kind valid on its service date,
 * so a month across a rate change is invoiced as one line per rate, and every output shows both.
 */
const t = await useTestDatabase({ max: 8 });

let unit: string;
let accountant: Actor;
let specialistId: string;
let funder: string;
let counselling: string;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  accountant = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "all", "catalogue:manage": "all" },
    unitIds: [unit],
  });
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  funder = await makeFundingSource(t.db, { kind: "TRT" });
  counselling = await makeService(t.db, { nameEt: "Tööalane nõustamine" });
  // Taxable at the standard rate, whatever percentage that is on the day.
  await makePriceVersion(t.db, {
    fundingSourceId: funder,
    validFrom: "2009-01-01",
    items: [{ serviceId: counselling, unitPriceCents: 5000, vatStatus: "taxable" }],
  });
  await t.db
    .update(institutionSettings)
    .set({
      legalName: "Test Rehabilitatsioonikeskus OÜ",
      registryCode: "12345678",
      vatNumber: "EE101234567",
      address: "Tartu mnt 1, 10115 Tallinn",
      iban: "EE382200221020145685",
      invoiceSeriesPrefix: "V-",
    })
    .where(eq(institutionSettings.id, 1));
  await compiledRules("cen");
  await compiledRules("peppol");
}, 600_000);

const client = () =>
  makeClientWithDecision(t.db, { unitIds: [unit], decision: { fundingSourceId: funder, startDate: "2009-01-01", endDate: "2026-12-31" } });
const entry = (c: { clientId: string; decisionId: string }, serviceDate: string, units = "1") =>
  t.db
    .insert(serviceEntries)
    .values({ clientId: c.clientId, decisionId: c.decisionId, serviceId: counselling, serviceDate, units, specialistId })
    .returning();

describe("the VAT rate of an entry", () => {
  it("is the standard rate valid on its service date: 20 % in 2023, 22 % on 30 June 2025, 24 % from 1 July 2025", async () => {
    const c = await client();
    const rates = [];
    for (const day of ["2023-12-31", "2024-01-01", "2025-06-30", "2025-07-01"]) rates.push((await entry(c, day))[0]!.vatRate);
    expect(rates).toEqual(["20.00", "22.00", "22.00", "24.00"]);
  });

  it("is refused, naming the day, when the table has no rate of the item's kind that day", async () => {
    const c = await client();
    const err = await entry(c, "2009-03-02").then(
      () => null,
      (e: unknown) => translateDbError(e),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      messageKey: "vatErrors.noRateOnDay",
      field: "serviceDate",
      params: { date: "2009-03-02" },
    });
  });
});

describe("a month across a rate change", () => {
  it("is invoiced as one line per rate, and the e-invoice 1.2 and the EN 16931 UBL both show both rates", async () => {
    // A hypothetical change in the middle of October 2026: 24 % until the 14th, 25 % from the 15th.
    const [open] = await t.db
      .select()
      .from(vatRates)
      .where(sql`kind = 'standard' AND valid_to IS NULL`);
    const ctx = { db: t.db, actor: accountant, ip: null };
    await saveVatRate(ctx, { id: open!.id, kind: "standard", rate: "24", validFrom: open!.validFrom, validTo: "2026-10-14", note: "" });
    await saveVatRate(ctx, { id: null, kind: "standard", rate: "25", validFrom: "2026-10-15", validTo: null, note: "" });
    const c = await client();
    await entry(c, "2026-10-05", "2");
    await entry(c, "2026-10-20", "3");

    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2026-10" });
    const lines = await t.db
      .select()
      .from(invoiceLines)
      .where(inArray(invoiceLines.invoiceId, [invoiceId]))
      .orderBy(invoiceLines.vatRate);
    expect(lines.map((l) => [l.quantity, l.netCents, l.vatRate, l.vatCents])).toEqual([
      ["2.00", 10000, "24.00", 2400],
      ["3.00", 15000, "25.00", 3750],
    ]);

    await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId });
    const doc = await invoiceDocument({ db: t.db, actor: accountant, ip: null }, { id: invoiceId, format: "ubl" });
    expect(doc.vatGroups.map((g) => [g.vatRate, g.netCents, g.vatCents]).sort()).toEqual([
      ["24.00", 10000, 2400],
      ["25.00", 15000, 3750],
    ]);
    expect(doc.totalCents).toBe(25000 + 6150);

    const ubl = buildUblXml(doc);
    expect(await ublSchemaErrors(ubl)).toEqual([]);
    expect(await fatalRuleFailures(ubl)).toEqual([]);
    expect([...ubl.matchAll(/<cbc:Percent>([^<]+)<\/cbc:Percent>/g)].map((m) => m[1]).sort()).toEqual(["24", "24", "25", "25"]);

    const einvoice = buildEInvoiceXml(doc);
    expect(
      [...einvoice.matchAll(/<VAT vatId="TAX">\s*<SumBeforeVAT>([^<]+)<\/SumBeforeVAT>\s*<VATRate>([^<]+)<\/VATRate>\s*<VATSum>([^<]+)</g)]
        .map((m) => m.slice(1))
        .sort(),
    ).toEqual([
      ["100.00", "24.00", "24.00"],
      ["150.00", "25.00", "37.50"],
    ]);
  });
});
