import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Request signing of the RIK e-Financials (e-arveldaja) REST API, domain.md §6:
 *
 *   X-AUTH-QUERYTIME: the request time in UTC, "YYYY-MM-DDTHH:MM:SS" (no milliseconds, no zone)
 *   X-AUTH-KEY:       "<public value>:<signature>"
 *   signature       = base64(HMAC-SHA384(key = API password, message = "<key id>:<querytime>:<url path>"))
 *
 * Our reading of "url path", checked against third-party clients (the PHP client
 * aanndryyyy/e-financials-php-client signs its "signed path"; the TypeScript MCP servers
 * iseppo/e-arveldaja-mcp and werkstatt-jasper/e-financials-mcp sign `new URL(...).pathname`;
 * a Python client signs f"/v1{url}"): it is the path part of the request URL only, INCLUDING the
 * version prefix and WITHOUT host or query string, e.g. "/v1/sale_invoices/17/register" for
 * https://rmp-api.rik.ee/v1/sale_invoices/17/register?x=1. The digest is base64 of the raw HMAC
 * bytes (not of its hex form).
 */

export type EFinancialsConfig = {
  /** https://rmp-api.rik.ee/v1 (live) or https://demo-rmp-api.rik.ee/v1 (demo). */
  baseUrl: string;
  apiKeyId: string;
  apiPublicValue: string;
  apiPassword: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Per request, first try included; default 4. */
  maxAttempts?: number;
  /**
   * sale_invoice_type of a credit note. RIK's spec does not enumerate the values (only "INVOICE"
   * appears, in an example), so it is configurable: E_FINANCIALS_CREDIT_INVOICE_TYPE, default
   * "CREDIT-INVOICE", the value e-Financials' own web form uses.
   */
  creditInvoiceType?: string;
};

export const E_FINANCIALS_LIVE_URL = "https://rmp-api.rik.ee/v1";
export const E_FINANCIALS_DEMO_URL = "https://demo-rmp-api.rik.ee/v1";

const CREDENTIALS = ["baseUrl", "apiKeyId", "apiPublicValue", "apiPassword"] as const;

export class EFinancialsConfigError extends Error {
  constructor(readonly missing: string[]) {
    super(`e-Financials is not configured: missing ${missing.join(", ")}`);
    this.name = "EFinancialsConfigError";
  }
}

function missingCredentials(config: Partial<Record<(typeof CREDENTIALS)[number], unknown>> | null | undefined): string[] {
  return CREDENTIALS.filter((k) => typeof config?.[k] !== "string" || (config[k] as string).trim() === "");
}

/** True when every credential is a non-empty string; settings screens use it to show the send button. */
export function isConfigured(
  config: Partial<Record<(typeof CREDENTIALS)[number], unknown>> | null | undefined,
): config is EFinancialsConfig {
  return missingCredentials(config).length === 0;
}

export function assertConfigured(config: Partial<EFinancialsConfig> | null | undefined): asserts config is EFinancialsConfig {
  const missing = missingCredentials(config);
  if (missing.length > 0) throw new EFinancialsConfigError(missing);
}

/** "2026-11-23T08:05:09" in UTC. */
export function formatQueryTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function signature(apiKeyId: string, apiPassword: string, queryTime: string, urlPath: string): string {
  return createHmac("sha384", apiPassword).update(`${apiKeyId}:${queryTime}:${urlPath}`, "utf8").digest("base64");
}

/** The two auth headers for a request to `urlPath` (path part only, see above). */
export function authHeaders(
  config: Pick<EFinancialsConfig, "apiKeyId" | "apiPublicValue" | "apiPassword">,
  urlPath: string,
  now: Date,
): { "X-AUTH-QUERYTIME": string; "X-AUTH-KEY": string } {
  const queryTime = formatQueryTime(now);
  return {
    "X-AUTH-QUERYTIME": queryTime,
    "X-AUTH-KEY": `${config.apiPublicValue}:${signature(config.apiKeyId, config.apiPassword, queryTime, urlPath)}`,
  };
}

/** Server side of the same rule (the mock server uses it): constant-time comparison. */
export function verifyAuthKey(
  key: { apiKeyId: string; apiPublicValue: string; apiPassword: string },
  urlPath: string,
  queryTime: string,
  authKey: string,
): boolean {
  const expected = Buffer.from(`${key.apiPublicValue}:${signature(key.apiKeyId, key.apiPassword, queryTime, urlPath)}`);
  const given = Buffer.from(authKey);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
