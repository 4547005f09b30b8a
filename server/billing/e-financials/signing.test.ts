import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertConfigured, authHeaders, EFinancialsConfigError, formatQueryTime, isConfigured, signature } from "./signing";
import { startEFinancialsMock, type EFinancialsMock } from "@/server/testing/e-financials-mock";

const KEY = { apiKeyId: "3e41d0b6", apiPublicValue: "f4a0c5e2-public", apiPassword: "s3cr3t-Pässword" };

describe("e-Financials signing", () => {
  it("formats X-AUTH-QUERYTIME as UTC without milliseconds or zone", () => {
    expect(formatQueryTime(new Date("2026-11-23T08:05:09.987+02:00"))).toBe("2026-11-23T06:05:09");
  });

  it("signs '<key id>:<querytime>:<url path>' with HMAC-SHA384 under the password, base64 of the raw digest", () => {
    const now = new Date("2026-11-23T10:15:30Z");
    // Computed independently of signing.ts, straight from the documented rule.
    const expected = createHmac("sha384", "s3cr3t-Pässword").update("3e41d0b6:2026-11-23T10:15:30:/v1/sale_invoices").digest("base64");
    expect(expected).toHaveLength(64);
    expect(authHeaders(KEY, "/v1/sale_invoices", now)).toEqual({
      "X-AUTH-QUERYTIME": "2026-11-23T10:15:30",
      "X-AUTH-KEY": `f4a0c5e2-public:${expected}`,
    });
  });

  it("changes the signature with the path, the time and the key", () => {
    const base = signature(KEY.apiKeyId, KEY.apiPassword, "2026-11-23T10:15:30", "/v1/sale_invoices");
    expect(signature(KEY.apiKeyId, KEY.apiPassword, "2026-11-23T10:15:30", "/v1/sale_invoices/1/register")).not.toBe(base);
    expect(signature(KEY.apiKeyId, KEY.apiPassword, "2026-11-23T10:15:31", "/v1/sale_invoices")).not.toBe(base);
    expect(signature("other", KEY.apiPassword, "2026-11-23T10:15:30", "/v1/sale_invoices")).not.toBe(base);
    expect(signature(KEY.apiKeyId, "other", "2026-11-23T10:15:30", "/v1/sale_invoices")).not.toBe(base);
  });

  it("tells whether credentials are complete, and names the missing ones", () => {
    const full = { baseUrl: "https://demo-rmp-api.rik.ee/v1", ...KEY };
    expect(isConfigured(full)).toBe(true);
    expect(isConfigured({ ...full, apiPassword: "  " })).toBe(false);
    expect(isConfigured(null)).toBe(false);
    expect(() => assertConfigured({ baseUrl: full.baseUrl, apiKeyId: "k" })).toThrow(EFinancialsConfigError);
    expect(() => assertConfigured({ baseUrl: full.baseUrl, apiKeyId: "k" })).toThrow(/apiPublicValue, apiPassword/);
  });
});

describe("the mock verifies the signature exactly", () => {
  let mock: EFinancialsMock;
  beforeAll(async () => {
    mock = await startEFinancialsMock();
  });
  afterAll(() => mock.close());

  const key = () => ({ apiKeyId: mock.keyId, apiPublicValue: mock.publicValue, apiPassword: mock.password });
  const get = (path: string, headers: Record<string, string>) => fetch(new URL(path, mock.url), { headers });

  it("accepts the documented signature over the path without the query string", async () => {
    const res = await get("/v1/clients?page=1", authHeaders(key(), "/v1/clients", new Date()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ current_page: 1, items: [] });
  });

  it.each([
    ["a wrong password", () => authHeaders({ ...key(), apiPassword: "wrong" }, "/v1/clients", new Date())],
    ["a wrong public value", () => authHeaders({ ...key(), apiPublicValue: "someone-else" }, "/v1/clients", new Date())],
    ["the path without /v1", () => authHeaders(key(), "/clients", new Date())],
    ["the query string signed too", () => authHeaders(key(), "/v1/clients?page=1", new Date())],
    ["a stale query time", () => authHeaders(key(), "/v1/clients", new Date(Date.now() - 3_600_000))],
  ])("answers 401 with a message for %s", async (_label, headers) => {
    const res = await get("/v1/clients?page=1", headers());
    expect(res.status).toBe(401);
    const body = (await res.json()) as { messages: string[] };
    expect(body.messages[0]).toMatch(/X-AUTH/);
  });

  it("answers 401 when the headers are missing", async () => {
    const res = await get("/v1/clients", {});
    expect(res.status).toBe(401);
  });
});
