import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatQueryTime, verifyAuthKey } from "@/server/billing/e-financials/signing";

/**
 * A local stand-in for the e-Financials endpoints that deliverInvoice uses, for unit,
 * integration and Playwright tests: it checks the signature exactly as signing.ts documents it,
 * validates the minimal body shape, keeps what was created in memory (so a test can assert
 * "created exactly once") and can be told to fail the next calls of an operation.
 */

export type MockOperation =
  | "list_clients" | "create_client" | "list_products" | "create_product" | "list_templates"
  | "list_invoices" | "get_invoice" | "create_invoice" | "register_invoice" | "deliver_invoice";

export type MockFailure =
  /** Answer with this HTTP status (503, 429, 500...) without doing anything. */
  | { type: "status"; status: number }
  /** Never answer. With `applied`, the operation takes effect first: a commit whose answer is lost. */
  | { type: "timeout"; applied?: boolean }
  /** Refuse as the API does: response_code 1 and these messages (HTTP 400 unless told otherwise). */
  | { type: "reject"; messages: string[]; status?: number };

export type MockRecord = Record<string, unknown> & { id: number };
export type MockInvoice = MockRecord & { number: string; clients_id: number; status: "PROJECT" | "CONFIRMED"; deliveries: Record<string, unknown>[] };

export type EFinancialsMock = {
  /** Base URL including /v1, ready for EFinancialsConfig.baseUrl. */
  url: string;
  keyId: string;
  publicValue: string;
  password: string;
  invoices: MockInvoice[];
  clients: MockRecord[];
  products: MockRecord[];
  /** Every request that reached the mock, in order. */
  requests: { method: string; path: string; operation: MockOperation | null; status: number | null }[];
  failNext(operation: MockOperation, failure: MockFailure, times?: number): void;
  close(): Promise<void>;
};

/** Clock skew the mock tolerates between X-AUTH-QUERYTIME and its own clock. */
const MAX_SKEW_MS = 5 * 60_000;

export async function startEFinancialsMock(options: { pageSize?: number } = {}): Promise<EFinancialsMock> {
  const pageSize = options.pageSize ?? 20;
  const key = { apiKeyId: `key-${hex(4)}`, apiPublicValue: `pub-${hex(8)}`, apiPassword: hex(24) };
  const failures = new Map<MockOperation, MockFailure[]>();
  const state = { invoices: [] as MockInvoice[], clients: [] as MockRecord[], products: [] as MockRecord[], nextId: 1000 };
  const requests: EFinancialsMock["requests"] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://mock");
    const route = routeOf(req.method ?? "GET", url.pathname);
    const entry = { method: req.method ?? "GET", path: url.pathname, operation: route?.operation ?? null, status: null as number | null };
    requests.push(entry);
    const reply = (status: number, body: unknown) => {
      entry.status = status;
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    };
    const text = await readBody(req);

    const authError = checkAuth(req, url.pathname);
    if (authError) return reply(401, { response_code: 401, messages: [authError] });
    if (!route) return reply(404, { response_code: 404, messages: [`No route ${req.method} ${url.pathname}`] });

    const failure = failures.get(route.operation)?.shift();
    if (failure?.type === "status") return reply(failure.status, { response_code: failure.status, messages: ["Service temporarily unavailable"] });
    if (failure?.type === "reject") return reply(failure.status ?? 400, { response_code: 1, messages: failure.messages });

    // The lost request: never processed, never answered; close() tears the socket down.
    if (failure?.type === "timeout" && !failure.applied) return;
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { response_code: 1, messages: ["Body is not JSON"] });
    }
    const [status, answer] = handle(route.operation, route.id, body, url.searchParams);
    // The lost answer: the effect is committed, the socket stays silent.
    if (failure?.type === "timeout") return;
    reply(status, answer);
  });

  function checkAuth(req: http.IncomingMessage, path: string): string | null {
    const queryTime = req.headers["x-auth-querytime"];
    const authKey = req.headers["x-auth-key"];
    if (typeof queryTime !== "string" || typeof authKey !== "string") return "X-AUTH-QUERYTIME and X-AUTH-KEY are required";
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(queryTime)) return "X-AUTH-QUERYTIME must be UTC YYYY-MM-DDTHH:MM:SS";
    if (Math.abs(Date.parse(`${queryTime}Z`) - Date.now()) > MAX_SKEW_MS) return `X-AUTH-QUERYTIME ${queryTime} is too far from ${formatQueryTime(new Date())}`;
    if (!verifyAuthKey(key, path, queryTime, authKey)) return "Invalid X-AUTH-KEY: unknown key or wrong signature";
    return null;
  }

  function handle(op: MockOperation, id: number | null, body: Record<string, unknown>, query: URLSearchParams): [number, unknown] {
    const ok = (extra: Record<string, unknown> = {}): [number, unknown] => [200, { response_code: 0, messages: [], ...extra }];
    const reject = (...messages: string[]): [number, unknown] => [400, { response_code: 1, messages }];
    switch (op) {
      case "list_clients":
        return [200, page(state.clients, query)];
      case "list_products":
        return [200, page(state.products, query)];
      case "list_templates":
        return [200, page([{ id: 7, name: "Vaikimisi", is_default: true }], query)];
      case "list_invoices": {
        const clientId = query.get("clients_id");
        const [from, to] = [query.get("start_date"), query.get("end_date")];
        const hits = state.invoices.filter((i) =>
          (!clientId || String(i.clients_id) === clientId) &&
          (!from || String(i.journal_date) >= from) &&
          (!to || String(i.journal_date) <= to));
        return [200, page(hits.map(({ deliveries: _d, items: _i, ...summary }) => summary), query)];
      }
      case "get_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        return invoice ? [200, invoice] : [404, { response_code: 404, messages: ["Sale invoice not found"] }];
      }
      case "create_client": {
        const missing = missingFields(body, ["name", "is_client", "is_supplier", "cl_code_country", "is_member", "send_invoice_to_email", "send_invoice_to_accounting_email"]);
        if (missing.length) return reject(...missing.map((f) => `${f} is required`));
        const client = { ...body, id: state.nextId++ };
        state.clients.push(client);
        return ok({ created_object_id: client.id });
      }
      case "create_product": {
        if (typeof body.name !== "string" || typeof body.code !== "string") return reject("name and code are required");
        const product = { ...body, id: state.nextId++ };
        state.products.push(product);
        return ok({ created_object_id: product.id });
      }
      case "create_invoice": {
        const errors = invoiceErrors(body);
        if (errors.length) return reject(...errors);
        const invoice: MockInvoice = {
          ...body,
          id: state.nextId++,
          number: `${body.number_prefix ?? ""}${body.number_suffix}`,
          clients_id: body.clients_id as number,
          status: "PROJECT",
          deliveries: [],
        };
        state.invoices.push(invoice);
        return ok({ created_object_id: invoice.id });
      }
      case "register_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        if (!invoice) return [404, { response_code: 404, messages: ["Sale invoice not found"] }];
        if (invoice.status === "CONFIRMED") return reject("Sale invoice is already confirmed");
        invoice.status = "CONFIRMED";
        return ok();
      }
      case "deliver_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        if (!invoice) return [404, { response_code: 404, messages: ["Sale invoice not found"] }];
        if (typeof body.send_einvoice !== "boolean") return reject("send_einvoice must be a boolean");
        if (invoice.status !== "CONFIRMED") return reject("Only a confirmed sale invoice can be sent");
        if (body.send_einvoice) invoice.deliveries.push({ destination_type: "EINVOICE", create_date: new Date().toISOString() });
        return ok();
      }
    }
  }

  function invoiceErrors(body: Record<string, unknown>): string[] {
    const errors = missingFields(body, ["sale_invoice_type", "cl_templates_id", "clients_id", "cl_countries_id", "number_suffix", "create_date", "journal_date", "term_days", "cl_currencies_id", "show_client_balance"])
      .map((f) => `${f} is required`);
    if (!state.clients.some((c) => c.id === body.clients_id)) errors.push("clients_id: no such client");
    if (!["INVOICE", "CREDIT-INVOICE"].includes(String(body.sale_invoice_type))) errors.push("sale_invoice_type is unknown");
    if (body.sale_invoice_type === "CREDIT-INVOICE" && !state.invoices.some((i) => i.id === body.credit_sale_invoices_id)) {
      errors.push("credit_sale_invoices_id: no such invoice");
    }
    const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
    if (items.length === 0) errors.push("items: at least one row is required");
    items.forEach((item, i) => {
      if (!state.products.some((p) => p.id === item.products_id)) errors.push(`items[${i}].products_id: no such product`);
      if (typeof item.custom_title !== "string" || typeof item.amount !== "number" || typeof item.unit_net_price !== "number") {
        errors.push(`items[${i}]: custom_title, amount and unit_net_price are required`);
      }
    });
    return errors;
  }

  function page<T>(all: T[], query: URLSearchParams) {
    const n = Math.max(1, Number(query.get("page") ?? 1));
    return { current_page: n, total_pages: Math.max(1, Math.ceil(all.length / pageSize)), items: all.slice((n - 1) * pageSize, n * pageSize) };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    keyId: key.apiKeyId,
    publicValue: key.apiPublicValue,
    password: key.apiPassword,
    invoices: state.invoices,
    clients: state.clients,
    products: state.products,
    requests,
    failNext(operation, failure, times = 1) {
      failures.set(operation, [...(failures.get(operation) ?? []), ...Array.from({ length: times }, () => failure)]);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function routeOf(method: string, path: string): { operation: MockOperation; id: number | null } | null {
  const collections: Record<string, [MockOperation, MockOperation]> = {
    "/v1/clients": ["list_clients", "create_client"],
    "/v1/products": ["list_products", "create_product"],
    "/v1/sale_invoices": ["list_invoices", "create_invoice"],
  };
  const collection = collections[path];
  if (collection && method === "GET") return { operation: collection[0], id: null };
  if (collection && method === "POST") return { operation: collection[1], id: null };
  if (path === "/v1/templates" && method === "GET") return { operation: "list_templates", id: null };
  const one = /^\/v1\/sale_invoices\/(\d+)(?:\/(register|deliver))?$/.exec(path);
  if (!one) return null;
  const id = Number(one[1]);
  if (!one[2] && method === "GET") return { operation: "get_invoice", id };
  if (one[2] === "register" && method === "PATCH") return { operation: "register_invoice", id };
  if (one[2] === "deliver" && method === "PATCH") return { operation: "deliver_invoice", id };
  return null;
}

function missingFields(body: Record<string, unknown>, fields: string[]): string[] {
  return fields.filter((f) => body[f] === undefined || body[f] === null);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
