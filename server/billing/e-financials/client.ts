import type { InvoiceDocument, InvoiceLine, InvoiceParty } from "../document";
import { BILLING_UNIT_LABELS_ET } from "../einvoice";
import { assertConfigured, type EFinancialsConfig } from "./signing";
import { DeliveryFailure, read, readAll, write, type ApiBody, type Ctx, type DeliverOptions, type Step } from "./transport";

/**
 * Sends one invoice through RIK e-Financials (e-arveldaja): the buyer as a client, the services
 * as products, the sale invoice with its items, then register and deliver as an e-invoice.
 *
 * Safe to run again after any failure or crash: every write is either skipped because the
 * stored state says it is done, or preceded by a lookup (client by registry code, product by
 * code, invoice by number, invoice status and deliveries) when its earlier outcome is unknown.
 * So an invoice is never created twice and never registered or delivered twice.
 *
 * Requests follow RIK's own OpenAPI description (server/testing/fixtures/e-financials/openapi.yaml,
 * against which the test server validates every request): optional fields we have no value for
 * are left out rather than sent as null (the spec types them as strings), read-only fields such
 * as items[].vat_rate are never sent, and a line's VAT comes from its product's sales article
 * (GET /sale_articles), so each product is made for one service AND one VAT treatment.
 */

export { assertConfigured, EFinancialsConfigError, isConfigured, E_FINANCIALS_DEMO_URL, E_FINANCIALS_LIVE_URL } from "./signing";
export type { EFinancialsConfig } from "./signing";
export type { DeliverOptions, Step, StepOperation } from "./transport";

export type DeliveryState = { remoteId: number | null; registered: boolean; delivered: boolean };

export type SendResult =
  | { ok: true; remoteId: number; steps: Step[] }
  | { ok: false; transient: boolean; remoteId: number | null; messages: string[]; steps: Step[] };

export async function deliverInvoice(
  config: EFinancialsConfig,
  doc: InvoiceDocument,
  state: DeliveryState,
  onStep?: (step: Step) => void,
  options: DeliverOptions = {},
): Promise<SendResult> {
  assertConfigured(config);
  const ctx: Ctx = {
    config,
    steps: [],
    onStep,
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    retryBaseMs: options.retryBaseMs ?? 500,
    now: options.now ?? (() => new Date()),
  };
  let remoteId = state.remoteId;
  try {
    let { registered, delivered } = state;
    let known = remoteId !== null;
    if (remoteId === null) ({ id: remoteId, existed: known } = await createInvoice(ctx, doc));
    // An invoice we did not create just now may have moved on without our record of it.
    if (known && (!registered || !delivered)) {
      const remote = await getInvoice(ctx, remoteId);
      registered ||= isConfirmed(remote);
      delivered ||= hasDeliveries(remote);
    }
    if (!registered) await register(ctx, remoteId);
    if (!delivered) await deliver(ctx, remoteId);
    return { ok: true, remoteId, steps: ctx.steps };
  } catch (err) {
    if (!(err instanceof DeliveryFailure)) throw err;
    return { ok: false, transient: err.transient, remoteId, messages: err.messages, steps: ctx.steps };
  }
}

async function createInvoice(ctx: Ctx, doc: InvoiceDocument): Promise<{ id: number; existed: boolean }> {
  const clientId = await ensureClient(ctx, doc.buyer, doc.paymentTermDays);
  // Idempotent by number: an invoice created by a run whose answer never arrived is reused.
  const existing = await findInvoice(ctx, clientId, doc.number, doc.invoiceDate);
  if (existing !== null) return { id: existing, existed: true };

  const products = await ensureProducts(ctx, doc.lines, doc.invoiceDate);
  const templateId = await defaultTemplate(ctx);
  let creditedId: number | null = null;
  if (doc.type === "CRE") {
    creditedId = await findInvoice(ctx, clientId, doc.creditedNumber ?? "", null, "find_credited_invoice");
    if (creditedId === null) throw new DeliveryFailure(false, [`The credited invoice ${doc.creditedNumber} is not in e-Financials`]);
  }
  const id = await write(
    ctx,
    {
      operation: "create_invoice",
      method: "POST",
      path: "/sale_invoices",
      body: invoiceBody(doc, {
        clientId,
        templateId,
        creditedId,
        products,
        creditInvoiceType: ctx.config.creditInvoiceType || "CREDIT-INVOICE",
      }),
      annotate: (body, step) => {
        step.remoteId = createdId(body) ?? undefined;
      },
    },
    (body) => {
      const created = createdId(body);
      // Accepted without an id: the next run finds the invoice by its number instead.
      if (created === null) throw new DeliveryFailure(true, ["e-Financials accepted the invoice but returned no id"]);
      return created;
    },
    () => findInvoice(ctx, clientId, doc.number, doc.invoiceDate),
  );
  return { id, existed: false };
}

async function ensureClient(ctx: Ctx, buyer: InvoiceParty, termDays: number): Promise<number> {
  const code = buyer.registryCode;
  if (!code) throw new DeliveryFailure(false, ["The buyer has no registry code, which e-Financials needs to find or create the client"]);
  const matches = (c: Record<string, unknown>) => String(c.code ?? "") === code && c.is_deleted !== true;
  const find = async () => idOf((await readAll(ctx, { operation: "find_client", path: "/clients" }, matches)).find(matches));
  const found = await find();
  if (found !== null) return found;
  return write(
    ctx,
    {
      operation: "create_client",
      method: "POST",
      path: "/clients",
      body: {
        name: buyer.name,
        code,
        is_client: true,
        is_supplier: false,
        is_juridical_entity: true,
        is_physical_entity: false,
        is_member: false,
        cl_code_country: "EST",
        send_invoice_to_email: false,
        send_invoice_to_accounting_email: false,
        invoice_days: termDays,
        ...present({ invoice_vat_no: buyer.vatNumber, email: buyer.email, address_text: buyer.address }),
      },
    },
    requireCreatedId,
    find,
  );
}

/**
 * The product of a line: one per service and VAT treatment, coded "<service>-<VAT>" (e.g.
 * "2010-KV", "T900-24"), because the line's VAT comes from the product's sales article and the
 * same service may be exempt for one funder and taxed (at 22 % or 24 %) for another.
 */
export const productCode = (l: Pick<InvoiceLine, "serviceCode" | "vatStatus" | "vatRate">) =>
  `${l.serviceCode}-${
    l.vatStatus === "taxable"
      ? Number(l.vatRate ?? 0)
          .toString()
          .replace(".", "_")
      : l.vatStatus === "exempt"
        ? "KV"
        : "MM"
  }`;

/** Product ids by productCode; missing products are created with their sales article, each once. */
async function ensureProducts(ctx: Ctx, lines: InvoiceLine[], invoiceDate: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const p of await readAll(ctx, { operation: "find_product", path: "/products" })) {
    const id = idOf(p);
    if (id !== null && p.is_deleted !== true && !ids.has(String(p.code))) ids.set(String(p.code), id);
  }
  let articles: Record<string, unknown>[] | null = null;
  for (const line of lines) {
    const code = productCode(line);
    if (ids.has(code)) continue;
    articles ??= itemsOf((await read(ctx, { operation: "find_sale_articles", path: "/sale_articles" })).body);
    const article = saleArticleFor(articles, line, invoiceDate);
    const matches = (p: Record<string, unknown>) => String(p.code ?? "") === code && p.is_deleted !== true;
    const find = async () => idOf((await readAll(ctx, { operation: "find_product", path: "/products" }, matches)).find(matches));
    const body = { name: line.serviceName, code, unit: productUnit(line.unit), cl_sale_articles_id: article };
    ids.set(code, await write(ctx, { operation: "create_product", method: "POST", path: "/products", body }, requireCreatedId, find));
  }
  return ids;
}

/**
 * The sales article that gives a line its VAT: for a taxed line a valid article with exactly its
 * rate; for an exempt (or not taxable) line a valid article without a rate whose name says
 * "maksuvaba" (exempt). One whose dates cover the invoice date comes first (a line of June 2025
 * invoiced in July still carries 22 %, so an article that has ended is the fallback), then the
 * lowest priority, as in e-Financials' own lists.
 */
export function saleArticleFor(
  articles: Record<string, unknown>[],
  line: Pick<InvoiceLine, "vatStatus" | "vatRate">,
  date: string,
): number {
  const current = (a: Record<string, unknown>) =>
    (!a.start_date || String(a.start_date) <= date) && (!a.end_date || String(a.end_date) >= date);
  const noRate = (a: Record<string, unknown>) => a.vat_rate === undefined || a.vat_rate === null || a.vat_rate === 0;
  const named = (a: Record<string, unknown>, word: RegExp) => word.test(`${String(a.name_est ?? "")} ${String(a.group_est ?? "")}`);
  const fits = articles
    .filter((a) => a.is_valid === true)
    .filter(
      line.vatStatus === "taxable"
        ? (a) => typeof a.vat_rate === "number" && a.vat_rate === Number(line.vatRate)
        : (a) => noRate(a) && named(a, line.vatStatus === "exempt" ? /maksuvaba/i : /mittemaksustatav|maksuvaba/i),
    );
  const best = fits.sort((a, b) => Number(current(b)) - Number(current(a)) || Number(a.priority ?? 0) - Number(b.priority ?? 0))[0];
  const id = idOf(best);
  if (id === null) {
    const wanted = line.vatStatus === "taxable" ? `with VAT ${Number(line.vatRate)}%` : 'for VAT-exempt sales ("maksuvaba" in its name)';
    throw new DeliveryFailure(false, [`e-Financials has no valid sales article ${wanted}: add one under Seaded → Müügiartiklid`]);
  }
  return id;
}

async function defaultTemplate(ctx: Ctx): Promise<number> {
  const { body } = await read(ctx, { operation: "find_template", path: "/templates" });
  const templates = itemsOf(body);
  const id = idOf(templates.find((t) => t.is_default === true) ?? templates[0]);
  if (id === null) throw new DeliveryFailure(false, ["e-Financials has no sale invoice template"]);
  return id;
}

/** The invoice with this number for this client, narrowed to its date when known. */
async function findInvoice(
  ctx: Ctx,
  clientId: number,
  num: string,
  date: string | null,
  operation: "find_invoice" | "find_credited_invoice" = "find_invoice",
) {
  const matches = (i: Record<string, unknown>) =>
    i.is_deleted !== true && (i.number === num || `${i.number_prefix ?? ""}${i.number_suffix ?? ""}` === num);
  const query: Record<string, string | number> = { clients_id: clientId, ...(date ? { start_date: date, end_date: date } : {}) };
  const annotate =
    operation === "find_invoice"
      ? (body: ApiBody, step: Step) => {
          step.remoteId = idOf(itemsOf(body).find(matches)) ?? undefined;
        }
      : undefined;
  return idOf((await readAll(ctx, { operation, path: "/sale_invoices", query, annotate }, matches)).find(matches));
}

async function getInvoice(ctx: Ctx, id: number): Promise<Record<string, unknown>> {
  const { body } = await read(ctx, { operation: "get_invoice", path: `/sale_invoices/${id}` });
  return body && !Array.isArray(body) ? body : {};
}

const isConfirmed = (invoice: Record<string, unknown>) => invoice.status === "CONFIRMED";
// Unconfirmed: we read any recorded delivery as "sent"; the API lists them under `deliveries`.
const hasDeliveries = (invoice: Record<string, unknown>) => Array.isArray(invoice.deliveries) && invoice.deliveries.length > 0;

async function register(ctx: Ctx, id: number): Promise<void> {
  await write(
    ctx,
    { operation: "register", method: "PATCH", path: `/sale_invoices/${id}/register` },
    () => undefined,
    async () => (isConfirmed(await getInvoice(ctx, id)) ? undefined : null),
  );
}

/** Asks first whether e-Financials can deliver it as an e-invoice, and stops with its reason if not. */
async function deliver(ctx: Ctx, id: number): Promise<void> {
  const { body } = await read(ctx, { operation: "delivery_options", path: `/sale_invoices/${id}/delivery_options` });
  const options = body && !Array.isArray(body) ? body : {};
  if (options.can_send_einvoice !== true) {
    const reason =
      typeof options.can_send_einvoice_reason === "string" && options.can_send_einvoice_reason
        ? options.can_send_einvoice_reason
        : "the buyer cannot receive e-invoices";
    throw new DeliveryFailure(false, [`e-Financials cannot send it as an e-invoice: ${reason}`]);
  }
  await write(
    ctx,
    { operation: "deliver", method: "PATCH", path: `/sale_invoices/${id}/deliver`, body: { send_einvoice: true, send_email: false } },
    () => undefined,
    async () => (hasDeliveries(await getInvoice(ctx, id)) ? undefined : null),
  );
}

type Ids = { clientId: number; templateId: number; creditedId: number | null; products: Map<string, number>; creditInvoiceType: string };

/** The sale invoice as POST /sale_invoices takes it. Amounts go as JSON numbers in euros, as the API wants. */
function invoiceBody(doc: InvoiceDocument, ids: Ids) {
  return {
    sale_invoice_type: doc.type === "CRE" ? ids.creditInvoiceType : "INVOICE",
    ...(ids.creditedId !== null ? { credit_sale_invoices_id: ids.creditedId } : {}),
    cl_templates_id: ids.templateId,
    clients_id: ids.clientId,
    cl_countries_id: "EST",
    // An empty prefix makes the API's invoice number exactly ours, which is what the lookups match.
    number_prefix: "",
    number_suffix: doc.number,
    create_date: doc.invoiceDate,
    journal_date: doc.invoiceDate,
    term_days: doc.paymentTermDays,
    cl_currencies_id: doc.currency,
    show_client_balance: false,
    period_start_date: doc.periodStart,
    period_end_date: doc.periodEnd,
    ...present({ bank_ref_number: doc.referenceNumber, additional_info_content: doc.note }),
    // No vat_rate: the spec marks it read-only; the product's sales article sets it.
    items: doc.lines.map((l) => ({
      products_id: ids.products.get(productCode(l))!,
      custom_title:
        `${l.serviceCode} ${l.serviceName}; ${l.clientName}${l.clientCode ? ` (${l.clientCode})` : ""}; otsus ${l.decisionNumber}`.slice(
          0,
          200,
        ),
      amount: Number(l.quantity),
      unit: BILLING_UNIT_LABELS_ET[l.unit],
      unit_net_price: l.unitPriceCents / 100,
      total_net_price: l.netCents / 100,
    })),
  };
}

/** A product's unit is at most 10 characters in the spec: "akadeemiline tund" is shortened. */
const productUnit = (unit: InvoiceLine["unit"]) => (unit === "academic_hour" ? "ak tund" : BILLING_UNIT_LABELS_ET[unit]);

/** The fields that have a value: the spec types optional fields as strings, so absent ones are left out, never null. */
function present(fields: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].trim() !== ""));
}

function itemsOf(body: ApiBody): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  return Array.isArray(body?.items) ? (body.items as Record<string, unknown>[]) : [];
}

function idOf(item: Record<string, unknown> | undefined): number | null {
  return typeof item?.id === "number" ? item.id : null;
}

function createdId(body: ApiBody): number | null {
  const id = body && !Array.isArray(body) ? body.created_object_id : undefined;
  return typeof id === "number" ? id : null;
}

function requireCreatedId(body: ApiBody): number {
  const id = createdId(body);
  if (id === null) throw new DeliveryFailure(true, ["e-Financials accepted the request but returned no id"]);
  return id;
}
