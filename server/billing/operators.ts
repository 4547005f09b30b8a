import type { Db } from "@/server/db/client";
import { invalid } from "@/server/errors";
import { connectionForSending } from "./connection";
import type { InvoiceDocument } from "./document";
import { deliverInvoice, type DeliverOptions, type DeliveryState, type SendResult, type Step } from "./e-financials/client";

/**
 * An e-invoice operator that takes an invoice and delivers it to the buyer's e-invoice address:
 * e-Financials is the one implemented; another operator (Omniva, Telema, Finbite...) plugs in
 * by implementing this and being returned by operatorFor. Delivery must be safe to repeat
 * from the stored state (see deliverInvoice) and report every request as a Step.
 */
export interface EInvoiceOperator {
  readonly channel: "e-financials" | "operator";
  deliver(doc: InvoiceDocument, state: DeliveryState, onStep: (step: Step) => void, options: DeliverOptions): Promise<SendResult>;
}

/** The operator of a funder's send channel, configured, or a refusal that says what to set up. */
export async function operatorFor(db: Db, channel: "e-financials" | "operator", timeoutMs?: number): Promise<EInvoiceOperator> {
  if (channel === "operator") {
    throw invalid(
      "sendChannel",
      "billingErrors.operatorNotConfigured",
      "No e-invoice operator besides e-Financials is set up: choose e-Financials or e-mail for this funder",
    );
  }
  const config = { ...(await connectionForSending(db)), ...(timeoutMs ? { timeoutMs } : {}) };
  return { channel, deliver: (doc, state, onStep, options) => deliverInvoice(config, doc, state, onStep, options) };
}
