import { eq } from "drizzle-orm";
import { invoiceLines, invoices, paymentAllocations, payments, serviceReports } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import { makeActor, makeClient } from "./factories";
import { makeDecision, makeFundingSource, makeService } from "./funding-factories";

/**
 * Numbered invoices with real lines, credit notes and payments, for the reports that add them up.
 * An invoice is written as a draft with its lines and then confirmed, because the lines of a
 * numbered invoice are frozen. Each invoice gets its own service report (one per decision and
 * month), so a world keeps one decision per client and funder.
 */
export function invoiceMaker(db: DbOrTx) {
  const decisions = new Map<string, string>();
  const reportMonths = new Map<string, number>();
  let n = 0;
  return async function invoice(o: {
    funder: string;
    lines: { client: string; service: string; cents: number }[];
    due: string;
    month?: string;
    invoiceDate?: string;
    /** The per-client invoice's client, when the funder wants one. */
    client?: string | null;
    type?: "DEB" | "CRE";
    credits?: string;
  }) {
    const seq = 900000 + ++n;
    const month = o.month ?? "2026-06-01";
    const [row] = await db
      .insert(invoices)
      .values({
        type: o.type ?? "DEB",
        status: "draft",
        fundingSourceId: o.funder,
        clientId: o.client ?? null,
        month,
        netCents: o.lines.reduce((s, l) => s + l.cents, 0),
        vatCents: 0,
        totalCents: o.lines.reduce((s, l) => s + l.cents, 0),
        creditedInvoiceId: o.credits ?? null,
      })
      .returning();
    for (const l of o.lines) {
      const key = `${l.client}:${o.funder}`;
      const decisionId =
        decisions.get(key) ??
        (await makeDecision(db, { clientId: l.client, fundingSourceId: o.funder, startDate: "2000-01-01", endDate: "2099-12-31" }));
      decisions.set(key, decisionId);
      // A fresh report month per line keeps service_reports one per decision and month.
      const k = (reportMonths.get(decisionId) ?? 0) + 1;
      reportMonths.set(decisionId, k);
      const reportMonth = `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}-01`;
      const [report] = await db
        .insert(serviceReports)
        .values({ clientId: l.client, decisionId, month: reportMonth, status: "confirmed", confirmedAt: new Date() })
        .returning();
      await db.insert(invoiceLines).values({
        invoiceId: row!.id,
        serviceReportId: report!.id,
        clientId: l.client,
        clientName: "Client",
        decisionNumber: "K1",
        serviceId: l.service,
        serviceCode: "S1",
        serviceName: "Service",
        quantity: "1",
        unit: "hour",
        unitPriceCents: Math.abs(l.cents),
        netCents: l.cents,
        vatStatus: "exempt",
        vatRate: null,
        vatCents: 0,
      });
    }
    await db
      .update(invoices)
      .set({
        status: "confirmed",
        confirmedAt: new Date(),
        seriesPrefix: "RR",
        sequenceNumber: seq,
        number: `RR${seq}`,
        invoiceDate: o.invoiceDate ?? "2026-07-01",
        dueDate: o.due,
      })
      .where(eq(invoices.id, row!.id));
    return row!.id;
  };
}

/** A payment booked on a day, settled wholly against one invoice (in plain inserts, as any writer could). */
export async function payInvoice(
  db: DbOrTx,
  invoiceId: string,
  cents: number,
  on: string,
): Promise<{ payment: string; allocation: string }> {
  const [p] = await db.insert(payments).values({ source: "manual", bookingDate: on, amountCents: cents, remittance: "" }).returning();
  const [a] = await db.insert(paymentAllocations).values({ paymentId: p!.id, invoiceId, amountCents: cents, method: "person" }).returning();
  return { payment: p!.id, allocation: a!.id };
}

/**
 * An accountant (reports, billing read and confirm), an SRT funder, a client and a service billed
 * by the hour, and `invoice(cents)`: a numbered one-line invoice of that client (or, with `type`
 * CRE and `credits`, a credit note), due on 2026-08-01.
 */
export async function invoiceWorld(db: DbOrTx) {
  const accountant: Actor = await makeActor(db, {
    permissions: { "reports:read": "all", "billing:read": "all", "billing:confirm": "all" },
  });
  const funder = await makeFundingSource(db, { kind: "SRT", name: "SKA" });
  const client = await makeClient(db, {});
  const service = await makeService(db, { billingUnit: "hour" });
  const make = invoiceMaker(db);
  const invoice = (cents: number, o: { type?: "DEB" | "CRE"; credits?: string; invoiceDate?: string } = {}) =>
    make({ funder, due: "2026-08-01", ...o, lines: [{ client, service, cents }] });
  return { accountant, funder, client, service, invoice };
}
