import http from "node:http";
import https from "node:https";
import { authHeaders, type EFinancialsConfig } from "./signing";

/**
 * One signed request to e-Financials, its classification, and the retry rules. Every attempt is
 * reported as a Step through onStep, so the caller's log shows exactly what reached the API.
 *
 * node:http(s) rather than fetch: undici adds a "Sec-Fetch-Mode: cors" header that cannot be
 * removed, and a third-party client (werkstatt-jasper/e-financials-mcp) reports that the
 * Cloudflare front of rmp-api.rik.ee challenges that header profile with an HTML 403.
 */

/** What a step did; the sale invoice's own writes are "create_invoice", "register" and "deliver". */
export type StepOperation =
  | "find_client"
  | "create_client"
  | "find_product"
  | "create_product"
  | "find_template"
  | "find_sale_articles"
  | "find_invoice"
  | "find_credited_invoice"
  | "get_invoice"
  | "create_invoice"
  | "register"
  | "delivery_options"
  | "deliver";

export type Step = {
  operation: StepOperation;
  method: string;
  /** The signed URL path, e.g. "/v1/sale_invoices/17/register". */
  path: string;
  httpStatus: number | null;
  /** The API's response_code (0 = accepted), when the answer had one. */
  responseCode: number | null;
  messages: string[];
  durationMs: number;
  error?: string;
  /** Set when this step created or found the sale invoice: the caller stores it at once. */
  remoteId?: number;
};

export type DeliverOptions = {
  /** Waits between attempts; tests pass a no-op so that back-off costs no time. */
  sleep?: (ms: number) => Promise<void>;
  /** First back-off in ms, doubled per attempt (default 500, capped at 8 s). */
  retryBaseMs?: number;
  now?: () => Date;
};

export type Ctx = {
  config: EFinancialsConfig;
  steps: Step[];
  onStep?: (step: Step) => void;
  sleep: (ms: number) => Promise<void>;
  retryBaseMs: number;
  now: () => Date;
};

/** Thrown out of the delivery when the API refused (transient=false) or stayed unreachable. */
export class DeliveryFailure extends Error {
  constructor(
    readonly transient: boolean,
    readonly messages: string[],
  ) {
    super(messages.join("; ") || (transient ? "e-Financials unreachable" : "e-Financials refused the request"));
  }
}

export type ApiBody = Record<string, unknown> | unknown[] | null;
export type Outcome = { kind: "ok"; body: ApiBody } | { kind: "rejected"; messages: string[] } | { kind: "transient"; messages: string[] };

type Request = {
  operation: StepOperation;
  method: "GET" | "POST" | "PATCH";
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Reads an accepted answer into the step before it is reported (e.g. the created invoice's id). */
  annotate?: (body: ApiBody, step: Step) => void;
};

/** One attempt: never throws, always reports a step. */
export async function exchange(ctx: Ctx, req: Request): Promise<{ outcome: Outcome; step: Step }> {
  const url = new URL(ctx.config.baseUrl.replace(/\/+$/, "") + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders(ctx.config, url.pathname, ctx.now()) };
  if (payload !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  }
  const started = performance.now();
  const step: Step = {
    operation: req.operation,
    method: req.method,
    path: url.pathname,
    httpStatus: null,
    responseCode: null,
    messages: [],
    durationMs: 0,
  };
  let outcome: Outcome;
  try {
    const res = await send(url, req.method, headers, payload, ctx.config.timeoutMs ?? 30_000);
    step.httpStatus = res.status;
    outcome = classify(res.status, res.text, step);
    if (outcome.kind === "ok") req.annotate?.(outcome.body, step);
  } catch (err) {
    step.error = err instanceof Error ? err.message : String(err);
    outcome = { kind: "transient", messages: [step.error] };
  }
  step.durationMs = Math.round(performance.now() - started);
  ctx.steps.push(step);
  ctx.onStep?.(step);
  return { outcome, step };
}

function classify(status: number, text: string, step: Step): Outcome {
  let body: ApiBody = null;
  try {
    body = text ? (JSON.parse(text) as ApiBody) : null;
  } catch {
    step.error = `Unreadable response (HTTP ${status})`;
  }
  const obj = body && !Array.isArray(body) ? body : {};
  const code = obj.response_code ?? obj.code;
  step.responseCode = typeof code === "number" ? code : null;
  step.messages = Array.isArray(obj.messages)
    ? obj.messages.map(String)
    : typeof obj.response_message === "string"
      ? [obj.response_message]
      : [];
  const messages = step.messages.length > 0 ? step.messages : [`HTTP ${status}`];
  // Overload and server faults pass; anything else the API said no to stays no.
  if (status === 429 || status >= 500) return { kind: "transient", messages };
  if (status >= 400) return { kind: "rejected", messages };
  if (step.error) return { kind: "transient", messages: [step.error] };
  if (step.responseCode !== null && step.responseCode !== 0) return { kind: "rejected", messages };
  return { kind: "ok", body };
}

function send(url: URL, method: string, headers: Record<string, string>, payload: string | undefined, timeoutMs: number) {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = client.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => req.destroy(e));
    });
    // One deadline for the whole exchange, so a server that accepts and then stalls also times out.
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(payload);
  });
}

const attemptsOf = (ctx: Ctx) => Math.max(1, ctx.config.maxAttempts ?? 4);
const backoff = (ctx: Ctx, attempt: number) => ctx.sleep(Math.min(ctx.retryBaseMs * 2 ** (attempt - 1), 8_000));

/** A read: safe to repeat, so transient failures are simply retried. */
export async function read(ctx: Ctx, req: Omit<Request, "method" | "body">): Promise<{ body: ApiBody; step: Step }> {
  for (let attempt = 1; ; attempt++) {
    const { outcome, step } = await exchange(ctx, { ...req, method: "GET" });
    if (outcome.kind === "ok") return { body: outcome.body, step };
    if (outcome.kind === "rejected") throw new DeliveryFailure(false, outcome.messages);
    if (attempt >= attemptsOf(ctx)) throw new DeliveryFailure(true, outcome.messages);
    await backoff(ctx, attempt);
  }
}

/**
 * A write whose effect may have happened even though no answer came (a timeout after the server
 * committed). Before every retry `reconcile` asks the API whether the effect is already there;
 * if so, its result is used and the write is never repeated.
 */
export async function write<T>(
  ctx: Ctx,
  req: Request,
  accept: (body: ApiBody, step: Step) => T,
  reconcile: () => Promise<T | null>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { outcome, step } = await exchange(ctx, req);
    if (outcome.kind === "ok") return accept(outcome.body, step);
    if (outcome.kind === "rejected") throw new DeliveryFailure(false, outcome.messages);
    if (attempt >= attemptsOf(ctx)) throw new DeliveryFailure(true, outcome.messages);
    await backoff(ctx, attempt);
    const done = await reconcile();
    if (done !== null) return done;
  }
}

/**
 * The items of a paged list ({ current_page, total_pages, items }; a plain array is one page),
 * page by page until `found` matches an item or the pages end.
 */
export async function readAll(ctx: Ctx, req: Omit<Request, "method" | "body">, found?: (item: Record<string, unknown>) => boolean) {
  const items: Record<string, unknown>[] = [];
  // A bound on pages, so a confused total_pages cannot keep the delivery looping.
  for (let page = 1; page <= 500; page++) {
    const { body } = await read(ctx, { ...req, query: { ...req.query, page } });
    if (Array.isArray(body)) return [...items, ...(body as Record<string, unknown>[])];
    const pageItems = Array.isArray(body?.items) ? (body.items as Record<string, unknown>[]) : [];
    items.push(...pageItems);
    const total = Number(body?.total_pages ?? 1);
    if (pageItems.length === 0 || !(page < total) || (found && pageItems.some(found))) break;
  }
  return items;
}
