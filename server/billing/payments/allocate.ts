import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { invoiceBalances, paymentAllocations, payments } from "@/db/schema";
import { tallinnDate } from "@/lib/tallinn-time";
import type { assignPaymentInput, ignorePaymentInput, recordManualPaymentInput, removeAllocationInput } from "./schemas";
import { recordAudit } from "@/server/audit/audit";
import type { Db, Tx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { AppError, invalid, notFound } from "@/server/errors";
import { requireInvoice } from "@/server/billing/invoices";
import { announcePayments, requirePaymentsAccess, settleInvoices } from "./settle";
import { decimalText } from "@/lib/format";

async function lockPayment(tx: Tx, id: string) {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for("update");
  if (!row) throw notFound("payment");
  const [used] = await tx
    .select({ cents: sql<string>`coalesce(sum(${paymentAllocations.amountCents}), 0)` })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, id));
  return { ...row, unallocatedCents: row.amountCents - Number(used?.cents ?? 0) };
}

/** What the invoice still asks for, with the person's billing right over it checked. */
async function outstandingOf(tx: Tx, ctx: DomainContext, invoiceId: string) {
  const invoice = await requireInvoice({ ...ctx, db: tx }, { id: invoiceId, action: "confirm", lock: true });
  const [balance] = await tx.select().from(invoiceBalances).where(eq(invoiceBalances.invoiceId, invoiceId));
  if (!balance || !["confirmed", "sent", "paid"].includes(invoice.status)) {
    throw invalid(
      "invoiceId",
      "paymentsErrors.invoiceNotPayable",
      "Only a confirmed or sent invoice (not a draft or credit note) takes payments",
    );
  }
  return { invoice, outstandingCents: balance.outstandingCents };
}

const euros = (c: number) => decimalText(c / 100);

/**
 * A person settles a waiting payment against one or more invoices. Each part must fit what the
 * invoice still asks for, and all parts together what is left of the payment; the database
 * trigger payment_allocations_within_limits (db/functions/) guarantees the same.
 */
export async function assignPayment(ctx: DomainContext<Db>, input: z.infer<typeof assignPaymentInput>) {
  requirePaymentsAccess(ctx.actor, "confirm");
  const ids = input.allocations.map((a) => a.invoiceId);
  if (new Set(ids).size !== ids.length) throw invalid("allocations", "paymentsErrors.invoiceTwice", "Name each invoice once");
  await ctx.db.transaction(async (tx) => {
    const payment = await lockPayment(tx, input.paymentId);
    if (payment.ignoredAt) throw new AppError("CONFLICT", "paymentsErrors.ignored", "The payment is ignored");
    const total = input.allocations.reduce((s, a) => s + a.amountCents, 0);
    if (total > payment.unallocatedCents) {
      throw invalid(
        "allocations",
        "paymentsErrors.moreThanPayment",
        `Only ${euros(payment.unallocatedCents)} € of the payment is left to assign`,
        { left: payment.unallocatedCents / 100 },
      );
    }
    for (const [i, a] of input.allocations.entries()) {
      const { invoice, outstandingCents } = await outstandingOf(tx, ctx, a.invoiceId);
      if (a.amountCents > outstandingCents) {
        throw invalid(
          `allocations.${i}.amountCents`,
          "paymentsErrors.moreThanOutstanding",
          `Invoice ${invoice.number} asks for only ${euros(outstandingCents)} €`,
          { number: invoice.number ?? "", outstanding: outstandingCents / 100 },
        );
      }
      await tx
        .insert(paymentAllocations)
        .values({
          paymentId: payment.id,
          invoiceId: a.invoiceId,
          amountCents: a.amountCents,
          method: "person",
          allocatedBy: ctx.actor.employeeId,
        })
        .onConflictDoUpdate({
          target: [paymentAllocations.paymentId, paymentAllocations.invoiceId],
          set: { amountCents: sql`${paymentAllocations.amountCents} + excluded.amount_cents` },
        });
    }
    const left = payment.unallocatedCents - total;
    await tx
      .update(payments)
      .set({ unmatchedReason: left > 0 ? (payment.unmatchedReason ?? "no_match") : null })
      .where(eq(payments.id, payment.id));
    await settleInvoices(tx, ids);
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "payment.assign",
      targetType: "payment",
      targetId: payment.id,
      ip: ctx.ip,
      details: { allocations: input.allocations },
    });
  });
  announcePayments("assign");
}

/** A payment that is no receivable (a refund, a grant, a transfer) leaves the waiting list, with a note why. */
export async function ignorePayment(ctx: DomainContext<Db>, input: z.infer<typeof ignorePaymentInput>) {
  requirePaymentsAccess(ctx.actor, "confirm");
  await ctx.db.transaction(async (tx) => {
    const payment = await lockPayment(tx, input.paymentId);
    if (payment.ignoredAt) return;
    await tx
      .update(payments)
      .set({ ignoredAt: new Date(), ignoredBy: ctx.actor.employeeId, ignoreNote: input.note.trim() || null })
      .where(eq(payments.id, payment.id));
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "payment.ignore",
      targetType: "payment",
      targetId: payment.id,
      ip: ctx.ip,
      details: { unallocatedCents: payment.unallocatedCents },
    });
  });
  announcePayments("ignore");
}

/** Undoes one allocation made by mistake: the money waits again, the invoice is open again. */
export async function removeAllocation(ctx: DomainContext<Db>, input: z.infer<typeof removeAllocationInput>) {
  requirePaymentsAccess(ctx.actor, "confirm");
  await ctx.db.transaction(async (tx) => {
    const [allocation] = await tx.select().from(paymentAllocations).where(eq(paymentAllocations.id, input.allocationId)).for("update");
    if (!allocation) throw notFound("allocation");
    const payment = await lockPayment(tx, allocation.paymentId);
    await tx.delete(paymentAllocations).where(eq(paymentAllocations.id, allocation.id));
    if (payment.source === "manual") await tx.delete(payments).where(and(eq(payments.id, payment.id), eq(payments.source, "manual")));
    else
      await tx
        .update(payments)
        .set({ unmatchedReason: payment.unmatchedReason ?? "no_match", ignoredAt: null, ignoredBy: null, ignoreNote: null })
        .where(eq(payments.id, payment.id));
    await settleInvoices(tx, [allocation.invoiceId]);
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "payment.unassign",
      targetType: "payment",
      targetId: payment.id,
      ip: ctx.ip,
      details: { invoiceId: allocation.invoiceId, amountCents: allocation.amountCents },
    });
  });
  announcePayments("unassign");
}

/**
 * Marking paid by hand: a payment row of its own (date and amount, all of what is open by
 * default) allocated to the invoice, so it counts exactly like one from a statement.
 */
export async function recordManualPayment(ctx: DomainContext<Db>, input: z.infer<typeof recordManualPaymentInput>) {
  if (input.paidOn > tallinnDate(new Date()))
    throw invalid("paidOn", "paymentsErrors.paidInFuture", "The payment date cannot be in the future");
  const result = await ctx.db.transaction(async (tx) => {
    const { invoice, outstandingCents } = await outstandingOf(tx, ctx, input.invoiceId);
    if (input.amountCents > outstandingCents) {
      throw invalid(
        "amountCents",
        "paymentsErrors.moreThanOutstanding",
        `Invoice ${invoice.number} asks for only ${euros(outstandingCents)} €`,
        { number: invoice.number ?? "", outstanding: outstandingCents / 100 },
      );
    }
    const [payment] = await tx
      .insert(payments)
      .values({ source: "manual", bookingDate: input.paidOn, amountCents: input.amountCents, createdBy: ctx.actor.employeeId })
      .returning({ id: payments.id });
    await tx.insert(paymentAllocations).values({
      paymentId: payment!.id,
      invoiceId: invoice.id,
      amountCents: input.amountCents,
      method: "person",
      allocatedBy: ctx.actor.employeeId,
    });
    await settleInvoices(tx, [invoice.id]);
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "invoice.paid",
      clientId: invoice.clientId,
      targetType: "invoice",
      targetId: invoice.id,
      ip: ctx.ip,
      details: { number: invoice.number, amountCents: input.amountCents, paidOn: input.paidOn },
    });
    return { paymentId: payment!.id };
  });
  announcePayments("manual");
  return result;
}
