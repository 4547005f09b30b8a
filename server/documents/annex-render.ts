import { BILLING_UNIT_LABELS_ET } from "@/server/billing/einvoice";
import { monthEt, writeAttendance } from "./attendance-render";
import type { Confirmation } from "./confirmation";
import type { InvoiceAnnex } from "./invoice-annex";
import { dateEt, decimalEt, euroEt, facts, paragraph, sectionTitle, signatureLines, startDocument, table, type Column } from "./layout";
import type { ResolvedTemplate } from "./templates";

/** The invoice annex and the client's confirmation of services as A4 PDFs. */

type Opts = { createdAt?: Date };

export async function renderInvoiceAnnexPdf(a: InvoiceAnnex, tpl: ResolvedTemplate, opts: Opts = {}): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Arve lisa ${a.invoice.number ?? ""}`,
    author: a.institution[0] ?? "",
    logo: tpl.logo,
    institution: a.institution,
    heading: tpl.settings.texts.heading,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, [
    [a.invoice.type === "CRE" ? "Kreeditarve" : "Arve", a.invoice.number ?? "mustand"],
    ["Kuu", monthEt(a.invoice.month)],
    ["Klient", a.client.name],
    ["Isikukood", a.client.personalCode ?? "puudub"],
  ]);
  const showUnit = tpl.shows("unit");
  const cols: Column[] = [
    { title: "Kuupäev", width: 70 },
    { title: "Teenus", width: 190 },
    { title: "Maht", width: 60, align: "right" },
    ...(showUnit ? [{ title: "Ühik", width: 60 }] : []),
    { title: "Hind", width: 70, align: "right" as const },
    { title: "Summa", width: 70, align: "right" as const },
  ];
  const rows: string[][] = [];
  const bold = new Set<number>();
  for (const l of a.lines) {
    const service = `${l.serviceCode} ${l.serviceName}`;
    for (const r of l.rows) {
      rows.push([
        dateEt(r.date),
        service,
        decimalEt(r.units),
        ...(showUnit ? [BILLING_UNIT_LABELS_ET[l.unit]] : []),
        euroEt(r.unitPriceCents),
        euroEt(r.amountCents),
      ]);
    }
    bold.add(rows.length);
    rows.push([
      "",
      `Arve rida: ${service} (otsus ${l.decisionNumber})`,
      decimalEt(l.quantity),
      ...(showUnit ? [BILLING_UNIT_LABELS_ET[l.unit]] : []),
      euroEt(l.unitPriceCents),
      euroEt(l.netCents),
    ]);
  }
  table(doc, cols, rows, { boldRows: bold });
  paragraph(doc, `Kokku käibemaksuta: ${euroEt(a.netCents)}`);
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  signatureLines(doc, tpl.settings.signatureLines);
  return finish();
}

export async function renderConfirmationPdf(
  c: Confirmation,
  tpl: ResolvedTemplate,
  attendanceTpl: ResolvedTemplate,
  opts: Opts = {},
): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Teenuste kinnitus ${c.month}`,
    author: c.institution[0] ?? "",
    logo: tpl.logo,
    institution: c.institution,
    heading: tpl.settings.texts.heading,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, [
    ["Klient", c.client.name],
    ["Isikukood", c.client.personalCode ?? "puudub"],
    ["Seaduslik esindaja", c.client.legalRepresentative || "—"],
    ["Kuu", monthEt(c.month)],
  ]);
  if (c.attendance) {
    sectionTitle(doc, attendanceTpl.settings.texts.heading);
    writeAttendance(doc, c.attendance, attendanceTpl);
  }
  sectionTitle(doc, "Osutatud teenused");
  const cols = [
    { key: "date", title: "Kuupäev", width: 60, cell: (r: Confirmation["rows"][number]) => dateEt(r.date) },
    { key: "time", title: "Aeg", width: 65, cell: (r: Confirmation["rows"][number]) => r.time ?? "" },
    { key: "service", title: "Teenus", width: 170, cell: (r: Confirmation["rows"][number]) => r.service },
    {
      key: "units",
      title: "Maht",
      width: 70,
      align: "right" as const,
      cell: (r: Confirmation["rows"][number]) => `${decimalEt(r.units)} ${BILLING_UNIT_LABELS_ET[r.unit]}`,
    },
    { key: "specialist", title: "Spetsialist", width: 110, cell: (r: Confirmation["rows"][number]) => r.specialist },
  ].filter((col) => tpl.shows(col.key));
  table(
    doc,
    cols,
    c.rows.map((r) => cols.map((col) => col.cell(r))),
  );
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  signatureLines(doc, tpl.settings.signatureLines);
  return finish();
}
