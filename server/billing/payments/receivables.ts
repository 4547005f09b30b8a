import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { bankStatements, fundingSources, invoiceBalances, invoices, paymentAllocations, payments } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import type { Db } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { recordAudit } from "@/server/audit/audit";
import { AppError } from "@/server/errors";
import { invoiceRights, invoiceVisibility, requireInvoice } from "@/server/billing/invoices";
import { mayHandlePayments, requirePaymentsAccess } from "./settle";

export const invoiceIdInput = z.object({ invoiceId: z.uuid() });

// Written out: inside a single-table select Drizzle leaves interpolated columns unqualified.
const allocated = sql<string>`coalesce((SELECT sum(pa.amount_cents) FROM payment_allocations pa WHERE pa.payment_id = "payments"."id"), 0)`;

/** Payments with money not yet settled against an invoice and not ignored: the accountant's to-do list. */
export async function listWaitingPayments(ctx: DomainContext<Db>) {
  requirePaymentsAccess(ctx.actor, "read");
  const rows = await ctx.db
    .select({
      id: payments.id,
      source: payments.source,
      bookingDate: payments.bookingDate,
      amountCents: payments.amountCents,
      allocatedCents: allocated,
      payerName: payments.payerName,
      payerIban: payments.payerIban,
      reference: payments.reference,
      remittance: payments.remittance,
      unmatchedReason: payments.unmatchedReason,
    })
    .from(payments)
    .where(and(isNull(payments.ignoredAt), sql`${payments.amountCents} > ${allocated}`))
    .orderBy(asc(payments.bookingDate), asc(payments.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, allocatedCents: Number(r.allocatedCents), leftCents: r.amountCents - Number(r.allocatedCents) }));
}

export async function listStatements(ctx: DomainContext<Db>) {
  requirePaymentsAccess(ctx.actor, "read");
  return ctx.db
    .select({
      id: bankStatements.id,
      statementRef: bankStatements.statementRef,
      accountIban: bankStatements.accountIban,
      fromDate: bankStatements.fromDate,
      toDate: bankStatements.toDate,
      entryCount: bankStatements.entryCount,
      newPayments: bankStatements.newPayments,
      createdAt: bankStatements.createdAt,
    })
    .from(bankStatements)
    .orderBy(desc(bankStatements.createdAt))
    .limit(10);
}

/** Invoices a waiting payment can be assigned to: numbered, not credit notes, something still open. */
export async function listOpenInvoices(ctx: DomainContext<Db>) {
  requirePaymentsAccess(ctx.actor, "read");
  return ctx.db
    .select({
      id: invoices.id,
      number: invoices.number,
      funder: fundingSources.name,
      dueDate: invoices.dueDate,
      referenceNumber: invoices.referenceNumber,
      totalCents: invoices.totalCents,
      outstandingCents: invoiceBalances.outstandingCents,
    })
    .from(invoices)
    .innerJoin(invoiceBalances, eq(invoiceBalances.invoiceId, invoices.id))
    .innerJoin(fundingSources, eq(fundingSources.id, invoices.fundingSourceId))
    .where(and(inArray(invoices.status, ["confirmed", "sent"]), gt(invoiceBalances.outstandingCents, 0)))
    .orderBy(asc(invoices.dueDate), asc(invoices.number))
    .limit(500);
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * Overdue invoices by funder: past their due date (in Tallinn) with something still open, each
 * with its days overdue. Only the invoices the person may see.
 */
export async function listOverdue(ctx: DomainContext<Db>, today = tallinnDate(new Date())) {
  const rows = await ctx.db
    .select({
      id: invoices.id,
      number: invoices.number,
      fundingSourceId: invoices.fundingSourceId,
      funder: fundingSources.name,
      invoiceDate: invoices.invoiceDate,
      dueDate: invoices.dueDate,
      totalCents: invoiceBalances.dueCents,
      paidCents: invoiceBalances.paidCents,
      outstandingCents: invoiceBalances.outstandingCents,
    })
    .from(invoices)
    .innerJoin(invoiceBalances, eq(invoiceBalances.invoiceId, invoices.id))
    .innerJoin(fundingSources, eq(fundingSources.id, invoices.fundingSourceId))
    .where(
      and(
        inArray(invoices.status, ["confirmed", "sent"]),
        gt(invoiceBalances.outstandingCents, 0),
        lt(invoices.dueDate, today),
        invoiceVisibility(ctx.actor, "read"),
      ),
    )
    .orderBy(asc(fundingSources.name), asc(invoices.dueDate), asc(invoices.number));
  const funders = new Map<
    string,
    { fundingSourceId: string; funder: string; outstandingCents: number; invoices: ((typeof rows)[number] & { daysOverdue: number })[] }
  >();
  for (const r of rows) {
    const f = funders.get(r.fundingSourceId) ?? { fundingSourceId: r.fundingSourceId, funder: r.funder, outstandingCents: 0, invoices: [] };
    f.outstandingCents += r.outstandingCents;
    f.invoices.push({ ...r, daysOverdue: daysBetween(r.dueDate!, today) });
    funders.set(r.fundingSourceId, f);
  }
  return [...funders.values()];
}

/** An invoice's paid and outstanding amount and the payments behind them. */
export async function invoicePayments(ctx: DomainContext<Db>, input: z.infer<typeof invoiceIdInput>) {
  const invoice = await requireInvoice(ctx, { id: input.invoiceId, action: "read" });
  const [[balance], [rights]] = await Promise.all([
    ctx.db.select().from(invoiceBalances).where(eq(invoiceBalances.invoiceId, invoice.id)),
    ctx.db.select(invoiceRights(ctx.actor)).from(invoices).where(eq(invoices.id, invoice.id)),
  ]);
  const rows = balance
    ? await ctx.db
        .select({
          id: paymentAllocations.id,
          amountCents: paymentAllocations.amountCents,
          method: paymentAllocations.method,
          bookingDate: payments.bookingDate,
          source: payments.source,
          paymentCents: payments.amountCents,
        })
        .from(paymentAllocations)
        .innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
        .where(eq(paymentAllocations.invoiceId, invoice.id))
        .orderBy(asc(payments.bookingDate))
    : [];
  const today = tallinnDate(new Date());
  const overdue = Boolean(
    balance && balance.outstandingCents > 0 && invoice.dueDate && invoice.dueDate < today && ["confirmed", "sent"].includes(invoice.status),
  );
  const payable = Boolean(balance && balance.outstandingCents > 0 && ["confirmed", "sent"].includes(invoice.status));
  return {
    balance: balance ? { dueCents: balance.dueCents, paidCents: balance.paidCents, outstandingCents: balance.outstandingCents } : null,
    daysOverdue: overdue ? daysBetween(invoice.dueDate!, today) : 0,
    overdue,
    payable,
    // What the page offers, by the mutations' checks: recording a payment needs the right to
    // confirm this invoice (recordManualPayment's requireInvoice), undoing an allocation the
    // payments of the whole institution (removeAllocation). payment-actions.test.ts compares.
    mayRecord: payable && Boolean(rights?.mayConfirm),
    mayUnassign: mayHandlePayments(ctx.actor, "confirm"),
    allocations: rows,
  };
}

/** What a reminder letter says, for an invoice past its due date with something still open; audited like a download. */
export async function reminderFacts(ctx: DomainContext<Db>, input: z.infer<typeof invoiceIdInput>) {
  const invoice = await requireInvoice(ctx, { id: input.invoiceId, action: "read" });
  const facts = await invoicePayments(ctx, input);
  if (!facts.overdue || !facts.balance || !invoice.seller || !invoice.buyer) {
    throw new AppError("CONFLICT", "paymentsErrors.notOverdue", "A reminder is for an invoice past its due date with something still open");
  }
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "invoice.reminder",
    clientId: invoice.clientId,
    targetType: "invoice",
    targetId: invoice.id,
    ip: ctx.ip,
    details: { number: invoice.number, outstandingCents: facts.balance.outstandingCents },
  });
  return {
    number: invoice.number!,
    invoiceDate: invoice.invoiceDate!,
    dueDate: invoice.dueDate!,
    referenceNumber: invoice.referenceNumber ?? "",
    seller: invoice.seller,
    buyer: invoice.buyer,
    clientId: invoice.clientId,
    daysOverdue: facts.daysOverdue,
    ...facts.balance,
    today: tallinnDate(new Date()),
  };
}
