import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { creditNote, exemptInvoice, line, makeDocument, mixedVatInvoice } from "@/server/testing/invoice-documents";
import { authHeaders } from "./signing";
import { deliverInvoice, EFinancialsConfigError, type DeliveryState, type EFinancialsConfig, type Step } from "./client";
import { startEFinancialsMock, type EFinancialsMock, type MockOperation } from "@/server/testing/e-financials-mock";

const FRESH: DeliveryState = { remoteId: null, registered: false, delivered: false };

let mock: EFinancialsMock;
let config: EFinancialsConfig;
let sleeps: number[];

beforeEach(async () => {
  // Two items per page, so every lookup also proves it follows the pages.
  mock = await startEFinancialsMock({ pageSize: 2 });
  config = {
    baseUrl: mock.url,
    apiKeyId: mock.keyId,
    apiPublicValue: mock.publicValue,
    apiPassword: mock.password,
    timeoutMs: 1_000,
    maxAttempts: 3,
  };
  sleeps = [];
});
afterEach(async () => {
  // Every request the client made and every answer the mock gave kept to RIK's schemas.
  const violations = mock.specViolations;
  await mock.close();
  expect(violations).toEqual([]);
});

/** Back-off is recorded, not waited for. */
const options = () => ({ sleep: async (ms: number) => void sleeps.push(ms) });
const calls = (operation: MockOperation) => mock.requests.filter((r) => r.operation === operation).length;

async function send(doc = exemptInvoice(), state = FRESH) {
  const reported: Step[] = [];
  const result = await deliverInvoice(config, doc, state, (s) => reported.push(s), options());
  return { result, reported };
}

/** The request bodies the client sent to a path, as the mock received and stored them. */
const sentProducts = () => mock.products;

describe("deliverInvoice against RIK's spec", () => {
  it("leaves absent optional fields out instead of sending null", async () => {
    const doc = mixedVatInvoice();
    // Töötukassa here has no e-mail and no VAT number; the invoice has no note.
    const { result } = await send({ ...doc, note: "" });
    expect(result).toMatchObject({ ok: true });
    const client = mock.clients[0]!;
    expect(client).not.toHaveProperty("email");
    expect(client).not.toHaveProperty("invoice_vat_no");
    expect(client).toMatchObject({ address_text: "Lasnamäe 2, 11412 Tallinn", code: "70009770" });
    expect(mock.invoices[0]).not.toHaveProperty("additional_info_content");
    expect(Object.values(mock.invoices[0]!).includes(null)).toBe(false);
  });

  it("creates each product with the sales article that carries its VAT, and sends no read-only vat_rate", async () => {
    const { result } = await send(mixedVatInvoice());
    expect(result).toMatchObject({ ok: true });
    const byCode = Object.fromEntries(sentProducts().map((p) => [p.code, p.cl_sale_articles_id]));
    const exempt = mock.saleArticles.find((a) => String(a.name_est).includes("maksuvaba"))!.id;
    const rate22 = mock.saleArticles.find((a) => a.vat_rate === 22)!.id;
    expect(byCode).toEqual({ "2010-KV": exempt, "T900-22": rate22, "2004-KV": exempt });
    // What e-Financials made of the lines: VAT from the article, 22 % only on the taxed line.
    const items = mock.invoices[0]!.items as Record<string, unknown>[];
    expect(items.map((i) => i.vat_rate)).toEqual([undefined, 22, undefined]);
    expect(result.steps.filter((s) => s.operation === "find_sale_articles")).toHaveLength(1);
  });

  it("keeps 22 % and 24 % lines of one service apart, as two products with their own articles", async () => {
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
        }),
        line({
          clientName: "Mari Maasikas",
          serviceCode: "T900",
          serviceName: "Tööalane nõustamine",
          unit: "session",
          vatStatus: "taxable",
          vatRate: "24.00",
          unitPriceCents: 5000,
        }),
      ],
      { invoiceDate: "2025-07-05", periodStart: "2025-06-01", periodEnd: "2025-07-31" },
    );
    // The 22 % article ended with June 2025: a June line invoiced in July still finds it.
    const { result } = await send(doc);
    expect(result.ok).toBe(true);
    expect((mock.invoices[0]!.items as Record<string, unknown>[]).map((i) => i.vat_rate)).toEqual([22, 24]);
    expect(mock.products.map((p) => p.code).sort()).toEqual(["T900-22", "T900-24"]);
  });

  it("refuses clearly when the company has no sales article for a rate", async () => {
    const doc = makeDocument([line({ clientName: "Mari Maasikas", serviceCode: "T900", vatStatus: "taxable", vatRate: "13.00" })]);
    const { result } = await send(doc);
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(!result.ok && result.messages[0]).toMatch(/no valid sales article with VAT 13%/);
    expect(mock.invoices).toHaveLength(0);
  });

  it("checks delivery_options first and does not deliver to a buyer who takes no e-invoices", async () => {
    mock.notEInvoiceRecipients.add("70001975");
    const { result } = await send();
    expect(result).toMatchObject({
      ok: false,
      transient: false,
      messages: ["e-Financials cannot send it as an e-invoice: Ostja ei ole e-arve saaja"],
    });
    expect(calls("deliver_invoice")).toBe(0);
    expect(mock.invoices[0]!.deliveries).toHaveLength(0);
  });

  it("sends a credit note with the configured sale_invoice_type", async () => {
    await send();
    config.creditInvoiceType = "CREDIT_INVOICE_TEST";
    const { result } = await send(creditNote());
    expect(result.ok).toBe(true);
    expect(mock.invoices[1]).toMatchObject({ sale_invoice_type: "CREDIT_INVOICE_TEST" });
  });

  it("the look-alike server refuses what the spec refuses: null strings and read-only fields", async () => {
    await send();
    const violations = mock.specViolations.length;
    const url = new URL(`${mock.url}/clients`);
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...authHeaders(config, url.pathname, new Date()) },
      body: JSON.stringify({
        name: "X",
        is_client: true,
        is_supplier: false,
        cl_code_country: "EST",
        is_member: false,
        send_invoice_to_email: false,
        send_invoice_to_accounting_email: false,
        email: null,
        id: 5,
      }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: number; messages: string[] };
    expect(body.code).toBe(101);
    expect(body.messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/body\.email must be string/), expect.stringMatching(/body\.id is read-only/)]),
    );
    // Counted, and taken back so that afterEach checks only the client's own requests.
    expect(mock.specViolations.length).toBe(violations + 1);
    mock.specViolations.pop();
  });
});

describe("deliverInvoice", () => {
  it("creates the client, products and invoice, registers and delivers it, reporting every request", async () => {
    const { result, reported } = await send();

    expect(result.ok).toBe(true);
    const [invoice, ...others] = mock.invoices;
    expect(others).toHaveLength(0);
    expect(result).toMatchObject({ ok: true, remoteId: invoice!.id });
    expect(invoice).toMatchObject({
      number: "2026-0042",
      status: "CONFIRMED",
      sale_invoice_type: "INVOICE",
      bank_ref_number: "202600428",
      period_start_date: "2026-10-01",
      period_end_date: "2026-10-31",
      term_days: 14,
      cl_templates_id: 7,
    });
    expect(invoice!.deliveries).toHaveLength(1);
    expect(mock.clients).toEqual([expect.objectContaining({ code: "70001975", name: "Sotsiaalkindlustusamet", is_client: true })]);
    expect(mock.products.map((p) => p.code).sort()).toEqual(["2001-KV", "2010-KV", "2012-KV", "3002-KV"]);
    const items = invoice!.items as Record<string, unknown>[];
    expect(items[0]).toMatchObject({ amount: 2, unit: "tund", unit_net_price: 29.4, total_net_price: 58.8 });
    expect(items[2]!.custom_title).toContain("Анна Петрова");

    // Every request is a step, reported as it happens and returned in the same order.
    expect(reported).toEqual(result.steps);
    expect(result.steps).toHaveLength(mock.requests.length);
    const writes = result.steps.filter((s) => s.method !== "GET");
    expect(writes.map((s) => s.operation)).toEqual([
      "create_client",
      "create_product",
      "create_product",
      "create_product",
      "create_product",
      "create_invoice",
      "register",
      "deliver",
    ]);
    // The e-invoice is delivered only after e-Financials said it can deliver one.
    const ops = result.steps.map((s) => s.operation);
    expect(ops.indexOf("delivery_options")).toBe(ops.indexOf("deliver") - 1);
    const create = writes.find((s) => s.operation === "create_invoice")!;
    expect(create).toMatchObject({
      method: "POST",
      path: "/v1/sale_invoices",
      httpStatus: 200,
      responseCode: 0,
      messages: ["OK"],
      remoteId: invoice!.id,
    });
    expect(writes.at(-1)).toMatchObject({ path: `/v1/sale_invoices/${invoice!.id}/deliver`, httpStatus: 200, responseCode: 0 });
    expect(result.steps.every((s) => s.durationMs >= 0 && s.error === undefined)).toBe(true);
  });

  it("reuses the client and products it finds by code, across pages", async () => {
    await send();
    const second = await send(mixedVatInvoice());
    expect(second.result.ok).toBe(true);
    // Töötukassa is a new client; of the products only T900 and 2004 are new.
    expect(mock.clients.map((c) => c.code)).toEqual(["70001975", "70009770"]);
    expect(mock.products.map((p) => p.code).sort()).toEqual(["2001-KV", "2004-KV", "2010-KV", "2012-KV", "3002-KV", "T900-22"]);
    const taxable = (mock.invoices[1]!.items as Record<string, unknown>[])[1];
    expect(taxable).toMatchObject({ vat_rate: 22, unit: "seanss" });
  });

  it("returns the API's messages on a rejection and does not retry", async () => {
    mock.failNext("create_invoice", { type: "reject", messages: ["Arve number 2026-0042 on juba kasutusel"] });
    const { result } = await send();
    expect(result).toMatchObject({ ok: false, transient: false, remoteId: null, messages: ["Arve number 2026-0042 on juba kasutusel"] });
    expect(calls("create_invoice")).toBe(1);
    expect(calls("register_invoice")).toBe(0);
    expect(sleeps).toEqual([]);
    expect(result.steps.at(-1)).toMatchObject({ operation: "create_invoice", httpStatus: 409, responseCode: 1 });
  });

  it("treats response_code != 0 as a rejection even under HTTP 200", async () => {
    mock.failNext("deliver_invoice", { type: "reject", messages: ["Ostja ei ole e-arve saaja"], status: 200 });
    const { result } = await send();
    expect(result).toMatchObject({ ok: false, transient: false, messages: ["Ostja ei ole e-arve saaja"] });
    expect(result.ok || result.remoteId).toBe(mock.invoices[0]!.id);
  });

  it("retries a 503 with back-off and creates the invoice once", async () => {
    mock.failNext("create_invoice", { type: "status", status: 503 });
    mock.failNext("register_invoice", { type: "status", status: 429 });
    const { result } = await send();
    expect(result.ok).toBe(true);
    expect(mock.invoices).toHaveLength(1);
    expect(calls("create_invoice")).toBe(2);
    expect(calls("register_invoice")).toBe(2);
    expect(sleeps).toEqual([500, 500]);
    expect(result.steps.filter((s) => s.operation === "create_invoice").map((s) => s.httpStatus)).toEqual([503, 200]);
  });

  it("after a create that timed out but was committed, finds the invoice by number instead of creating again", async () => {
    mock.failNext("create_invoice", { type: "timeout", applied: true });
    const { result, reported } = await send();

    expect(result.ok).toBe(true);
    expect(mock.invoices).toHaveLength(1);
    expect(calls("create_invoice")).toBe(1);
    const timedOut = reported.find((s) => s.operation === "create_invoice")!;
    expect(timedOut).toMatchObject({ httpStatus: null, responseCode: null });
    expect(timedOut.error).toMatch(/No answer within 1000 ms/);
    // The lookup that found it carries the id, so the caller stores it before anything else happens.
    const found = reported.slice(reported.indexOf(timedOut)).find((s) => s.remoteId !== undefined)!;
    expect(found).toMatchObject({ operation: "find_invoice", remoteId: mock.invoices[0]!.id });
    expect(mock.invoices[0]).toMatchObject({ status: "CONFIRMED" });
  });

  it("after a create that timed out and was lost, creates it on the retry, once", async () => {
    mock.failNext("create_invoice", { type: "timeout" });
    const { result } = await send();
    expect(result.ok).toBe(true);
    expect(mock.invoices).toHaveLength(1);
    expect(calls("create_invoice")).toBe(2);
  });

  it("does not register twice when the register answer was lost", async () => {
    mock.failNext("register_invoice", { type: "timeout", applied: true });
    const { result } = await send();
    expect(result.ok).toBe(true);
    expect(calls("register_invoice")).toBe(1);
    expect(mock.invoices[0]!.deliveries).toHaveLength(1);
  });

  it("gives up as transient when the API stays unavailable, keeping the remote id", async () => {
    mock.failNext("register_invoice", { type: "status", status: 503 }, 5);
    const { result } = await send();
    expect(result).toMatchObject({ ok: false, transient: true, remoteId: mock.invoices[0]!.id });
    expect(calls("register_invoice")).toBe(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("resumes from a stored state without creating the invoice again", async () => {
    mock.failNext("register_invoice", { type: "status", status: 503 }, 3);
    const first = await send();
    expect(first.result.ok).toBe(false);
    const stored: DeliveryState = { remoteId: first.result.remoteId, registered: false, delivered: false };

    const second = await send(exemptInvoice(), stored);
    expect(second.result).toMatchObject({ ok: true, remoteId: stored.remoteId });
    expect(mock.invoices).toHaveLength(1);
    expect(calls("create_invoice")).toBe(1);
    expect(second.result.steps.map((s) => s.operation)).toEqual(["get_invoice", "register", "delivery_options", "deliver"]);
  });

  it("skips what the API already did although the stored state missed it (crash before storing)", async () => {
    await send();
    const id = mock.invoices[0]!.id;
    const before = mock.requests.length;
    const { result } = await send(exemptInvoice(), { remoteId: id, registered: false, delivered: false });
    expect(result).toMatchObject({ ok: true, remoteId: id });
    expect(mock.requests.slice(before).map((r) => r.operation)).toEqual(["get_invoice"]);
    expect(mock.invoices[0]!.deliveries).toHaveLength(1);
  });

  it("sends a credit note as CREDIT-INVOICE that points at the credited invoice", async () => {
    await send();
    const { result } = await send(creditNote());
    expect(result.ok).toBe(true);
    expect(mock.invoices[1]).toMatchObject({
      number: "2026-0050",
      sale_invoice_type: "CREDIT-INVOICE",
      credit_sale_invoices_id: mock.invoices[0]!.id,
    });
  });

  it("refuses a credit note whose invoice e-Financials does not know", async () => {
    const { result } = await send(creditNote());
    expect(result).toMatchObject({ ok: false, transient: false, messages: ["The credited invoice 2026-0042 is not in e-Financials"] });
    expect(mock.invoices).toHaveLength(0);
  });

  it("reports wrong credentials as a rejection with the API's message", async () => {
    config.apiPassword = "not-the-password";
    const { result } = await send();
    expect(result).toMatchObject({ ok: false, transient: false });
    expect(!result.ok && result.messages[0]).toMatch(/Invalid X-AUTH-KEY/);
    expect(result.steps).toHaveLength(1);
  });

  it("refuses to start without credentials", async () => {
    await expect(deliverInvoice({ ...config, apiKeyId: "" }, exemptInvoice(), FRESH)).rejects.toThrow(EFinancialsConfigError);
    expect(mock.requests).toHaveLength(0);
  });
});
