import type { InvoiceDocument, InvoiceLine, InvoiceVatGroup } from "@/server/billing/document";

/**
 * Invoice documents for the renderer and e-Financials tests (and later integration tests): real
 * service codes and prices from domain.md §2, names that exercise Estonian, Cyrillic and XML
 * special characters. Totals are computed here once, as server/invoicing would.
 */

type LineInput = Omit<InvoiceLine, "position" | "netCents" | "vatCents" | "vatRate"> & { vatRate?: string | null };

export function line(input: Partial<LineInput> & Pick<LineInput, "clientName" | "serviceCode">): LineInput {
  return {
    clientCode: null,
    decisionNumber: "K000123",
    serviceName: "Psühholoogi individuaalne teenus",
    quantity: "1.00",
    unit: "hour",
    unitPriceCents: 2940,
    vatStatus: "exempt",
    serviceDates: ["2026-10-07"],
    occasions: 1,
    ...input,
  };
}

/** quantity × price, rounded half away from zero, as the document type promises (prices are never negative). */
function netOf(quantity: string, unitPriceCents: number): number {
  const [whole, frac = ""] = quantity.replace("-", "").split(".");
  const hundredths = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return (quantity.startsWith("-") ? -1 : 1) * Math.round((hundredths * unitPriceCents) / 100);
}

export function makeDocument(lines: LineInput[], overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const full: InvoiceLine[] = lines.map((l, i) => {
    const netCents = netOf(l.quantity, l.unitPriceCents);
    const rate = l.vatStatus === "taxable" ? (l.vatRate ?? "22.00") : null;
    const vatCents = rate ? Math.round((netCents * Number(rate)) / 100) : 0;
    return { ...l, position: i + 1, netCents, vatRate: rate, vatCents };
  });
  const groups = new Map<string, InvoiceVatGroup>();
  for (const l of full) {
    const key = `${l.vatStatus}:${l.vatRate}`;
    const g = groups.get(key) ?? { vatStatus: l.vatStatus, vatRate: l.vatRate, netCents: 0, vatCents: 0 };
    g.netCents += l.netCents;
    g.vatCents += l.vatCents;
    groups.set(key, g);
  }
  const netCents = full.reduce((s, l) => s + l.netCents, 0);
  const vatCents = full.reduce((s, l) => s + l.vatCents, 0);
  return {
    number: "2026-0042",
    type: "DEB",
    creditedNumber: null,
    invoiceDate: "2026-11-05",
    dueDate: "2026-11-19",
    paymentTermDays: 14,
    periodStart: "2026-10-01",
    periodEnd: "2026-10-31",
    referenceNumber: "202600428",
    currency: "EUR",
    seller: {
      name: "Taastusravikeskus Õnn & Pärl OÜ",
      registryCode: "12345678",
      vatNumber: "EE101234567",
      address: "Pärnu mnt 22, 10141 Tallinn",
      email: "arved@onn-parl.ee",
      phone: "+372 600 1234",
      iban: "EE38 2200 2210 2014 5685",
      einvoiceRecipient: null,
    },
    buyer: {
      name: "Sotsiaalkindlustusamet",
      registryCode: "70001975",
      vatNumber: null,
      address: "Endla 8, 15092 Tallinn",
      email: "info@sotsiaalkindlustusamet.ee",
      phone: null,
      iban: null,
      einvoiceRecipient: "70001975",
    },
    lines: full,
    vatGroups: [...groups.values()],
    netCents,
    vatCents,
    totalCents: netCents + vatCents,
    note: "Sotsiaalse rehabilitatsiooni teenus, leping nr 3-1/2026.",
    issuer: { name: "Anne Raud", email: "anne.raud@onn-parl.ee", phone: "+372 5555 1234" },
    ...overrides,
  };
}

/** SRT lines of three clients, all VAT-exempt; one client name in Cyrillic, one with & and <. */
export function exemptInvoice(): InvoiceDocument {
  return makeDocument([
    line({
      clientName: "Mari Maasikas",
      clientCode: "49003050224",
      serviceCode: "2010",
      quantity: "2.00",
      serviceDates: ["2026-10-07", "2026-10-21"],
      occasions: 2,
    }),
    line({
      clientName: "Mari Maasikas",
      clientCode: "49003050224",
      serviceCode: "2001",
      serviceName: "Füsioterapeudi individuaalne teenus",
      unitPriceCents: 2936,
    }),
    line({
      clientName: "Анна Петрова",
      clientCode: "60001019906",
      decisionNumber: "K000456",
      serviceCode: "2012",
      serviceName: "Psühholoogi grupiteenus",
      quantity: "1.50",
      unitPriceCents: 1048,
    }),
    line({
      clientName: "Jüri Šmidt & <Žanna> Õunapuu",
      clientCode: "38001085718",
      decisionNumber: "K000789",
      serviceCode: "3002",
      serviceName: "Transport",
      quantity: "42.00",
      unit: "km",
      unitPriceCents: 10,
      // Twelve trips: too many days to list, so the invoice gives the count and the span.
      serviceDates: Array.from({ length: 12 }, (_, i) => `2026-10-${String(2 + 2 * i).padStart(2, "0")}`),
      occasions: 12,
    }),
  ]);
}

/** A TRT invoice where the provider adds 22% VAT to one line and the rest stay exempt. */
export function mixedVatInvoice(academicHourCents = 4500): InvoiceDocument {
  return makeDocument(
    [
      line({
        clientName: "Mari Maasikas",
        clientCode: "49003050224",
        serviceCode: "2010",
        quantity: "3.00",
        unit: "academic_hour",
        unitPriceCents: academicHourCents,
        decisionNumber: "TK-2026-17",
      }),
      line({
        clientName: "Mari Maasikas",
        clientCode: "49003050224",
        serviceCode: "T900",
        serviceName: "Tööalane nõustamine",
        quantity: "1.00",
        unit: "session",
        unitPriceCents: 5000,
        vatStatus: "taxable",
        decisionNumber: "TK-2026-17",
      }),
      line({
        clientName: "Anna Petrova",
        clientCode: null,
        serviceCode: "2004",
        serviceName: "Sotsiaaltöötaja individuaalne teenus",
        unitPriceCents: 2696,
        decisionNumber: "TK-2026-18",
      }),
    ],
    {
      number: "2026-0043",
      referenceNumber: "202600431",
      buyer: {
        name: "Eesti Töötukassa",
        registryCode: "70009770",
        vatNumber: null,
        address: "Lasnamäe 2, 11412 Tallinn",
        email: null,
        phone: null,
        iban: null,
        einvoiceRecipient: null,
      },
    },
  );
}

/** A credit note cancelling one line of invoice 2026-0042: negative amounts, nothing to pay. */
export function creditNote(): InvoiceDocument {
  return makeDocument(
    [
      line({
        clientName: "Анна Петрова",
        clientCode: "60001019906",
        decisionNumber: "K000456",
        serviceCode: "2012",
        serviceName: "Psühholoogi grupiteenus",
        quantity: "-1.50",
        unitPriceCents: 1048,
      }),
    ],
    {
      number: "2026-0050",
      type: "CRE",
      creditedNumber: "2026-0042",
      referenceNumber: "202600509",
      invoiceDate: "2026-11-20",
      dueDate: "2026-11-20",
      paymentTermDays: 0,
    },
  );
}

/** A long invoice for pagination: 200 lines over 40 clients. */
export function longInvoice(count = 200): InvoiceDocument {
  const lines = Array.from({ length: count }, (_, i) =>
    line({
      clientName: i % 40 === 7 ? "Дмитрий Иванов" : `Klient ${String(Math.floor(i / 5) + 1).padStart(2, "0")} Kääriäinen`,
      decisionNumber: `K${String(100000 + Math.floor(i / 5))}`,
      serviceCode: i % 2 ? "2010" : "2013",
      serviceName: i % 2 ? "Psühholoogi individuaalne teenus" : "Logopeedi individuaalne teenus",
      unitPriceCents: i % 2 ? 2940 : 2980,
    }),
  );
  return makeDocument(lines, { number: "2026-0100", referenceNumber: "202601003" });
}

/**
 * June–July 2025 across the standard-rate change: the taxed service is split into a 22 % line
 * (services until 30 June) and a 24 % line (from 1 July), the way invoice lines follow the rate
 * valid on each entry's service date; one exempt line beside them.
 */
export function rateChangeInvoice(): InvoiceDocument {
  const tk = { clientName: "Mari Maasikas", clientCode: "49003050224", decisionNumber: "TK-2025-07" };
  return makeDocument(
    [
      line({
        ...tk,
        serviceCode: "T900",
        serviceName: "Tööalane nõustamine",
        unit: "session",
        quantity: "2.00",
        unitPriceCents: 5000,
        vatStatus: "taxable",
        vatRate: "22.00",
      }),
      line({
        ...tk,
        serviceCode: "T900",
        serviceName: "Tööalane nõustamine",
        unit: "session",
        quantity: "3.00",
        unitPriceCents: 5000,
        vatStatus: "taxable",
        vatRate: "24.00",
      }),
      line({ ...tk, serviceCode: "2010", quantity: "2.00", unit: "academic_hour", unitPriceCents: 4500 }),
    ],
    {
      number: "2025-0070",
      referenceNumber: "202500706",
      invoiceDate: "2025-08-04",
      dueDate: "2025-08-18",
      periodStart: "2025-06-01",
      periodEnd: "2025-07-31",
      buyer: {
        name: "Eesti Töötukassa",
        registryCode: "70009770",
        vatNumber: null,
        address: "Lasnamäe 2, 11412 Tallinn",
        email: null,
        phone: null,
        iban: null,
        einvoiceRecipient: null,
      },
    },
  );
}
