import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { institutionSettings, invoices, paymentAllocations, payments } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { buildCamt053, type EntrySpec } from "@/server/testing/camt-builder";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import { makeFundingSource } from "@/server/testing/funding-factories";
import { makeNumberedInvoice } from "@/server/testing/payment-factories";
import { parseCamt053 } from "./camt";
import { importStatement } from "./import";

const t = await useTestDatabase();
const IBAN = "EE382200221020145685";
const fixture = (name: string) => readFileSync(new URL(`../../testing/fixtures/camt/${name}`, import.meta.url), "utf8");
const XSD = fixture("camt.053.001.02.xsd");

let accountant: Actor;
let funder: string;

beforeAll(async () => {
  accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" } });
  funder = await makeFundingSource(t.db);
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Näidis OÜ", registryCode: "12345678", address: "Tallinn", iban: IBAN })
    .where(eq(institutionSettings.id, 1));
});

// Each test sees only its own invoices: the ones before are settled, so matching cannot reach them.
beforeEach(async () => {
  await t.db.execute(sql`UPDATE invoices SET status = 'credited' WHERE status IN ('confirmed', 'sent')`);
});

const ctx = () => ({ db: t.db, actor: accountant, ip: null });
const run = (entries: EntrySpec[], extra: { id?: string; iban?: string } = {}) =>
  importStatement(ctx(), { fileName: "statement.xml", content: buildCamt053({ iban: extra.iban ?? IBAN, id: extra.id, entries }) });
const invoice = (totalCents: number, dueDate?: string) => makeNumberedInvoice(t.db, { fundingSourceId: funder, totalCents, dueDate });
const state = async (id: string) => {
  const [row] = await t.db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, id));
  const [b] = await t.db.execute<{ paid: string; outstanding: string }>(
    sql`SELECT paid_cents AS paid, outstanding_cents AS outstanding FROM invoice_balances WHERE invoice_id = ${id}`,
  );
  return { status: row!.status, paid: Number(b!.paid), outstanding: Number(b!.outstanding) };
};
const counts = async () => {
  const [row] = await t.db.execute<{ p: string; a: string; s: string }>(
    sql`SELECT (SELECT count(*) FROM payments) p, (SELECT count(*) FROM payment_allocations) a, (SELECT count(*) FROM bank_statements) s`,
  );
  return { payments: Number(row!.p), allocations: Number(row!.a), statements: Number(row!.s) };
};

describe("reading camt.053", () => {
  it("reads the real Swedbank sample: four booked incoming payments with their payers and texts", () => {
    const [s] = parseCamt053(fixture("swedbank-ee-camt053-statement.xml"));
    expect(s).toMatchObject({ statementRef: "111402535-EUR-1", accountIban: "EE062200221055091967", fromDate: "2025-06-05" });
    expect(s!.entries.map((e) => [e.amountCents, e.credit, e.booked, e.entryRef])).toEqual([
      [77288, true, true, "2025060525827070-1"],
      [61237, true, true, "2025060591569146-2"],
      [45476, true, true, "2025060538364998-3"],
      [72606, true, true, "2025060515070077-4"],
    ]);
    expect(s!.entries[1]).toMatchObject({
      payerName: "Kristjan Värk",
      payerIban: "EE082200000000100057",
      remittance: "Purchase of airline tickets",
      reference: null,
    });
  });

  it("reads the real SEB sample: one debit, which is no payment", () => {
    const [s] = parseCamt053(fixture("seb-ee-camt053-statement.xml"));
    expect(s!.entries).toEqual([
      expect.objectContaining({ amountCents: 100, credit: false, entryRef: "RO4126031250L01", remittance: "Konto kuutasu, jaanuar 2026" }),
    ]);
  });

  it("the statements the tests generate are valid camt.053.001.02", async () => {
    const xml = buildCamt053({
      iban: IBAN,
      entries: [
        { amount: "12.30", reference: "1234561", text: "Arve" },
        { amount: "1.00", credit: false },
      ],
    });
    const result = await validateXML({
      xml: [{ fileName: "s.xml", contents: xml }],
      schema: [{ fileName: "camt.053.001.02.xsd", contents: XSD }],
    });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  });
});

describe("refusing a file, with nothing imported", () => {
  it("a statement of another account (the real Swedbank sample) names both accounts", async () => {
    const before = await counts();
    const err = await appErrorOf(
      importStatement(ctx(), { fileName: "swedbank.xml", content: fixture("swedbank-ee-camt053-statement.xml") }),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "file",
      messageKey: "paymentsErrors.foreignAccount",
      params: { statementIban: "EE062200221055091967", institutionIban: IBAN },
    });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["an e-invoice", '<?xml version="1.0"?><E_Invoice><Header/></E_Invoice>', "paymentsErrors.notCamt053"],
    [
      "a camt.054 notification",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>',
      "paymentsErrors.wrongMessage",
    ],
    ["text that is not XML", "Kuupäev;Summa\n2026-11-20;12,30", "paymentsErrors.notXml"],
    ["broken XML", '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt></Document>', "paymentsErrors.notXml"],
    [
      "a camt.053 without statements",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>',
      "paymentsErrors.notCamt053",
    ],
    [
      "a DTD with entities",
      '<!DOCTYPE d [<!ENTITY x "x">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>',
      "paymentsErrors.notCamt053",
    ],
  ])("%s is not a camt.053 statement", async (_, content, key) => {
    const err = await appErrorOf(importStatement(ctx(), { fileName: "x.xml", content }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "file", messageKey: key });
  });

  it("an amount with more than two decimals refuses the whole statement, naming the entry", async () => {
    const inv = await invoice(5000);
    const before = await counts();
    const err = await appErrorOf(
      run([
        { amount: "50.00", reference: inv.referenceNumber! },
        { amount: "10.005", text: "x" },
      ]),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "file",
      messageKey: "paymentsErrors.amountTooPrecise",
      params: { entry: 2, amount: "10.005" },
    });
    expect(await counts()).toEqual(before);
    expect(await state(inv.id)).toMatchObject({ status: "confirmed", paid: 0 });
  });

  it("without the institution's IBAN in the settings it says where to fill it in", async () => {
    await t.db.update(institutionSettings).set({ iban: null }).where(eq(institutionSettings.id, 1));
    try {
      expect(await appErrorOf(run([{ amount: "1.00" }]))).toMatchObject({ messageKey: "paymentsErrors.institutionIbanMissing" });
    } finally {
      await t.db.update(institutionSettings).set({ iban: IBAN }).where(eq(institutionSettings.id, 1));
    }
  });

  it("a person without the institution-wide billing right is refused", async () => {
    const unitAccountant = await makeActor(t.db, { permissions: { "billing:read": "unit", "billing:confirm": "unit" } });
    const err = await appErrorOf(
      importStatement(
        { db: t.db, actor: unitAccountant, ip: null },
        { fileName: "s.xml", content: buildCamt053({ iban: IBAN, entries: [] }) },
      ),
    );
    expect(err.code).toBe("FORBIDDEN");
  });
});

describe("matching incoming payments", () => {
  it("by the exact structured reference: the invoice is paid", async () => {
    const inv = await invoice(7350);
    const summary = await run([{ amount: "73.50", reference: inv.referenceNumber! }]);
    expect(summary).toMatchObject({ statements: 1, payments: 1, matched: 1, waiting: 0, paidInvoices: [inv.number] });
    expect(await state(inv.id)).toEqual({ status: "paid", paid: 7350, outstanding: 0 });
    const [a] = await t.db.select().from(paymentAllocations).where(eq(paymentAllocations.invoiceId, inv.id));
    expect(a).toMatchObject({ amountCents: 7350, method: "reference" });
    expect(await auditRows(t.db, "payments.import")).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: "ok" })]));
  });

  it("by the reference written in the remittance text", async () => {
    const inv = await invoice(2940);
    const summary = await run([{ amount: "29.40", text: `Arve tasumine, viitenumber ${inv.referenceNumber}` }]);
    expect(summary).toMatchObject({ matched: 1, waiting: 0 });
    expect(await state(inv.id)).toMatchObject({ status: "paid", outstanding: 0 });
  });

  it("a partial payment leaves the rest open; the next one settles it", async () => {
    const inv = await invoice(10000);
    expect(await run([{ amount: "40.00", reference: inv.referenceNumber! }])).toMatchObject({ matched: 1, paidInvoices: [] });
    expect(await state(inv.id)).toEqual({ status: "confirmed", paid: 4000, outstanding: 6000 });
    await run([{ amount: "60.00", reference: inv.referenceNumber! }]);
    expect(await state(inv.id)).toEqual({ status: "paid", paid: 10000, outstanding: 0 });
  });

  it("one payment for two invoices named by number, when the amount is what both ask for", async () => {
    const a = await invoice(3000, "2026-11-10");
    const b = await invoice(4500, "2026-11-12");
    const summary = await run([{ amount: "75.00", text: `Arved ${a.number}, ${b.number!.toLowerCase()}` }]);
    expect(summary).toMatchObject({ matched: 1, waiting: 0, paidInvoices: [a.number!, b.number!].sort() });
    expect(await state(a.id)).toMatchObject({ status: "paid", paid: 3000 });
    expect(await state(b.id)).toMatchObject({ status: "paid", paid: 4500 });
  });

  it("one payment naming two references goes to the older due first, the rest to the next", async () => {
    const older = await invoice(3000, "2026-11-01");
    const newer = await invoice(4500, "2026-11-20");
    await run([{ amount: "50.00", text: `${newer.referenceNumber} ${older.referenceNumber}` }]);
    expect(await state(older.id)).toMatchObject({ status: "paid", paid: 3000 });
    expect(await state(newer.id)).toMatchObject({ status: "confirmed", paid: 2000, outstanding: 2500 });
  });

  it("an overpayment settles the invoice and the excess waits for a person", async () => {
    const inv = await invoice(2000);
    expect(await run([{ amount: "25.00", reference: inv.referenceNumber! }])).toMatchObject({ matched: 0, waiting: 1 });
    expect(await state(inv.id)).toMatchObject({ status: "paid", outstanding: 0 });
    const [p] = await t.db.select().from(payments).where(eq(payments.reference, inv.referenceNumber!));
    expect(p).toMatchObject({ amountCents: 2500, unmatchedReason: "overpaid" });
  });

  it("an invoice number with another amount, or nothing recognisable, waits with the reason", async () => {
    const inv = await invoice(3000);
    const summary = await run([
      { amount: "29.99", text: `Arve ${inv.number}`, ref: `AD-${inv.id}` },
      { amount: "15.00", text: "Annetus", ref: `NM-${inv.id}` },
    ]);
    expect(summary).toMatchObject({ payments: 2, matched: 0, waiting: 2 });
    const rows = await t.db
      .select({ ref: payments.entryRef, reason: payments.unmatchedReason })
      .from(payments)
      .where(sql`${payments.entryRef} LIKE ${`%-${inv.id}`}`);
    expect(Object.fromEntries(rows.map((r) => [r.ref!.slice(0, 2), r.reason]))).toEqual({ AD: "amount_differs", NM: "no_match" });
    expect(await state(inv.id)).toMatchObject({ status: "confirmed", paid: 0 });
  });

  it("debits and pending entries are no payments", async () => {
    const summary = await run([
      { amount: "5.00", credit: false },
      { amount: "5.00", booked: false },
    ]);
    expect(summary).toMatchObject({ statements: 1, payments: 0, skipped: 2 });
  });
});

describe("importing the same statement twice changes nothing", () => {
  it("the same file again adds no payment, no allocation and pays nothing twice", async () => {
    const inv = await invoice(5000);
    const content = buildCamt053({ iban: IBAN, entries: [{ amount: "30.00", reference: inv.referenceNumber! }] });
    await importStatement(ctx(), { fileName: "a.xml", content });
    const after = await counts();
    expect(await importStatement(ctx(), { fileName: "a.xml", content })).toMatchObject({ statements: 0, duplicates: 1, payments: 0 });
    expect(await counts()).toEqual(after);
    expect(await state(inv.id)).toMatchObject({ paid: 3000, outstanding: 2000 });
  });

  it("an overlapping statement (another Id, the same bank entries) adds only the new entries", async () => {
    const inv = await invoice(5000);
    await run([{ amount: "10.00", reference: inv.referenceNumber!, ref: `E1-${inv.id}` }]);
    const summary = await run([
      { amount: "10.00", reference: inv.referenceNumber!, ref: `E1-${inv.id}` },
      { amount: "15.00", reference: inv.referenceNumber!, ref: `E2-${inv.id}` },
    ]);
    expect(summary).toMatchObject({ statements: 1, payments: 1, alreadyKnown: 1 });
    expect(await state(inv.id)).toMatchObject({ paid: 2500 });
  });

  it("two imports of the same statement at the same moment import it once", async () => {
    const inv = await invoice(5000);
    const content = buildCamt053({ iban: IBAN, entries: [{ amount: "50.00", reference: inv.referenceNumber! }] });
    const outcomes = await Promise.allSettled([1, 2].map(() => importStatement(ctx(), { fileName: "a.xml", content })));
    expect(await state(inv.id)).toMatchObject({ status: "paid", paid: 5000 });
    const imported = outcomes.filter((o) => o.status === "fulfilled" && o.value.statements === 1);
    expect(imported).toHaveLength(1);
  });
});
