import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { clients, employees, fundingSources, invoiceBalances, invoiceLines, invoices, invoiceSendLog, type SendChannel } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { tallinnDate } from "@/lib/tallinn-time";
import { invoiceReference } from "@/lib/reference-number";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility } from "@/server/policy/client-scope";
import { scopeOf } from "@/server/policy/policy";
import { getInstitution } from "@/server/settings/institution";
import type { InvoiceDocument, InvoiceParty, InvoiceVatGroup } from "./document";
import { funderIs, invoiceClientFilter, unitFilter } from "./list-filters";
import type { invoiceListInput } from "./schemas";
import { monthSpan } from "./months";

type InvoiceRow = typeof invoices.$inferSelect;

/**
 * Who may see an invoice: one to a funder for many clients needs the billing permission over
 * everything; one for a single client (a funder that wants them per client) needs it over that
 * client, as the client's months do.
 */
export function invoiceVisibility(actor: Actor, action: string): SQL {
  const scope = scopeOf(actor, "billing", action);
  if (!scope) return sql`false`;
  if (scope === "all") return sql`true`;
  return sql`(${invoices.clientId} IS NOT NULL AND EXISTS (SELECT 1 FROM ${clients} WHERE ${clients.id} = ${invoices.clientId} AND ${clientVisibility(actor, action, "billing")}))`;
}

/**
 * Whether the viewer may confirm (number, record payments) and send each invoice: the very
 * conditions requireInvoice checks, so the buttons appear exactly where the mutations allow.
 */
export const invoiceRights = (actor: Actor) => ({
  mayConfirm: sql<boolean>`${invoiceVisibility(actor, "confirm")}`,
  maySend: sql<boolean>`${invoiceVisibility(actor, "send")}`,
});

/** The invoice when the person may see it, and may do `action` to it; `lock` takes its row lock (inside a transaction). */
export async function requireInvoice(
  { db, actor }: DomainContext,
  { id, action, lock = false }: { id: string; action: string; lock?: boolean },
): Promise<InvoiceRow> {
  const query = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, id), invoiceVisibility(actor, "read")));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("invoice");
  if (action !== "read") {
    const [allowed] = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.id, id), invoiceVisibility(actor, action)));
    if (!allowed) throw new AppError("FORBIDDEN", "errors.forbidden", `You may not ${action} this invoice`);
  }
  return row;
}

export async function listInvoices(ctx: DomainContext<Db>, filters: z.infer<typeof invoiceListInput>) {
  const { db, actor } = ctx;
  const span = monthSpan(filters.month);
  const unitIds = await unitFilter(ctx, filters.unitId);
  const rows = await db
    .select({
      id: invoices.id,
      type: invoices.type,
      status: invoices.status,
      number: invoices.number,
      month: invoices.month,
      funder: fundingSources.name,
      funderEn: fundingSources.nameEn,
      fundingSourceId: invoices.fundingSourceId,
      clientId: invoices.clientId,
      clientName: sql<string | null>`(SELECT first_name || ' ' || last_name FROM ${clients} WHERE ${clients.id} = ${invoices.clientId})`,
      creditedNumber: sql<string | null>`(SELECT number FROM ${invoices} c WHERE c.id = ${invoices.creditedInvoiceId})`,
      netCents: invoices.netCents,
      vatCents: invoices.vatCents,
      totalCents: invoices.totalCents,
      invoiceDate: invoices.invoiceDate,
      dueDate: invoices.dueDate,
      sendState: invoices.sendState,
      lastSendMessages: invoices.lastSendMessages,
      sentAt: invoices.sentAt,
      remoteId: invoices.remoteId,
      lines: sql<number>`(SELECT count(*)::int FROM ${invoiceLines} WHERE ${invoiceLines.invoiceId} = ${invoices.id})`,
      paidCents: invoiceBalances.paidCents,
      outstandingCents: invoiceBalances.outstandingCents,
      ...invoiceRights(actor),
    })
    .from(invoices)
    .innerJoin(fundingSources, eq(fundingSources.id, invoices.fundingSourceId))
    .leftJoin(invoiceBalances, eq(invoiceBalances.invoiceId, invoices.id))
    .where(
      and(
        gte(invoices.month, span.from),
        lt(invoices.month, span.to),
        invoiceVisibility(actor, "read"),
        funderIs(invoices.fundingSourceId, filters.fundingSourceId),
        filters.status ? eq(invoices.status, filters.status) : undefined,
        invoiceClientFilter(unitIds, filters.client),
      ),
    )
    .orderBy(asc(invoices.status), asc(fundingSources.name), desc(invoices.createdAt));
  return rows;
}

/** One invoice with its lines and the history of sending it; a read of client data, audited. */
export async function getInvoice(ctx: DomainContext<Db>, { id }: { id: string }) {
  const { db, actor, ip } = ctx;
  const invoice = await requireInvoice(ctx, { id, action: "read" });
  const [lines, log, [funder], [rights]] = await Promise.all([
    db
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id))
      .orderBy(asc(invoiceLines.clientName), asc(invoiceLines.serviceCode)),
    db.select().from(invoiceSendLog).where(eq(invoiceSendLog.invoiceId, id)).orderBy(desc(invoiceSendLog.createdAt)).limit(50),
    db
      .select({ name: fundingSources.name, sendChannel: sql<SendChannel>`${fundingSources.sendChannel}` })
      .from(fundingSources)
      .where(eq(fundingSources.id, invoice.fundingSourceId)),
    db.select(invoiceRights(actor)).from(invoices).where(eq(invoices.id, id)),
  ]);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "invoice.read",
    clientId: invoice.clientId,
    targetType: "invoice",
    targetId: id,
    ip,
    details: { number: invoice.number },
  });
  return {
    invoice: { ...invoice, funder: funder?.name ?? "", sendChannel: funder?.sendChannel ?? "e-financials", ...rights! },
    lines: lines.map((l) => ({ ...l, quantity: Number(l.quantity) })),
    log,
  };
}

const party = (p: Partial<InvoiceParty> & { name: string }): InvoiceParty => ({
  name: p.name,
  registryCode: p.registryCode ?? null,
  vatNumber: p.vatNumber ?? null,
  address: p.address ?? "",
  email: p.email ?? null,
  phone: p.phone ?? null,
  iban: p.iban ?? null,
  einvoiceRecipient: p.einvoiceRecipient ?? null,
});

/** The seller as the institution's settings say now; refused with the missing field named. */
async function sellerNow(db: DbOrTx): Promise<{ seller: InvoiceParty; prefix: string; termDays: number }> {
  const inst = await getInstitution(db);
  const missing = !inst.legalName.trim()
    ? "legalName"
    : !inst.registryCode
      ? "registryCode"
      : !inst.iban
        ? "iban"
        : !inst.address.trim()
          ? "address"
          : null;
  if (missing)
    throw invalid(missing, "billingErrors.sellerIncomplete", `Fill in the institution's ${missing} in the settings first`, {
      field: missing,
    });
  return {
    seller: party({
      name: inst.legalName,
      registryCode: inst.registryCode,
      vatNumber: inst.vatNumber,
      address: inst.address,
      email: inst.email,
      phone: inst.phone,
      iban: inst.iban,
    }),
    prefix: inst.invoiceSeriesPrefix,
    termDays: inst.paymentTermDays,
  };
}

/** The next number of the series, under the series row's lock: no gaps, no duplicates. */
async function takeNumber(tx: Tx, prefix: string): Promise<number> {
  await tx.execute(sql`INSERT INTO invoice_series (prefix) VALUES (${prefix}) ON CONFLICT DO NOTHING`);
  const rows = await tx.execute<{ n: number }>(
    sql`UPDATE invoice_series SET next_number = next_number + 1 WHERE prefix = ${prefix} RETURNING next_number - 1 AS n`,
  );
  return Number(rows[0]!.n);
}

export const formatInvoiceNumber = (prefix: string, n: number) => `${prefix}${String(n).padStart(5, "0")}`;

/**
 * Confirms a draft: it takes the next number of the series (in this transaction, so a rollback
 * gives the number back), today's date, the due date from the payment term, a payment reference,
 * and freezes the seller and buyer. From then on the database refuses to change it.
 */
export async function confirmInvoice(ctx: DomainContext<Db>, { id }: { id: string }) {
  const { actor, ip } = ctx;
  return ctx.db.transaction(async (tx) => {
    const invoice = await requireInvoice({ ...ctx, db: tx }, { id, action: "confirm", lock: true });
    if (invoice.status !== "draft") throw new AppError("CONFLICT", "billingErrors.invoiceNotDraft", "The invoice is already confirmed");
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id));
    if (!count?.n) throw new AppError("CONFLICT", "billingErrors.invoiceEmpty", "The invoice has no lines");
    const { seller, prefix, termDays } = await sellerNow(tx);
    const [funder] = await tx.select().from(fundingSources).where(eq(fundingSources.id, invoice.fundingSourceId));
    const buyer = party({
      name: funder!.payerName,
      registryCode: funder!.payerRegistryCode,
      address: funder!.payerAddress,
      email: funder!.payerEmail,
      einvoiceRecipient: funder!.einvoiceRecipient,
    });
    const n = await takeNumber(tx, prefix);
    const today = tallinnDate(new Date());
    const number = formatInvoiceNumber(prefix, n);
    const [me] = await tx
      .select({ first: employees.firstName, last: employees.lastName, email: employees.email, phone: employees.phone })
      .from(employees)
      .where(eq(employees.id, actor.employeeId));
    // The issuer's contact falls back to the institution's, so the accountant always has someone to ask.
    const issuer = me ? { name: `${me.first} ${me.last}`, email: me.email ?? seller.email, phone: me.phone ?? seller.phone } : null;
    const [row] = await tx
      .update(invoices)
      .set({
        status: "confirmed",
        seriesPrefix: prefix,
        sequenceNumber: n,
        number,
        referenceNumber: invoiceReference(number),
        invoiceDate: today,
        dueDate: addDays(today, termDays),
        paymentTermDays: termDays,
        seller,
        buyer,
        issuer,
        confirmedBy: actor.employeeId,
        confirmedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(invoices.id, id))
      .returning();
    if (invoice.type === "CRE" && invoice.creditedInvoiceId) await markCreditedWhenCancelled(tx, invoice.creditedInvoiceId);
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "invoice.confirm",
      clientId: invoice.clientId,
      targetType: "invoice",
      targetId: id,
      ip,
      details: { number: row!.number, totalCents: row!.totalCents, type: row!.type },
    });
    return row!;
  });
}

/** An invoice whose confirmed credit notes cancel it to zero is `credited`. */
async function markCreditedWhenCancelled(tx: Tx, invoiceId: string) {
  const [sum] = await tx
    .select({ net: sql<string>`coalesce(sum(${invoices.netCents}), 0)` })
    .from(invoices)
    .where(
      and(
        sql`(${invoices.id} = ${invoiceId} OR ${invoices.creditedInvoiceId} = ${invoiceId})`,
        inArray(invoices.status, ["confirmed", "sent", "paid", "credited"]),
      ),
    );
  if (Number(sum?.net ?? 1) === 0)
    await tx.update(invoices).set({ status: "credited", updatedAt: new Date() }).where(eq(invoices.id, invoiceId));
}

/** The numbered invoice as every output renders it; a read of client data, audited. */
export async function invoiceDocument(ctx: DomainContext<Db>, { id, format }: { id: string; format: string }): Promise<InvoiceDocument> {
  const { db, actor, ip } = ctx;
  const invoice = await requireInvoice(ctx, { id, action: "read" });
  if (invoice.status === "draft" || !invoice.number || !invoice.seller || !invoice.buyer) {
    throw new AppError("CONFLICT", "billingErrors.invoiceNotConfirmed", "Confirm the invoice first");
  }
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, id))
    .orderBy(asc(invoiceLines.clientName), asc(invoiceLines.serviceCode));
  const [credited] = invoice.creditedInvoiceId
    ? await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, invoice.creditedInvoiceId))
    : [];
  const [funder] = await db
    .select({ einvoiceFormat: fundingSources.einvoiceFormat })
    .from(fundingSources)
    .where(eq(fundingSources.id, invoice.fundingSourceId));
  const groups = new Map<string, InvoiceVatGroup>();
  for (const l of lines) {
    const key = `${l.vatStatus}|${l.vatRate ?? ""}`;
    const g = groups.get(key) ?? { vatStatus: l.vatStatus, vatRate: l.vatRate, netCents: 0, vatCents: 0 };
    g.netCents += l.netCents;
    g.vatCents += l.vatCents;
    groups.set(key, g);
  }
  const span = monthSpan(invoice.month.slice(0, 7));
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "invoice.download",
    clientId: invoice.clientId,
    targetType: "invoice",
    targetId: id,
    ip,
    details: { number: invoice.number, format },
  });
  return {
    number: invoice.number,
    type: invoice.type,
    creditedNumber: credited?.number ?? null,
    invoiceDate: invoice.invoiceDate!,
    dueDate: invoice.dueDate!,
    paymentTermDays: invoice.paymentTermDays ?? 0,
    periodStart: span.from,
    periodEnd: span.last,
    referenceNumber: invoice.referenceNumber ?? "",
    currency: "EUR",
    seller: invoice.seller,
    buyer: invoice.buyer,
    lines: lines.map((l, i) => ({
      position: i + 1,
      clientName: l.clientName,
      clientCode: l.clientCode,
      decisionNumber: l.decisionNumber,
      serviceCode: l.serviceCode,
      serviceName: l.serviceName,
      quantity: l.quantity,
      unit: l.unit,
      unitPriceCents: l.unitPriceCents,
      netCents: l.netCents,
      vatStatus: l.vatStatus,
      vatRate: l.vatRate,
      vatCents: l.vatCents,
      serviceDates: l.serviceDates,
      occasions: l.occasions,
    })),
    vatGroups: [...groups.values()],
    netCents: invoice.netCents,
    vatCents: invoice.vatCents,
    totalCents: invoice.totalCents,
    note: invoice.note,
    issuer: invoice.issuer ?? null,
    einvoiceFormat: funder?.einvoiceFormat ?? "en16931",
  };
}
