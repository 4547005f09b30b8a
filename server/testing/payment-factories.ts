import { invoices } from "@/db/schema";
import { referenceNumber } from "@/lib/reference-number";
import type { DbOrTx } from "@/server/db/client";

/**
 * A numbered (confirmed) invoice written straight into the table with the totals, number and
 * payment reference a matching test needs. Confirming through the domain would tie the numbers
 * and references to the series.
 */
let counter = 0;

export async function makeNumberedInvoice(
  db: DbOrTx,
  opts: {
    fundingSourceId: string;
    totalCents: number;
    dueDate?: string;
    status?: "confirmed" | "sent";
    month?: string;
    /** A client's own invoice (a funder that invoices per client); else the funder's for many. */
    clientId?: string;
  },
) {
  const n = ++counter;
  const base = `1${String(Date.now() % 1_000_000).padStart(6, "0")}${String(n).padStart(3, "0")}`;
  const number = `PT${base}`;
  const [row] = await db
    .insert(invoices)
    .values({
      type: "DEB",
      status: opts.status ?? "confirmed",
      fundingSourceId: opts.fundingSourceId,
      clientId: opts.clientId ?? null,
      month: opts.month ?? "2026-10-01",
      seriesPrefix: "PT",
      sequenceNumber: Number(base),
      number,
      invoiceDate: "2026-11-02",
      dueDate: opts.dueDate ?? "2026-11-16",
      referenceNumber: referenceNumber(base),
      paymentTermDays: 14,
      netCents: opts.totalCents,
      vatCents: 0,
      totalCents: opts.totalCents,
      seller: {
        name: "Näidis OÜ",
        registryCode: "12345678",
        vatNumber: null,
        address: "Tallinn",
        email: null,
        phone: null,
        iban: "EE382200221020145685",
        einvoiceRecipient: null,
      },
      buyer: {
        name: "Sotsiaalkindlustusamet",
        registryCode: "70001975",
        vatNumber: null,
        address: "Tallinn",
        email: null,
        phone: null,
        iban: null,
        einvoiceRecipient: null,
      },
      confirmedAt: new Date(),
      sentAt: opts.status === "sent" ? new Date() : null,
    })
    .returning();
  return row!;
}
