import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, institutionSettings, invoiceLines, serviceEntries, services } from "@/db/schema";
import { confirmInvoice } from "@/server/billing/invoices";
import { confirmReport } from "@/server/billing/reports";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingSource, makePriceVersion, makeService } from "@/server/testing/funding-factories";
import { pdfPagesText } from "@/server/testing/pdf-text";
import { makeSession, tallinnWinter } from "@/server/testing/scheduling-factories";
import { loadInvoiceAnnex } from "./invoice-annex";
import { downloadDocument, generateDocument } from "./register";

/**
 * The invoice annex (what a client's invoice lines are made of) and the client's confirmation of
 * services, from real confirmed months: a month across a price change gives two lines, and the
 * annex's rows add up to each line to the cent.
 */
const t = await useTestDatabase();

let unit: string;
let accountant: Actor;
let caseManager: Actor;
let specialistId: string;
let funder: string;
let service: string;
let groupService: string;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const textOf = async (file: { base64: string }) => (await pdfPagesText(Buffer.from(file.base64, "base64"))).join(" ");

beforeAll(async () => {
  unit = await makeUnit(t.db);
  accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" }, unitIds: [unit] });
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own" },
    unitIds: [unit],
    firstName: "Liis",
  });
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  await t.db
    .update(institutionSettings)
    .set({
      legalName: "Test Rehabilitatsioonikeskus OÜ",
      registryCode: "12345678",
      address: "Tartu mnt 1, Tallinn",
      iban: "EE382200221020145685",
    })
    .where(eq(institutionSettings.id, 1));
  funder = await makeFundingSource(t.db, { kind: "TRT" });
  service = await makeService(t.db, { nameEt: "Psühholoogiline nõustamine" });
  groupService = await makeService(t.db, { nameEt: "Grupinõustamine" });
  await t.db.update(services).set({ isGroup: true }).where(eq(services.id, groupService));
  // The price rises in the middle of March 2024: that month is billed at two prices.
  await makePriceVersion(t.db, {
    fundingSourceId: funder,
    validFrom: "2024-01-01",
    validTo: "2024-03-14",
    items: [
      { serviceId: service, unitPriceCents: 3333 },
      { serviceId: groupService, unitPriceCents: 1250 },
    ],
  });
  await makePriceVersion(t.db, {
    fundingSourceId: funder,
    validFrom: "2024-03-15",
    items: [
      { serviceId: service, unitPriceCents: 3517 },
      { serviceId: groupService, unitPriceCents: 1300 },
    ],
  });
});

async function funded(opts: { personalCode?: boolean } = {}) {
  const clientId = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
  if (opts.personalCode === false)
    await t.db.update(clients).set({ personalCode: null, birthDate: "1985-04-02" }).where(eq(clients.id, clientId));
  await t.db.update(clients).set({ legalRepresentative: "Ema Maasikas, 5551 2345" }).where(eq(clients.id, clientId));
  const decisionId = await makeDecision(t.db, { clientId, fundingSourceId: funder, startDate: "2024-01-01", endDate: "2024-12-31" });
  return { clientId, decisionId };
}

const entry = (c: { clientId: string; decisionId: string }, serviceId: string, serviceDate: string, units: string, sessionId?: string) =>
  t.db.insert(serviceEntries).values({ ...c, serviceId, serviceDate, units, specialistId, sessionId: sessionId ?? null });

describe("the invoice annex", () => {
  it("lists each entry behind the client's lines, priced across the price change, summing to each line exactly", async () => {
    const c = await funded({ personalCode: false });
    await entry(c, service, "2024-03-04", "1.00");
    await entry(c, service, "2024-03-11", "0.75");
    await entry(c, service, "2024-03-18", "1.25");
    await entry(c, groupService, "2024-03-20", "1.50");
    const { invoiceId } = await confirmReport(ctx(accountant), { decisionId: c.decisionId, month: "2024-03" });
    await confirmInvoice(ctx(accountant), { id: invoiceId });
    const lines = await t.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
    expect(lines).toHaveLength(3);

    const annex = await loadInvoiceAnnex(ctx(caseManager), { clientId: c.clientId, invoiceId });
    for (const line of lines) {
      const mine = annex.lines.find((l) => l.serviceCode === line.serviceCode && l.unitPriceCents === line.unitPriceCents)!;
      expect(mine.rows.reduce((s, r) => s + r.amountCents, 0)).toBe(line.netCents);
      expect(mine.rows.reduce((s, r) => s + Math.round(Number(r.units) * 100), 0) / 100).toBe(Number(line.quantity));
    }
    expect(annex.lines.find((l) => l.unitPriceCents === 3333)!.rows.map((r) => [r.date, r.amountCents])).toEqual([
      ["2024-03-04", 3333],
      ["2024-03-11", 2500],
    ]);
    expect(annex.netCents).toBe(lines.reduce((s, l) => s + l.netCents, 0));

    const file = await generateDocument(ctx(caseManager), { type: "invoice_annex", format: "pdf", clientId: c.clientId, invoiceId });
    const text = await textOf(file);
    expect(text).toContain("Isikukood: puudub");
    expect(text).toMatch(/04\.03\.2024 \S+ Psühholoogiline nõustamine 1,00 tund 33,33 € 33,33 €/);
    expect(text).toMatch(/18\.03\.2024 \S+ Psühholoogiline nõustamine 1,25 tund 35,17 € 43,96 €/);
    expect(text).toContain(`Kokku käibemaksuta: ${(annex.netCents / 100).toFixed(2).replace(".", ",")} €`);
    // The annex of a numbered invoice is what was sent: made again exactly, whatever happens later.
    const again = await downloadDocument(ctx(caseManager), { documentId: file.documentId });
    expect(again.base64).toBe(file.base64);
  });

  it("is refused, naming the field, for an invoice without lines of the client", async () => {
    const c = await funded();
    await entry(c, service, "2024-04-02", "1.00");
    const { invoiceId } = await confirmReport(ctx(accountant), { decisionId: c.decisionId, month: "2024-04" });
    const other = await funded();
    expect(await appErrorOf(loadInvoiceAnnex(ctx(caseManager), { clientId: other.clientId, invoiceId }))).toMatchObject({
      field: "invoiceId",
      messageKey: "errors.invoiceAnnexNoLines",
    });
  });
});

describe("the client's confirmation of services received", () => {
  it("lists the month's services (a group session too) for the client or representative to sign, with the attendance sheet when asked", async () => {
    const c = await funded();
    const group = await makeSession(t.db, {
      serviceId: groupService,
      startsAt: tallinnWinter("2024-02-12", "10:00"),
      endsAt: tallinnWinter("2024-02-12", "11:30"),
      status: "done",
      specialistIds: [specialistId],
      participants: [{ clientId: c.clientId, decisionId: c.decisionId }],
    });
    await entry(c, groupService, "2024-02-12", "1.50", group);
    await entry(c, service, "2024-02-19", "1.00");
    const alone = await textOf(
      await generateDocument(ctx(caseManager), { type: "confirmation", format: "pdf", clientId: c.clientId, month: "2024-02" }),
    );
    expect(alone).toContain("Kinnitus osutatud teenuste kohta");
    expect(alone).toContain("Seaduslik esindaja: Ema Maasikas, 5551 2345");
    expect(alone).toMatch(/12\.02\.2024 10:00–11:30 \S+ Grupinõustamine 1,50 tund/);
    expect(alone).toMatch(/19\.02\.2024 \S+ Psühholoogiline nõustamine 1,00 tund/);
    expect(alone).toContain("Kinnitan, et olen ülaltoodud teenused saanud.");
    expect(alone).not.toContain("Akad. tunde");

    const both = await textOf(
      await generateDocument(ctx(caseManager), {
        type: "confirmation",
        format: "pdf",
        clientId: c.clientId,
        month: "2024-02",
        withAttendance: true,
      }),
    );
    expect(both).toContain("Osavõtuleht");
    expect(both).toMatch(/12\.02\.2024 \S+ Grupinõustamine 10:00–11:30 2,00/);
    expect(both).toContain("Kinnitan, et olen ülaltoodud teenused saanud.");
  });

  it("says so for a month without services", async () => {
    const c = await funded();
    expect(
      await appErrorOf(generateDocument(ctx(caseManager), { type: "confirmation", format: "pdf", clientId: c.clientId, month: "2024-05" })),
    ).toMatchObject({
      code: "CONFLICT",
      field: "month",
      messageKey: "errors.confirmationMonthEmpty",
    });
  });
});
