import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatQueryTime, verifyAuthKey } from "@/server/billing/e-financials/signing";
import { specValidator, type SpecOperation } from "./e-financials-spec";

/**
 * A local stand-in for the e-Financials endpoints that deliverInvoice uses, for unit,
 * integration and Playwright tests: it checks the signature exactly as signing.ts documents it,
 * validates every request (query and body) and every answer of its own against RIK's OpenAPI
 * schemas (e-financials-spec.ts), keeps what was created in memory (so a test can assert
 * "created exactly once") and can be told to fail the next calls of an operation.
 *
 * A request the spec refuses gets 409 with code 101 and the schema's complaints, as the API
 * answers a field it cannot take; an answer of the mock's own that breaks the spec is a bug of
 * the mock and gets 500. Both are kept in `specViolations`, which tests expect to stay empty.
 */

export type MockOperation =
  | "list_clients"
  | "create_client"
  | "list_products"
  | "create_product"
  | "list_templates"
  | "list_sale_articles"
  | "list_invoices"
  | "get_invoice"
  | "create_invoice"
  | "register_invoice"
  | "delivery_options"
  | "deliver_invoice";

export type MockFailure =
  /** Answer with this HTTP status (503, 429, 500...) without doing anything. */
  | { type: "status"; status: number }
  /** Never answer. With `applied`, the operation takes effect first: a commit whose answer is lost. */
  | { type: "timeout"; applied?: boolean }
  /** Refuse as the API does: code 1 and these messages (HTTP 409, the spec's refusal, unless told otherwise). */
  | { type: "reject"; messages: string[]; status?: number };

export type MockRecord = Record<string, unknown> & { id: number };
export type MockInvoice = MockRecord & {
  number: string;
  clients_id: number;
  status: "PROJECT" | "CONFIRMED";
  deliveries: Record<string, unknown>[];
};

export type EFinancialsMock = {
  /** Base URL including /v1, ready for EFinancialsConfig.baseUrl. */
  url: string;
  keyId: string;
  publicValue: string;
  password: string;
  invoices: MockInvoice[];
  clients: MockRecord[];
  products: MockRecord[];
  /** The company's sales articles (GET /sale_articles): the VAT of a sale line comes from its product's article. */
  saleArticles: MockRecord[];
  /** Registry codes of buyers that are not e-invoice recipients: delivery_options says so. */
  notEInvoiceRecipients: Set<string>;
  /** Requests and answers that broke RIK's schemas; a client that follows the spec leaves it empty. */
  specViolations: { method: string; path: string; errors: string[] }[];
  /** Every request that reached the mock, in order. */
  requests: { method: string; path: string; operation: MockOperation | null; status: number | null }[];
  failNext(operation: MockOperation, failure: MockFailure, times?: number): void;
  close(): Promise<void>;
};

/** Clock skew the mock tolerates between X-AUTH-QUERYTIME and its own clock. */
const MAX_SKEW_MS = 5 * 60_000;

/** Sales articles as a company's chart has them: an exempt one and the taxed rates in use since 2024. */
const SALE_ARTICLES: MockRecord[] = [
  {
    id: 1,
    name_est: "Müügitulu (maksuvaba käive)",
    name_eng: "Sales revenue (VAT exempt)",
    group_est: "Müügitulu",
    group_eng: "Sales revenue",
    accounts_id: 3000,
    vat_type: 0,
    is_valid: true,
    priority: 10,
    cl_account_groups: ["AR"],
  },
  {
    id: 2,
    name_est: "Müügitulu 24%",
    name_eng: "Sales revenue 24%",
    group_est: "Müügitulu",
    group_eng: "Sales revenue",
    accounts_id: 3000,
    vat_rate: 24,
    vat_accounts_id: 2510,
    vat_type: 2,
    is_valid: true,
    priority: 20,
    start_date: "2025-07-01",
    cl_account_groups: ["AR"],
  },
  {
    id: 3,
    name_est: "Müügitulu 22%",
    name_eng: "Sales revenue 22%",
    group_est: "Müügitulu",
    group_eng: "Sales revenue",
    accounts_id: 3000,
    vat_rate: 22,
    vat_accounts_id: 2510,
    vat_type: 2,
    is_valid: true,
    priority: 30,
    start_date: "2024-01-01",
    end_date: "2025-06-30",
    cl_account_groups: ["AR"],
  },
  {
    id: 4,
    name_est: "Müügitulu 9%",
    name_eng: "Sales revenue 9%",
    group_est: "Müügitulu",
    group_eng: "Sales revenue",
    accounts_id: 3000,
    vat_rate: 9,
    vat_accounts_id: 2510,
    vat_type: 2,
    is_valid: true,
    priority: 40,
    cl_account_groups: ["AR"],
  },
];

export async function startEFinancialsMock(options: { pageSize?: number } = {}): Promise<EFinancialsMock> {
  const pageSize = options.pageSize ?? 20;
  const key = { apiKeyId: `key-${hex(4)}`, apiPublicValue: `pub-${hex(8)}`, apiPassword: hex(24) };
  const failures = new Map<MockOperation, MockFailure[]>();
  const state = {
    invoices: [] as MockInvoice[],
    clients: [] as MockRecord[],
    products: [] as MockRecord[],
    saleArticles: SALE_ARTICLES.map((a) => ({ ...a })),
    nextId: 1000,
  };
  const requests: EFinancialsMock["requests"] = [];
  const specViolations: EFinancialsMock["specViolations"] = [];
  const notEInvoiceRecipients = new Set<string>();
  const spec = specValidator();

  const server = http.createServer((req, res) => {
    // A fault of the mock answers 500 rather than leaving the client waiting for a timeout.
    serve(req, res).catch((err: unknown) => {
      specViolations.push({ method: req.method ?? "", path: req.url ?? "", errors: [String(err)] });
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ code: 500, messages: [String(err)] }));
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://mock");
    const op = spec.operation(req.method ?? "GET", url.pathname);
    const route = op ? routeOf(op) : null;
    const entry = { method: req.method ?? "GET", path: url.pathname, operation: route?.operation ?? null, status: null as number | null };
    requests.push(entry);
    const reply = (status: number, body: unknown) => {
      entry.status = status;
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    };
    const text = await readBody(req);

    const authError = checkAuth(req, url.pathname);
    if (authError) return reply(401, { code: 401, messages: [authError] });
    if (!op || !route) return reply(404, { code: 404, messages: [`No route ${req.method} ${url.pathname}`] });

    const failure = failures.get(route.operation)?.shift();
    if (failure?.type === "status") return reply(failure.status, { code: failure.status, messages: ["Service temporarily unavailable"] });
    if (failure?.type === "reject") return reply(failure.status ?? 409, { code: 1, messages: failure.messages });

    // The lost request: never processed, never answered; close() tears the socket down.
    if (failure?.type === "timeout" && !failure.applied) return;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return reply(409, { code: 101, messages: ["Body is not JSON"] });
    }
    const checked = spec.request(op, url.searchParams, body);
    if (!checked.ok) {
      specViolations.push({ method: entry.method, path: entry.path, errors: checked.errors });
      return reply(409, { code: 101, messages: checked.errors });
    }
    const [status, answer] = handle(route.operation, op.id, (body ?? {}) as Record<string, unknown>, url.searchParams);
    const own = spec.response(op, status, answer);
    if (!own.ok) {
      specViolations.push({ method: entry.method, path: entry.path, errors: own.errors });
      return reply(500, { code: 500, messages: own.errors });
    }
    // The lost answer: the effect is committed, the socket stays silent.
    if (failure?.type === "timeout") return;
    reply(status, answer);
  }

  function checkAuth(req: http.IncomingMessage, path: string): string | null {
    const queryTime = req.headers["x-auth-querytime"];
    const authKey = req.headers["x-auth-key"];
    if (typeof queryTime !== "string" || typeof authKey !== "string") return "X-AUTH-QUERYTIME and X-AUTH-KEY are required";
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(queryTime)) return "X-AUTH-QUERYTIME must be UTC YYYY-MM-DDTHH:MM:SS";
    if (Math.abs(Date.parse(`${queryTime}Z`) - Date.now()) > MAX_SKEW_MS)
      return `X-AUTH-QUERYTIME ${queryTime} is too far from ${formatQueryTime(new Date())}`;
    if (!verifyAuthKey(key, path, queryTime, authKey)) return "Invalid X-AUTH-KEY: unknown key or wrong signature";
    return null;
  }

  function handle(op: MockOperation, id: number | null, body: Record<string, unknown>, query: URLSearchParams): [number, unknown] {
    const ok = (extra: Record<string, unknown> = {}): [number, unknown] => [200, { code: 0, messages: ["OK"], ...extra }];
    const reject = (...messages: string[]): [number, unknown] => [409, { code: 1, messages }];
    const notFound: [number, unknown] = [409, { code: 404, messages: ["Sale invoice not found"] }];
    switch (op) {
      case "list_clients":
        return [200, page(state.clients, query)];
      case "list_products":
        return [200, page(state.products, query)];
      case "list_templates":
        return [200, [{ id: 7, name: "Vaikimisi", is_default: true, cl_languages_id: "et" }]];
      case "list_sale_articles":
        return [200, state.saleArticles];
      case "list_invoices": {
        const clientId = query.get("clients_id");
        const [from, to] = [query.get("start_date"), query.get("end_date")];
        const hits = state.invoices.filter(
          (i) =>
            (!clientId || String(i.clients_id) === clientId) &&
            (!from || String(i.journal_date) >= from) &&
            (!to || String(i.journal_date) <= to),
        );
        return [
          200,
          page(
            hits.map(({ deliveries: _d, items: _i, ...summary }) => summary),
            query,
          ),
        ];
      }
      case "get_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        return invoice ? [200, invoice] : notFound;
      }
      case "create_client": {
        const client = { ...body, id: state.nextId++ };
        state.clients.push(client);
        return ok({ created_object_id: client.id });
      }
      case "create_product": {
        if (body.cl_sale_articles_id !== undefined && !state.saleArticles.some((a) => a.id === body.cl_sale_articles_id))
          return reject("cl_sale_articles_id: no such sales article");
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
          // As the API does: a line's sales article and VAT rate come from its product.
          items: (body.items as Record<string, unknown>[]).map((item) => {
            const product = state.products.find((p) => p.id === item.products_id)!;
            const article = state.saleArticles.find((a) => a.id === product.cl_sale_articles_id);
            return {
              ...item,
              ...(article ? { cl_sale_articles_id: article.id } : {}),
              ...(typeof article?.vat_rate === "number" ? { vat_rate: article.vat_rate } : {}),
            };
          }),
          deliveries: [],
        };
        state.invoices.push(invoice);
        return ok({ created_object_id: invoice.id });
      }
      case "register_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        if (!invoice) return notFound;
        if (invoice.status === "CONFIRMED") return reject("Sale invoice is already confirmed");
        invoice.status = "CONFIRMED";
        return ok();
      }
      case "delivery_options": {
        const invoice = state.invoices.find((i) => i.id === id);
        if (!invoice) return notFound;
        const client = state.clients.find((c) => c.id === invoice.clients_id);
        const recipient = !notEInvoiceRecipients.has(String(client?.code ?? ""));
        return [
          200,
          {
            can_send_einvoice: recipient,
            ...(recipient ? {} : { can_send_einvoice_reason: "Ostja ei ole e-arve saaja" }),
            can_send_email: typeof client?.email === "string",
          },
        ];
      }
      case "deliver_invoice": {
        const invoice = state.invoices.find((i) => i.id === id);
        if (!invoice) return notFound;
        if (invoice.status !== "CONFIRMED") return reject("Only a confirmed sale invoice can be sent");
        const client = state.clients.find((c) => c.id === invoice.clients_id);
        if (body.send_einvoice && notEInvoiceRecipients.has(String(client?.code ?? ""))) return reject("Ostja ei ole e-arve saaja");
        if (body.send_einvoice)
          invoice.deliveries.push({ destination_type: "EINVOICE", send_method: 2, create_date: new Date().toISOString() });
        return ok();
      }
    }
  }

  /** What the schema cannot say: references to objects that must exist. */
  function invoiceErrors(body: Record<string, unknown>): string[] {
    const errors: string[] = [];
    if (!state.clients.some((c) => c.id === body.clients_id)) errors.push("clients_id: no such client");
    if (body.credit_sale_invoices_id !== undefined && !state.invoices.some((i) => i.id === body.credit_sale_invoices_id)) {
      errors.push("credit_sale_invoices_id: no such invoice");
    }
    const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
    if (items.length === 0) errors.push("items: at least one row is required");
    items.forEach((item, i) => {
      if (!state.products.some((p) => p.id === item.products_id)) errors.push(`items[${i}].products_id: no such product`);
    });
    return errors;
  }

  function page<T>(all: T[], query: URLSearchParams) {
    const n = Math.max(1, Number(query.get("page") ?? 1));
    return {
      current_page: n,
      total_pages: Math.max(1, Math.ceil(all.length / pageSize)),
      items: all.slice((n - 1) * pageSize, n * pageSize),
    };
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
    saleArticles: state.saleArticles,
    notEInvoiceRecipients,
    specViolations,
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

/** The mock's operations by the spec's paths (the spec has more than deliverInvoice needs). */
const ROUTES: Record<string, MockOperation> = {
  "GET /clients": "list_clients",
  "POST /clients": "create_client",
  "GET /products": "list_products",
  "POST /products": "create_product",
  "GET /templates": "list_templates",
  "GET /sale_articles": "list_sale_articles",
  "GET /sale_invoices": "list_invoices",
  "POST /sale_invoices": "create_invoice",
  "GET /sale_invoices/{sale_invoices_id}": "get_invoice",
  "PATCH /sale_invoices/{sale_invoices_id}/register": "register_invoice",
  "GET /sale_invoices/{sale_invoices_id}/delivery_options": "delivery_options",
  "PATCH /sale_invoices/{sale_invoices_id}/deliver": "deliver_invoice",
};

function routeOf(op: SpecOperation): { operation: MockOperation } | null {
  const operation = ROUTES[`${op.method} ${op.template}`];
  return operation ? { operation } : null;
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
