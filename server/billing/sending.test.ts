import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eFinancialsSettings, institutionSettings, invoices, invoiceSendLog, serviceEntries } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { saveConnection } from "./connection";
import { startEFinancialsMock, type EFinancialsMock } from "@/server/testing/e-financials-mock";
import { confirmInvoice } from "./invoices";
import { confirmReport } from "./reports";
import { sendAllConfirmed, sendInvoice } from "./sending";

const t = await useTestDatabase();
const noWait = { sleep: async () => {}, retryBaseMs: 1, timeoutMs: 1_000 };

let world: FundingWorld;
let unit: string;
let accountant: Actor;
let specialistId: string;
let mock: EFinancialsMock;
let month = 0;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  accountant = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "all", "billing:send": "all", "settings:manage": "all" },
    unitIds: [unit],
  });
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Saatja OÜ", registryCode: "12345678", address: "Tallinn", iban: "EE382200221020145685" })
    .where(eq(institutionSettings.id, 1));
  mock = await startEFinancialsMock();
});
afterAll(() => mock.close());

const connect = () =>
  saveConnection(
    { db: t.db, actor: accountant, ip: null },
    { mode: "demo", baseUrl: mock.url, apiKeyId: mock.keyId, apiPublicValue: mock.publicValue, apiPassword: mock.password },
  );

/** A confirmed, numbered invoice of its own month (a new month each time: one draft per funder and month). */
async function numberedInvoice() {
  const m = `2025-${String(++month).padStart(2, "0")}`;
  const c = await makeClientWithDecision(t.db, {
    unitIds: [unit],
    decision: { fundingSourceId: world.sourceId, startDate: "2025-01-01", endDate: "2025-12-31" },
  });
  await t.db.insert(serviceEntries).values({
    clientId: c.clientId,
    decisionId: c.decisionId,
    serviceId: world.serviceId,
    serviceDate: `${m}-10`,
    units: "1",
    specialistId,
  });
  const { invoiceId } = await confirmReport({ db: t.db, actor: accountant, ip: null }, { decisionId: c.decisionId, month: m });
  return confirmInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoiceId });
}

const stored = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
const createdFor = (number: string) => mock.invoices.filter((i) => i.number === number || String(i.number).endsWith(number));

describe("sending an invoice to e-Financials", () => {
  it("without credentials says what to configure and changes nothing", async () => {
    await t.db.update(eFinancialsSettings).set({ apiKeyId: "", apiPublicValue: "", apiPassword: "" }).where(eq(eFinancialsSettings.id, 1));
    const invoice = await numberedInvoice();
    const err = await appErrorOf(sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "apiKeyId", messageKey: "billingErrors.eFinancialsNotConfigured" });
    expect(await stored(invoice.id)).toMatchObject({ status: "confirmed", sendState: "idle" });
  });

  it("creates, registers and delivers it once, stores the remote id and every request", async () => {
    await connect();
    const invoice = await numberedInvoice();
    const result = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait });
    expect(result).toEqual({ ok: true, messages: [] });
    const after = await stored(invoice.id);
    expect(after).toMatchObject({ status: "sent", sendState: "delivered" });
    expect(after.remoteId).toBe(createdFor(invoice.number!)[0]!.id);
    expect(createdFor(invoice.number!)).toHaveLength(1);
    expect(createdFor(invoice.number!)[0]).toMatchObject({ status: "CONFIRMED" });
    expect(createdFor(invoice.number!)[0]!.deliveries).toHaveLength(1);
    const log = await t.db.select().from(invoiceSendLog).where(eq(invoiceSendLog.invoiceId, invoice.id));
    expect(log.map((l) => l.operation)).toEqual(
      expect.arrayContaining(
        ["create_invoice", "register_invoice", "deliver_invoice"].map((op) => expect.stringContaining(op.split("_")[0]!)),
      ),
    );
    // Sent is sent: a second press does not send it again.
    expect((await appErrorOf(sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait }))).messageKey).toBe(
      "billingErrors.notSendable",
    );
    expect(createdFor(invoice.number!)).toHaveLength(1);
    expect(await auditRows(t.db, "invoice.send")).toEqual(
      expect.arrayContaining([expect.objectContaining({ targetId: invoice.id, outcome: "ok" })]),
    );
  });

  it("shows a rejection's own messages and leaves the invoice re-sendable, without creating it twice", async () => {
    await connect();
    const invoice = await numberedInvoice();
    mock.failNext("register_invoice", { type: "reject", messages: ["Arve kuupäev on suletud perioodis"] });
    const first = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait });
    expect(first).toEqual({ ok: false, messages: ["Arve kuupäev on suletud perioodis"] });
    expect(await stored(invoice.id)).toMatchObject({
      status: "confirmed",
      sendState: "failed",
      lastSendMessages: ["Arve kuupäev on suletud perioodis"],
    });

    const second = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait });
    expect(second.ok).toBe(true);
    expect(createdFor(invoice.number!)).toHaveLength(1);
    expect(await stored(invoice.id)).toMatchObject({ status: "sent", sendState: "delivered" });
  });

  it("rides out a transient failure and a lost answer to the create without a duplicate", async () => {
    await connect();
    const invoice = await numberedInvoice();
    mock.failNext("create_invoice", { type: "status", status: 503 });
    mock.failNext("create_invoice", { type: "timeout", applied: true });
    const result = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait });
    expect(result.ok).toBe(true);
    expect(createdFor(invoice.number!)).toHaveLength(1);
  });

  it("send all confirmed queues the month's sendable invoices and sends them in the background", async () => {
    await connect();
    const invoice = await numberedInvoice();
    const m = invoice.month.slice(0, 7);
    const unitSender = await makeActor(t.db, { permissions: { "billing:read": "unit", "billing:send": "unit" }, unitIds: [unit] });
    // A funder-wide invoice is beyond a unit's billing scope: nothing of it is queued for them.
    expect(await sendAllConfirmed({ db: t.db, actor: unitSender, ip: null }, { month: m, ...noWait })).toEqual({ queued: 0 });
    expect(await sendAllConfirmed({ db: t.db, actor: accountant, ip: null }, { month: m, ...noWait })).toEqual({ queued: 1 });
    for (let i = 0; i < 100 && (await stored(invoice.id)).status !== "sent"; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await stored(invoice.id)).toMatchObject({ status: "sent", sendState: "delivered" });
    expect(createdFor(invoice.number!)).toHaveLength(1);
  });

  it("two people pressing send at once send it once", async () => {
    await connect();
    const invoice = await numberedInvoice();
    const outcomes = await Promise.allSettled([
      sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait }),
      sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, ...noWait }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    expect(createdFor(invoice.number!)).toHaveLength(1);
  });
});
