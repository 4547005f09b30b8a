import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { creditNote, exemptInvoice, mixedVatInvoice } from "@/server/testing/invoice-documents";
import { deliverInvoice, EFinancialsConfigError, type DeliveryState, type EFinancialsConfig, type Step } from "./client";
import { startEFinancialsMock, type EFinancialsMock, type MockOperation } from "@/server/testing/e-financials-mock";

const FRESH: DeliveryState = { remoteId: null, registered: false, delivered: false };

let mock: EFinancialsMock;
let config: EFinancialsConfig;
let sleeps: number[];

beforeEach(async () => {
  // Two items per page, so every lookup also proves it follows the pages.
  mock = await startEFinancialsMock({ pageSize: 2 });
  config = { baseUrl: mock.url, apiKeyId: mock.keyId, apiPublicValue: mock.publicValue, apiPassword: mock.password, timeoutMs: 1_000, maxAttempts: 3 };
  sleeps = [];
});
afterEach(() => mock.close());

/** Back-off is recorded, not waited for. */
const options = () => ({ sleep: async (ms: number) => void sleeps.push(ms) });
const calls = (operation: MockOperation) => mock.requests.filter((r) => r.operation === operation).length;

async function send(doc = exemptInvoice(), state = FRESH) {
  const reported: Step[] = [];
  const result = await deliverInvoice(config, doc, state, (s) => reported.push(s), options());
  return { result, reported };
}

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
    expect(mock.products.map((p) => p.code).sort()).toEqual(["2001", "2010", "2012", "3002"]);
    const items = invoice!.items as Record<string, unknown>[];
    expect(items[0]).toMatchObject({ amount: 2, unit: "tund", unit_net_price: 29.4, total_net_price: 58.8 });
    expect(items[2]!.custom_title).toContain("Анна Петрова");

    // Every request is a step, reported as it happens and returned in the same order.
    expect(reported).toEqual(result.steps);
    expect(result.steps).toHaveLength(mock.requests.length);
    const writes = result.steps.filter((s) => s.method !== "GET");
    expect(writes.map((s) => s.operation)).toEqual(["create_client", "create_product", "create_product", "create_product", "create_product", "create_invoice", "register", "deliver"]);
    const create = writes.find((s) => s.operation === "create_invoice")!;
    expect(create).toMatchObject({ method: "POST", path: "/v1/sale_invoices", httpStatus: 200, responseCode: 0, messages: [], remoteId: invoice!.id });
    expect(writes.at(-1)).toMatchObject({ path: `/v1/sale_invoices/${invoice!.id}/deliver`, httpStatus: 200, responseCode: 0 });
    expect(result.steps.every((s) => s.durationMs >= 0 && s.error === undefined)).toBe(true);
  });

  it("reuses the client and products it finds by code, across pages", async () => {
    await send();
    const second = await send(mixedVatInvoice());
    expect(second.result.ok).toBe(true);
    // Töötukassa is a new client; of the products only T900 and 2004 are new.
    expect(mock.clients.map((c) => c.code)).toEqual(["70001975", "70009770"]);
    expect(mock.products.map((p) => p.code).sort()).toEqual(["2001", "2004", "2010", "2012", "3002", "T900"]);
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
    expect(result.steps.at(-1)).toMatchObject({ operation: "create_invoice", httpStatus: 400, responseCode: 1 });
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
    expect(second.result.steps.map((s) => s.operation)).toEqual(["get_invoice", "register", "deliver"]);
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
    expect(mock.invoices[1]).toMatchObject({ number: "2026-0050", sale_invoice_type: "CREDIT-INVOICE", credit_sale_invoices_id: mock.invoices[0]!.id });
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
