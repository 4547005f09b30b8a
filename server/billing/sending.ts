import { and, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { fundingSources, invoices, invoiceSendLog, type SendChannel } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { errorFields, log } from "@/server/log";
import { claimKey, inProgress, storeResponse, type IdempotencyScope } from "@/server/idempotency/keys";
import type { DomainContext } from "@/server/domain-context";
import { publish } from "@/server/realtime/io";
import { rooms } from "@/server/realtime/rooms";
import { connectionForSending } from "./connection";
import type { DeliverOptions, SendResult as DeliveryResult, Step } from "./e-financials/client";
import { invoiceDocument, invoiceVisibility, requireInvoice } from "./invoices";
import { monthSpan } from "./months";
import { operatorFor } from "./operators";
import { sendInvoiceEmail, smtpForSending, type EmailStep } from "./send-email";

/** A send that started this long ago and never finished (the server stopped) may be taken over. */
const STALE_SEND = sql`interval '10 minutes'`;

const announce = (invoiceId: string, state: string) =>
  publish([rooms.billing], "billing.changed", { kind: state, invoiceId, at: Date.now() });

/**
 * Takes the invoice for sending: only one sender at a time, only a confirmed (or credit) invoice
 * not yet delivered. The claim is one UPDATE, so two people pressing "send" cannot both send.
 */
async function claim(db: DbOrTx, id: string) {
  const [row] = await db
    .update(invoices)
    .set({ sendState: "sending", sendStartedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(invoices.id, id),
        eq(invoices.status, "confirmed"),
        or(
          inArray(invoices.sendState, ["idle", "failed"]),
          and(eq(invoices.sendState, "sending"), sql`${invoices.sendStartedAt} < now() - ${STALE_SEND}`),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

type SendOptions = DeliverOptions & { timeoutMs?: number; idempotencyKey?: string };
type SendResult = { ok: boolean; messages: string[] };

/**
 * Sends one confirmed invoice the way its funder's send channel says: as an e-invoice through
 * e-Financials (or another operator, once one implements EInvoiceOperator), or by e-mail with
 * the PDF and XML attached. Through an operator it is created there once (the remote id is
 * stored the moment it is known, and the client looks the number up before creating again),
 * registered and delivered. Every request and its answer is logged with its channel; a
 * rejection leaves it re-sendable with the messages shown. With an idempotency key, the key is
 * claimed with the invoice and the outcome stored with the final state: a repeat gets that
 * outcome, never a second send.
 */
export async function sendInvoice(ctx: DomainContext<Db>, { id, ...options }: { id: string } & SendOptions): Promise<SendResult> {
  const { db, actor, ip } = ctx;
  const scope: IdempotencyScope = {
    key: options.idempotencyKey,
    employeeId: actor.employeeId,
    procedure: "billing.invoices.send",
    input: { id },
  };
  const row = await requireInvoice(ctx, { id, action: "send" });
  const [funder] = await db
    .select({ channel: fundingSources.sendChannel })
    .from(fundingSources)
    .where(eq(fundingSources.id, row.fundingSourceId));
  const channel = (funder?.channel ?? "e-financials") as SendChannel;
  // What the channel needs is checked before the invoice is taken, so a missing setting changes nothing.
  const operator = channel === "email" ? null : await operatorFor(db, channel, options.timeoutMs);
  const doc = await invoiceDocument(ctx, { id, format: channel });
  const smtp = channel === "email" ? smtpForSending(doc) : null;
  const taken = await db.transaction(async (tx) => {
    const key = await claimKey(tx, scope);
    if (key.state === "done") return { replay: key.response as SendResult };
    if (key.state === "pending") throw inProgress();
    const row = await claim(tx, id);
    if (row) return { claimed: row };
    const [now] = await tx.select({ status: invoices.status, sendState: invoices.sendState }).from(invoices).where(eq(invoices.id, id));
    if (now?.sendState === "sending") throw new AppError("CONFLICT", "billingErrors.alreadySending", "The invoice is being sent right now");
    throw new AppError("CONFLICT", "billingErrors.notSendable", "Only a confirmed invoice that has not been sent can be sent", {
      params: { status: now?.status ?? "" },
    });
  });
  if (taken.replay) return taken.replay;
  const claimed = taken.claimed;
  announce(id, "sending");
  let remoteId = claimed.remoteId ?? null;
  const store = async (step: Step | EmailStep) => {
    await db.insert(invoiceSendLog).values({
      invoiceId: id,
      channel,
      operation: step.operation,
      method: step.method,
      path: step.path,
      httpStatus: step.httpStatus,
      responseCode: step.responseCode,
      messages: step.messages,
      durationMs: Math.round(step.durationMs),
      error: step.error ?? null,
    });
    if ("remoteId" in step && step.remoteId && step.remoteId !== remoteId) {
      remoteId = step.remoteId;
      await db.update(invoices).set({ remoteId, updatedAt: new Date() }).where(eq(invoices.id, id));
    }
    if (step.operation === "register" && step.responseCode === 0)
      await db.update(invoices).set({ remoteRegistered: true }).where(eq(invoices.id, id));
  };
  // Steps are stored in order, each as soon as it is reported; the remote id is on disk before
  // the sending finishes, and a later send resumes from it instead of creating again.
  let stored: Promise<void> = Promise.resolve();
  const onStep = (step: Step) => {
    stored = stored
      .then(() => store(step))
      .catch((err: unknown) => log.error({ area: "billing", invoiceId: id, err: errorFields(err) }, "storing a send step failed"));
  };
  let result: DeliveryResult | { ok: boolean; transient: false; remoteId: null; messages: string[] };
  try {
    if (smtp) {
      const mail = await sendInvoiceEmail(db, doc, smtp, options.timeoutMs);
      await store(mail.step);
      result = { ok: mail.ok, transient: false, remoteId: null, messages: mail.messages };
    } else {
      result = await operator!.deliver(doc, { remoteId, registered: claimed.remoteRegistered, delivered: false }, onStep, options);
    }
  } catch (err) {
    result = { ok: false, transient: true, remoteId, messages: [err instanceof Error ? err.message : String(err)], steps: [] };
  }
  await stored;
  const outcome: SendResult = { ok: result.ok, messages: result.ok ? [] : result.messages };
  await db.transaction(async (tx) => {
    if (result.ok) {
      await tx
        .update(invoices)
        .set({
          status: "sent",
          sendState: "delivered",
          remoteId: result.remoteId,
          sentAt: new Date(),
          lastSendMessages: [],
          updatedAt: new Date(),
        })
        .where(eq(invoices.id, id));
    } else {
      await tx
        .update(invoices)
        .set({ sendState: "failed", remoteId: result.remoteId ?? remoteId, lastSendMessages: result.messages, updatedAt: new Date() })
        .where(eq(invoices.id, id));
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "invoice.send",
      outcome: result.ok ? "ok" : "failed",
      clientId: claimed.clientId,
      targetType: "invoice",
      targetId: id,
      ip,
      details: { number: claimed.number, channel, remoteId: result.remoteId, messages: outcome.messages },
    });
    await storeResponse(tx, scope, outcome);
  });
  announce(id, result.ok ? "sent" : "failed");
  return outcome;
}

/**
 * "Send all confirmed" for a month: answers at once with how many are queued and sends them one
 * by one in the background; each finished send is announced live to the billing room.
 */
export async function sendAllConfirmed(
  ctx: DomainContext<Db>,
  { month, idempotencyKey, ...deliver }: { month: string } & SendOptions,
): Promise<{ queued: number }> {
  const { db, actor } = ctx;
  const span = monthSpan(month);
  const sendable = and(
    eq(invoices.status, "confirmed"),
    inArray(invoices.sendState, ["idle", "failed"]),
    gte(invoices.month, span.from),
    lt(invoices.month, span.to),
    invoiceVisibility(actor, "send"),
  );
  // The e-Financials connection is needed only when one of these funders sends through it: a
  // month whose funders all take e-mail goes out without it. Checked before anything is queued.
  const throughEFinancials = await db
    .select({ id: invoices.id })
    .from(invoices)
    .innerJoin(fundingSources, eq(fundingSources.id, invoices.fundingSourceId))
    .where(and(sendable, eq(fundingSources.sendChannel, "e-financials")))
    .limit(1);
  if (throughEFinancials.length) await connectionForSending(db);
  const scope: IdempotencyScope = {
    key: idempotencyKey,
    employeeId: actor.employeeId,
    procedure: "billing.invoices.sendAll",
    input: { month },
  };
  // A repeat of the same press answers with the first count and queues nothing again.
  const taken = await db.transaction(async (tx) => {
    const key = await claimKey(tx, scope);
    if (key.state === "done") return { replay: key.response as { queued: number } };
    if (key.state === "pending") throw inProgress();
    const queued = await tx.select({ id: invoices.id }).from(invoices).where(sendable);
    await storeResponse(tx, scope, { queued: queued.length });
    return { ids: queued.map((q) => q.id) };
  });
  if (taken.replay) return taken.replay;
  const ids = taken.ids;
  void (async () => {
    for (const id of ids) {
      await sendInvoice(ctx, { id, ...deliver }).catch((err: unknown) =>
        log.error({ area: "billing", invoiceId: id, err: errorFields(err) }, "sending an invoice failed"),
      );
    }
  })();
  return { queued: ids.length };
}
