import { eq, sql } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { employees, institutionSettings, serviceEntries } from "@/db/schema";
import { invoiceReference, isValidReferenceNumber } from "@/lib/reference-number";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { invoiceXml } from "./invoice-xml";
import { confirmInvoice, invoiceDocument } from "./invoices";
import { renderInvoicePdf } from "./pdf";
import { confirmReport } from "./reports";

const t = await useTestDatabase();

let world: FundingWorld;
let unit: string;
let accountant: Actor;
let specialistId: string;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" }, unitIds: [unit] });
  await t.db
    .update(employees)
    .set({ firstName: "Anne", lastName: "Raud", email: "anne.raud@example.ee", phone: "+372 5555 1234" })
    .where(eq(employees.id, accountant.employeeId));
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Saatja OÜ", registryCode: "12345678", address: "Tallinn", iban: "EE382200221020145685", email: "arved@saatja.ee" })
    .where(eq(institutionSettings.id, 1));
});

async function pdfText(pdf: Buffer): Promise<string> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const doc = await task.promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await task.destroy();
  return content.items
    .map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : " ") : ""))
    .join("")
    .replace(/[\s\u00a0\u202f]+/g, " ");
}

describe("a confirmed invoice as its document", () => {
  it("carries the service days and occasions of each line, its issuer with contact, and a 7-3-1 reference from its number", async () => {
    const c = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: { fundingSourceId: world.sourceId, startDate: "2025-01-01", endDate: "2025-12-31" },
    });
    for (const day of ["2025-03-18", "2025-03-04", "2025-03-04"]) {
      await t.db
        .insert(serviceEntries)
        .values({ clientId: c.clientId, decisionId: c.decisionId, serviceId: world.serviceId, serviceDate: day, units: "1", specialistId });
    }
    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2025-03" });
    const confirmed = await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId });

    expect(confirmed.referenceNumber).toBe(invoiceReference(confirmed.number!));
    expect(confirmed.referenceNumber!.length).toBeGreaterThanOrEqual(6);
    expect(isValidReferenceNumber(confirmed.referenceNumber!)).toBe(true);

    const doc = await invoiceDocument({ db: t.db, actor: accountant, ip: null }, { id: invoiceId, format: "pdf" });
    expect(doc.lines).toHaveLength(1);
    expect(doc.lines[0]).toMatchObject({ serviceDates: ["2025-03-04", "2025-03-18"], occasions: 3, quantity: "3.00" });
    expect(doc.issuer).toEqual({ name: "Anne Raud", email: "anne.raud@example.ee", phone: "+372 5555 1234" });

    const text = await pdfText(await renderInvoicePdf(doc, { xml: invoiceXml(doc) }));
    expect(text).toContain("3 korda: 04.03, 18.03");
    expect(text).toContain("Arve koostas: Anne Raud (anne.raud@example.ee, +372 5555 1234)");
    expect(text).toContain(confirmed.referenceNumber!);
  });

  it("keeps the issuer printed on a numbered invoice as it was", async () => {
    const c = await makeClientWithDecision(t.db, {
      unitIds: [unit],
      decision: { fundingSourceId: world.sourceId, startDate: "2025-01-01", endDate: "2025-12-31" },
    });
    await t.db.insert(serviceEntries).values({
      clientId: c.clientId,
      decisionId: c.decisionId,
      serviceId: world.serviceId,
      serviceDate: "2025-04-02",
      units: "1",
      specialistId,
    });
    const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: "2025-04" });
    await confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId });
    const err = await t.db
      .execute(sql`UPDATE invoices SET issuer = '{"name":"Someone Else","email":null,"phone":null}' WHERE id = ${invoiceId}`)
      .catch((e: unknown) => e);
    expect((err as { cause?: { constraint_name?: string } }).cause?.constraint_name).toBe("invoices_numbered_frozen");
  });
});
