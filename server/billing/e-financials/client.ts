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
 * Field names follow the API's OpenAPI schema as third-party clients use it (see the report in
 * signing.ts); those marked "unconfirmed" below could not be checked against the official page.
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

  const products = await ensureProducts(ctx, doc.lines);
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
      body: invoiceBody(doc, { clientId, templateId, creditedId, products }),
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
        invoice_vat_no: buyer.vatNumber,
        email: buyer.email,
        address_text: buyer.address || null,
        invoice_days: termDays,
      },
    },
    requireCreatedId,
    find,
  );
}

/** Product ids by service code; missing products are created, each once. */
async function ensureProducts(ctx: Ctx, lines: InvoiceLine[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const p of await readAll(ctx, { operation: "find_product", path: "/products" })) {
    const id = idOf(p);
    if (id !== null && p.is_deleted !== true && !ids.has(String(p.code))) ids.set(String(p.code), id);
  }
  for (const line of lines) {
    if (ids.has(line.serviceCode)) continue;
    const matches = (p: Record<string, unknown>) => String(p.code ?? "") === line.serviceCode && p.is_deleted !== true;
    const find = async () => idOf((await readAll(ctx, { operation: "find_product", path: "/products" }, matches)).find(matches));
    const body = { name: line.serviceName, code: line.serviceCode, unit: BILLING_UNIT_LABELS_ET[line.unit] };
    ids.set(line.serviceCode, await write(ctx, { operation: "create_product", method: "POST", path: "/products", body }, requireCreatedId, find));
  }
  return ids;
}

async function defaultTemplate(ctx: Ctx): Promise<number> {
  const { body } = await read(ctx, { operation: "find_template", path: "/templates" });
  const templates = itemsOf(body);
  const id = idOf(templates.find((t) => t.is_default === true) ?? templates[0]);
  if (id === null) throw new DeliveryFailure(false, ["e-Financials has no sale invoice template"]);
  return id;
}

/** The invoice with this number for this client, narrowed to its date when known. */
async function findInvoice(ctx: Ctx, clientId: number, num: string, date: string | null, operation: "find_invoice" | "find_credited_invoice" = "find_invoice") {
  const matches = (i: Record<string, unknown>) =>
    i.is_deleted !== true && (i.number === num || `${i.number_prefix ?? ""}${i.number_suffix ?? ""}` === num);
  const query: Record<string, string | number> = { clients_id: clientId, ...(date ? { start_date: date, end_date: date } : {}) };
  const annotate = operation === "find_invoice"
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

async function deliver(ctx: Ctx, id: number): Promise<void> {
  await write(
    ctx,
    { operation: "deliver", method: "PATCH", path: `/sale_invoices/${id}/deliver`, body: { send_einvoice: true, send_email: false } },
    () => undefined,
    async () => (hasDeliveries(await getInvoice(ctx, id)) ? undefined : null),
  );
}

type Ids = { clientId: number; templateId: number; creditedId: number | null; products: Map<string, number> };

/** The sale invoice as POST /sale_invoices takes it. Amounts go as JSON numbers in euros, as the API wants. */
function invoiceBody(doc: InvoiceDocument, ids: Ids) {
  return {
    // Unconfirmed: "CREDIT-INVOICE" is the value the web UI uses for its credit-note tab.
    sale_invoice_type: doc.type === "CRE" ? "CREDIT-INVOICE" : "INVOICE",
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
    bank_ref_number: doc.referenceNumber || null,
    period_start_date: doc.periodStart,
    period_end_date: doc.periodEnd,
    additional_info_content: doc.note || null,
    items: doc.lines.map((l) => ({
      products_id: ids.products.get(l.serviceCode)!,
      custom_title: `${l.serviceCode} ${l.serviceName}; ${l.clientName}${l.clientCode ? ` (${l.clientCode})` : ""}; otsus ${l.decisionNumber}`,
      amount: Number(l.quantity),
      unit: BILLING_UNIT_LABELS_ET[l.unit],
      unit_net_price: l.unitPriceCents / 100,
      total_net_price: l.netCents / 100,
      // Unconfirmed: exempt lines carry no rate and take the product's sale article instead.
      ...(l.vatStatus === "taxable" && l.vatRate ? { vat_rate: Number(l.vatRate) } : {}),
    })),
  };
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
