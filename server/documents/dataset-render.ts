import ExcelJS from "exceljs";
import { BILLING_UNIT_LABELS_ET } from "@/server/billing/einvoice";
import type { Dataset } from "./dataset";
import { dateEt, decimalEt, euroEt, facts, paragraph, sectionTitle, signatureLines, startDocument, table, type Column } from "./layout";
import type { ResolvedTemplate } from "./templates";

/** The client dataset as an A4 PDF and as an XLSX workbook, both in Estonian, with the same columns. */

/** Each column with its key: a template may hide the optional ones (server/documents/templates.ts). */
const COLUMNS: (Column & { key: string; cell: (r: Dataset["rows"][number]) => string })[] = [
  { key: "date", title: "Kuupäev", width: 52, cell: (r) => dateEt(r.date) },
  { key: "time", title: "Aeg", width: 64, cell: (r) => r.time ?? "" },
  { key: "service", title: "Teenus", width: 100, cell: (r) => `${r.serviceCode} ${r.serviceName}` },
  { key: "kind", title: "Liik", width: 62, cell: (r) => kind(r.group) },
  { key: "units", title: "Maht", width: 58, align: "right", cell: (r) => amount(r.units, r.unit) },
  { key: "specialist", title: "Spetsialist, eriala", width: 88, cell: (r) => [r.specialist, r.specialty].filter(Boolean).join(", ") },
  { key: "description", title: "Mida tehti", width: 138, cell: (r) => r.description },
];
const columnsOf = (tpl: ResolvedTemplate) => COLUMNS.filter((c) => tpl.shows(c.key));

const kind = (group: boolean) => (group ? "grupp" : "individuaalne");
const amount = (units: string, unit: Dataset["rows"][number]["unit"]) => `${decimalEt(units)} ${BILLING_UNIT_LABELS_ET[unit]}`;

function headerFacts(d: Dataset): [string, string][] {
  const caps = [
    d.caps.periodCents !== null && `perioodi piirmäär ${euroEt(d.caps.periodCents)}`,
    d.caps.yearlyCents !== null && `aasta piirmäär ${euroEt(d.caps.yearlyCents)}`,
    d.caps.monthlyCents !== null && `kuu piirmäär ${euroEt(d.caps.monthlyCents)}`,
    ...d.serviceLimits.map((l) => `${l.code} ${l.name}: ${amount(l.maxUnits, l.unit)}`),
  ].filter((x): x is string => Boolean(x));
  return [
    ["Klient", d.client.name],
    ["Isikukood", d.client.personalCode ?? "puudub"],
    ["Seaduslik esindaja", d.client.legalRepresentative || "—"],
    ["Rahastaja", d.funder],
    ["Otsuse number", d.decisionNumber],
    ["Otsuse kehtivus", `${dateEt(d.decisionPeriod.start)}–${dateEt(d.decisionPeriod.end)}`],
    ["Periood", `${dateEt(d.period.from)}–${dateEt(d.period.to)}`],
    ["Piirmäärad", caps.length ? caps.join("; ") : "—"],
  ];
}

export async function renderDatasetPdf(d: Dataset, tpl: ResolvedTemplate, opts: { createdAt?: Date } = {}): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Andmestik ${d.decisionNumber}`,
    author: d.institution[0] ?? "",
    logo: tpl.logo,
    institution: d.institution,
    heading: tpl.settings.texts.heading,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, headerFacts(d));
  sectionTitle(doc, "Osutatud teenused");
  if (d.rows.length === 0) paragraph(doc, "Perioodil ei ole teenuse sissekandeid.");
  else {
    const cols = columnsOf(tpl);
    table(
      doc,
      cols,
      d.rows.map((r) => cols.map((c) => c.cell(r))),
    );
  }
  sectionTitle(doc, "Kokku teenuste kaupa");
  table(
    doc,
    [
      { title: "Teenus", width: 300 },
      { title: "Kordi", width: 60, align: "right" },
      { title: "Maht kokku", width: 120, align: "right" },
    ],
    d.totals.length ? d.totals.map((t) => [`${t.code} ${t.name}`, String(t.count), amount(t.units, t.unit)]) : [["—", "0", "0"]],
  );
  sectionTitle(doc, "Tulemuslikkuse (mõju) hinnang");
  paragraph(doc, d.assessment.impactAssessment || "\n\n\n");
  if (d.assessment.signedAt && d.assessment.signedFrom && d.assessment.signedTo) {
    paragraph(
      doc,
      `Andmestiku perioodi ${dateEt(d.assessment.signedFrom)}–${dateEt(d.assessment.signedTo)} allkirjastas ${d.assessment.signedBy ?? "—"} ${dateEt(d.assessment.signedAt)}.`,
    );
  }
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  signatureLines(doc, tpl.settings.signatureLines);
  return finish();
}

export async function renderDatasetXlsx(d: Dataset, tpl: ResolvedTemplate): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = d.institution[0] ?? "";
  const sheet = book.addWorksheet("Andmestik", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([d.institution[0] ?? ""]).font = { bold: true };
  sheet.addRow([tpl.settings.texts.heading]).font = { bold: true, size: 14 };
  for (const [label, value] of headerFacts(d)) sheet.addRow([label, value]);
  sheet.addRow([]);
  const cols = columnsOf(tpl);
  const head = sheet.addRow(cols.map((c) => c.title));
  head.font = { bold: true };
  // The header row repeats on every printed page.
  sheet.pageSetup.printTitlesRow = `${head.number}:${head.number}`;
  // Amounts stay numbers in the workbook; everything else as printed.
  for (const r of d.rows) sheet.addRow(cols.map((c) => (c.key === "units" ? Number(r.units) : c.cell(r))));
  sheet.addRow([]);
  sheet.addRow(["Kokku teenuste kaupa"]).font = { bold: true };
  for (const t of d.totals)
    sheet.addRow(["", "", `${t.code} ${t.name}`, `${t.count} korda`, Number(t.units), BILLING_UNIT_LABELS_ET[t.unit]]);
  sheet.addRow([]);
  sheet.addRow(["Tulemuslikkuse (mõju) hinnang"]).font = { bold: true };
  sheet.addRow([d.assessment.impactAssessment]);
  if (d.assessment.signedAt) sheet.addRow([`Allkirjastas ${d.assessment.signedBy ?? "—"} ${dateEt(new Date(d.assessment.signedAt))}`]);
  if (tpl.settings.texts.closing) sheet.addRow([tpl.settings.texts.closing]);
  for (const line of tpl.settings.signatureLines) sheet.addRow([`${line}: nimi, allkiri, kuupäev`]);
  cols.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.round(c.width / 4)));
  return Buffer.from(await book.xlsx.writeBuffer());
}
