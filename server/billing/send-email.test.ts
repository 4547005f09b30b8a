import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundingSources, institutionSettings, invoices, invoiceSendLog, serviceEntries } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { confirmInvoice } from "./invoices";
import { confirmReport } from "./reports";
import { sendAllConfirmed, sendInvoice } from "./sending";

/** A local SMTP server started by the test: it keeps every message and refuses one address. */
type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
const REFUSED = "tagasi@funder.example";
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address === REFUSED) return callback(Object.assign(new Error("5.1.1 Mailbox unavailable"), { responseCode: 550 }));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
// Read by env() on first use, which comes after this in this test file's process.
process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
process.env.SMTP_FROM = "Arved <arved@saatja.example>";

const t = await useTestDatabase();
let world: FundingWorld;
let unit: string;
let accountant: Actor;
let specialistId: string;
let month = 0;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeFundingWorld(t.db, "SRT");
  accountant = await makeActor(t.db, {
    permissions: { "billing:read": "all", "billing:confirm": "all", "billing:send": "all" },
    unitIds: [unit],
  });
  specialistId = await makeEmployee(t.db, { unitIds: [unit] });
  await t.db
    .update(institutionSettings)
    .set({ legalName: "Saatja OÜ", registryCode: "12345678", address: "Tallinn", iban: "EE382200221020145685" })
    .where(eq(institutionSettings.id, 1));
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

async function emailFunderInvoice(email: string) {
  await t.db.update(fundingSources).set({ sendChannel: "email", payerEmail: email }).where(eq(fundingSources.id, world.sourceId));
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

/** The decoded body of the MIME part with this file name. */
function attachment(raw: string, fileName: string): Buffer {
  const part = raw.split(/\r?\n--/).find((p) => p.includes(`filename=${fileName}`) || p.includes(`filename="${fileName}"`));
  if (!part) throw new Error(`no attachment ${fileName}`);
  const body = part
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n");
  return Buffer.from(body.replace(/\s+/g, ""), "base64");
}

const log = (id: string) => t.db.select().from(invoiceSendLog).where(eq(invoiceSendLog.invoiceId, id));
const stored = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

describe("sending an invoice by e-mail", () => {
  it("mails the PDF/A-3 and the XML to the funder through SMTP and lists the server's answer on the invoice", async () => {
    const invoice = await emailFunderInvoice("arved@funder.example");
    const result = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, timeoutMs: 5_000 });
    expect(result).toEqual({ ok: true, messages: [] });

    const mail = received.at(-1)!;
    expect(mail.to).toEqual(["arved@funder.example"]);
    expect(mail.from).toBe("arved@saatja.example");
    const pdf = attachment(mail.raw, `${invoice.number}.pdf`);
    expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
    expect(pdf.toString("latin1")).toContain("<pdfaid:part>3</pdfaid:part>");
    // The funder's e-invoice: EN 16931 (Peppol BIS 3.0 UBL) unless it agreed to e-invoice 1.2.
    const xml = attachment(mail.raw, `${invoice.number}-en16931.xml`).toString("utf8");
    expect(xml).toContain("urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0");
    expect(xml).toContain(invoice.number);

    expect(await stored(invoice.id)).toMatchObject({ status: "sent", sendState: "delivered" });
    const [row, ...more] = await log(invoice.id);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      channel: "email",
      operation: "send_email",
      method: "SMTP",
      path: "mailto:arved@funder.example",
      responseCode: 250,
      error: null,
    });
    expect(row!.messages[0]).toMatch(/^250/);
  });

  it("shows the SMTP server's refusal and leaves the invoice re-sendable", async () => {
    const invoice = await emailFunderInvoice(REFUSED);
    const before = received.length;
    const result = await sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id, timeoutMs: 5_000 });
    expect(result.ok).toBe(false);
    expect(result.messages[0]).toMatch(/550.*Mailbox unavailable/);
    expect(received).toHaveLength(before);
    expect(await stored(invoice.id)).toMatchObject({ status: "confirmed", sendState: "failed" });
    expect((await log(invoice.id))[0]).toMatchObject({ channel: "email", responseCode: 550 });
  });

  it("refuses a funder set to another e-invoice operator while none is set up, changing nothing", async () => {
    const invoice = await emailFunderInvoice("arved@funder.example");
    await t.db.update(fundingSources).set({ sendChannel: "operator" }).where(eq(fundingSources.id, world.sourceId));
    const err = await appErrorOf(sendInvoice({ db: t.db, actor: accountant, ip: null }, { id: invoice.id }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "sendChannel", messageKey: "billingErrors.operatorNotConfigured" });
    expect(await stored(invoice.id)).toMatchObject({ status: "confirmed", sendState: "idle" });
  });

  it("sends a month's confirmed invoices to e-mail funders without an e-Financials connection", async () => {
    const invoice = await emailFunderInvoice("arved@funder.example");
    const before = received.length;
    // No e-Financials connection is set up in this database: only e-mail is needed.
    const month = invoice.month.slice(0, 7);
    expect(await sendAllConfirmed({ db: t.db, actor: accountant, ip: null }, { month, timeoutMs: 5_000 })).toEqual({ queued: 1 });
    await expect.poll(async () => (await stored(invoice.id)).sendState, { timeout: 15_000 }).toBe("delivered");
    expect(received.length).toBe(before + 1);
  });
});
