import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { institutionSettings, invoices, payments } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import { addDays } from "@/lib/calendar-days";
import type { Actor } from "@/server/policy/actor";
import { buildCamt053 } from "@/server/testing/camt-builder";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import { makeFundingSource } from "@/server/testing/funding-factories";
import { makeNumberedInvoice } from "@/server/testing/payment-factories";
import { assignPayment, ignorePayment, recordManualPayment, removeAllocation } from "./allocate";
import { importStatement } from "./import";
import { invoicePayments, listOverdue, listWaitingPayments, reminderFacts } from "./receivables";
import { renderReminderPdf } from "./reminder-pdf";

const t = await useTestDatabase();
const IBAN = "EE382200221020145685";
let accountant: Actor;
let funder: string;
let otherFunder: string;

beforeAll(async () => {
  accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" } });
  funder = await makeFundingSource(t.db, { name: "Sotsiaalkindlustusamet" });
  otherFunder = await makeFundingSource(t.db, { name: "Töötukassa", kind: "TRT" });
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Näidis OÜ", registryCode: "12345678", address: "Tallinn", iban: IBAN })
    .where(eq(institutionSettings.id, 1));
});

const ctx = () => ({ db: t.db, actor: accountant, ip: null });
const invoice = (totalCents: number, opts: { dueDate?: string; fundingSourceId?: string } = {}) =>
  makeNumberedInvoice(t.db, { fundingSourceId: opts.fundingSourceId ?? funder, totalCents, dueDate: opts.dueDate });
const balance = async (id: string) => (await invoicePayments(ctx(), { invoiceId: id })).balance!;
const status = async (id: string) => (await t.db.select({ s: invoices.status }).from(invoices).where(eq(invoices.id, id)))[0]!.s;

/** An unmatched incoming payment of `amount` euros, through a real statement import. */
async function waitingPayment(amount: string) {
  const text = `Annetus ${crypto.randomUUID()}`;
  await importStatement(ctx(), { fileName: "s.xml", content: buildCamt053({ iban: IBAN, entries: [{ amount, text }] }) });
  return (await listWaitingPayments(ctx())).find((p) => p.remittance === text)!;
}

describe("a person assigns a waiting payment", () => {
  it("to two invoices, each with its amount; both are paid and the payment leaves the list", async () => {
    const a = await invoice(3000);
    const b = await invoice(2000);
    const p = await waitingPayment("50.00");
    expect(p).toMatchObject({ leftCents: 5000, unmatchedReason: "larger_than_any_open" });
    await assignPayment(ctx(), {
      paymentId: p.id,
      allocations: [
        { invoiceId: a.id, amountCents: 3000 },
        { invoiceId: b.id, amountCents: 2000 },
      ],
    });
    expect([await status(a.id), await status(b.id)]).toEqual(["paid", "paid"]);
    expect((await listWaitingPayments(ctx())).map((w) => w.id)).not.toContain(p.id);
    expect(await auditRows(t.db, "payment.assign")).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: p.id })]));
  });

  it("partly: what is left keeps waiting", async () => {
    const a = await invoice(3000);
    const p = await waitingPayment("40.00");
    await assignPayment(ctx(), { paymentId: p.id, allocations: [{ invoiceId: a.id, amountCents: 3000 }] });
    expect((await listWaitingPayments(ctx())).find((w) => w.id === p.id)).toMatchObject({ leftCents: 1000 });
  });

  it("refuses more than the payment has left, or more than the invoice asks for, naming the figures", async () => {
    const a = await invoice(3000);
    const b = await invoice(9000);
    const p = await waitingPayment("50.00");
    expect(
      await appErrorOf(assignPayment(ctx(), { paymentId: p.id, allocations: [{ invoiceId: b.id, amountCents: 6000 }] })),
    ).toMatchObject({ code: "INVALID_INPUT", field: "allocations", messageKey: "paymentsErrors.moreThanPayment", params: { left: 50 } });
    expect(
      await appErrorOf(assignPayment(ctx(), { paymentId: p.id, allocations: [{ invoiceId: a.id, amountCents: 3500 }] })),
    ).toMatchObject({
      code: "INVALID_INPUT",
      field: "allocations.0.amountCents",
      messageKey: "paymentsErrors.moreThanOutstanding",
      params: { number: a.number, outstanding: 30 },
    });
    expect(await balance(a.id)).toMatchObject({ paidCents: 0 });
  });

  it("the database refuses allocations beyond the payment or the invoice, whatever writes them", async () => {
    const a = await invoice(3000);
    const p = await waitingPayment("20.00");
    expect(
      await pgErrorFrom(
        t.db.execute(
          sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, method) VALUES (${p.id}, ${a.id}, 2500, 'person')`,
        ),
      ),
    ).toEqual({ code: "23514", constraint: "payment_allocations_within_payment" });
    const big = await waitingPayment("90.00");
    expect(
      await pgErrorFrom(
        t.db.execute(
          sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, method) VALUES (${big.id}, ${a.id}, 3001, 'person')`,
        ),
      ),
    ).toEqual({ code: "23514", constraint: "payment_allocations_within_invoice" });
  });

  it("ignoring takes it off the list; undoing an allocation brings the money back and reopens the invoice", async () => {
    const p = await waitingPayment("12.00");
    await ignorePayment(ctx(), { paymentId: p.id, note: "Tagastus" });
    expect((await listWaitingPayments(ctx())).map((w) => w.id)).not.toContain(p.id);

    const a = await invoice(1500);
    const q = await waitingPayment("15.00");
    await assignPayment(ctx(), { paymentId: q.id, allocations: [{ invoiceId: a.id, amountCents: 1500 }] });
    const [allocation] = (await invoicePayments(ctx(), { invoiceId: a.id })).allocations;
    await removeAllocation(ctx(), { allocationId: allocation!.id });
    expect(await status(a.id)).toBe("confirmed");
    expect((await listWaitingPayments(ctx())).find((w) => w.id === q.id)).toMatchObject({ leftCents: 1500 });
  });
});

describe("marking paid by hand", () => {
  it("records a payment with its date and amount; a partial one leaves the rest open", async () => {
    const a = await invoice(10000);
    await recordManualPayment(ctx(), { invoiceId: a.id, paidOn: "2026-11-20", amountCents: 4000 });
    expect(await balance(a.id)).toEqual({ dueCents: 10000, paidCents: 4000, outstandingCents: 6000 });
    expect(await status(a.id)).toBe("confirmed");
    await recordManualPayment(ctx(), { invoiceId: a.id, paidOn: "2026-11-25", amountCents: 6000 });
    expect(await status(a.id)).toBe("paid");
    const facts = await invoicePayments(ctx(), { invoiceId: a.id });
    expect(facts.allocations.map((x) => [x.bookingDate, x.amountCents, x.source])).toEqual([
      ["2026-11-20", 4000, "manual"],
      ["2026-11-25", 6000, "manual"],
    ]);
    const rows = await t.db.select().from(payments).where(eq(payments.source, "manual"));
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses more than is open and a date in the future, naming the field", async () => {
    const a = await invoice(1000);
    expect(await appErrorOf(recordManualPayment(ctx(), { invoiceId: a.id, paidOn: "2026-11-20", amountCents: 1001 }))).toMatchObject({
      field: "amountCents",
      messageKey: "paymentsErrors.moreThanOutstanding",
    });
    expect(
      await appErrorOf(recordManualPayment(ctx(), { invoiceId: a.id, paidOn: addDays(tallinnDate(new Date()), 1), amountCents: 100 })),
    ).toMatchObject({ field: "paidOn", messageKey: "paymentsErrors.paidInFuture" });
  });
});

describe("receivables", () => {
  it("lists overdue invoices by funder with days overdue, without the paid ones", async () => {
    const today = tallinnDate(new Date());
    const old = await invoice(5000, { dueDate: addDays(today, -45), fundingSourceId: otherFunder });
    const recent = await invoice(2500, { dueDate: addDays(today, -3), fundingSourceId: otherFunder });
    const notYet = await invoice(2500, { dueDate: addDays(today, 5), fundingSourceId: otherFunder });
    const paid = await invoice(1000, { dueDate: addDays(today, -10), fundingSourceId: otherFunder });
    await recordManualPayment(ctx(), { invoiceId: old.id, paidOn: today, amountCents: 1000 });
    await recordManualPayment(ctx(), { invoiceId: paid.id, paidOn: today, amountCents: 1000 });
    const group = (await listOverdue(ctx())).find((f) => f.fundingSourceId === otherFunder)!;
    expect(group.invoices.map((i) => [i.number, i.daysOverdue, i.outstandingCents])).toEqual([
      [old.number, 45, 4000],
      [recent.number, 3, 2500],
    ]);
    expect(group.outstandingCents).toBe(6500);
    expect(group.invoices.map((i) => i.id)).not.toContain(notYet.id);
  });

  it("a reminder letter is a PDF for an overdue invoice, refused for one not yet due", async () => {
    const today = tallinnDate(new Date());
    const overdue = await invoice(5000, { dueDate: addDays(today, -20) });
    const facts = await reminderFacts(ctx(), { invoiceId: overdue.id });
    expect(facts).toMatchObject({ number: overdue.number, daysOverdue: 20, outstandingCents: 5000 });
    const pdf = await renderReminderPdf(facts);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await auditRows(t.db, "invoice.reminder")).toEqual(expect.arrayContaining([expect.objectContaining({ targetId: overdue.id })]));
    const notDue = await invoice(5000, { dueDate: addDays(today, 3) });
    expect((await appErrorOf(reminderFacts(ctx(), { invoiceId: notDue.id }))).messageKey).toBe("paymentsErrors.notOverdue");
  });
});
