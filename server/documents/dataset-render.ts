import ExcelJS from "exceljs";
import { BILLING_UNIT_LABELS_ET } from "@/server/billing/einvoice";
import type { Dataset } from "./dataset";
import {
  dateEt,
  decimalEt,
  euroEt,
  facts,
  paragraph,
  sectionTitle,
  signatureLines,
  startDocument,
  table,
  type Column,
  type Logo,
} from "./layout";

/** The client dataset as an A4 PDF and as an XLSX workbook, both in Estonian, with the same columns. */

const COLUMNS: Column[] = [
  { title: "Kuupäev", width: 52 },
  { title: "Aeg", width: 64 },
  { title: "Teenus", width: 100 },
  { title: "Liik", width: 62 },
  { title: "Maht", width: 58, align: "right" },
  { title: "Spetsialist, eriala", width: 88 },
  { title: "Mida tehti", width: 138 },
];

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
    ["Rahastaja", d.funder],
    ["Otsuse number", d.decisionNumber],
    ["Otsuse kehtivus", `${dateEt(d.decisionPeriod.start)}–${dateEt(d.decisionPeriod.end)}`],
    ["Periood", `${dateEt(d.period.from)}–${dateEt(d.period.to)}`],
    ["Piirmäärad", caps.length ? caps.join("; ") : "—"],
  ];
}

export async function renderDatasetPdf(d: Dataset, logo: Logo | null): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Andmestik ${d.decisionNumber}`,
    author: d.institution[0] ?? "",
    logo,
    institution: d.institution,
    heading: "Kliendi andmestik (kliendipäevik)",
  });
  facts(doc, headerFacts(d));
  sectionTitle(doc, "Osutatud teenused");
  if (d.rows.length === 0) paragraph(doc, "Perioodil ei ole teenuse sissekandeid.");
  else {
    table(
      doc,
      COLUMNS,
      d.rows.map((r) => [
        dateEt(r.date),
        r.time ?? "",
        `${r.serviceCode} ${r.serviceName}`,
        kind(r.group),
        amount(r.units, r.unit),
        [r.specialist, r.specialty].filter(Boolean).join(", "),
        r.description,
      ]),
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
  signatureLines(doc, ["Teenuse osutaja esindaja (juhtumikorraldaja)", "Klient või seaduslik esindaja"]);
  return finish();
}

export async function renderDatasetXlsx(d: Dataset): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = d.institution[0] ?? "";
  const sheet = book.addWorksheet("Andmestik", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([d.institution[0] ?? ""]).font = { bold: true };
  sheet.addRow(["Kliendi andmestik (kliendipäevik)"]).font = { bold: true, size: 14 };
  for (const [label, value] of headerFacts(d)) sheet.addRow([label, value]);
  sheet.addRow([]);
  const head = sheet.addRow(COLUMNS.map((c) => c.title));
  head.font = { bold: true };
  // The header row repeats on every printed page.
  sheet.pageSetup.printTitlesRow = `${head.number}:${head.number}`;
  for (const r of d.rows) {
    sheet.addRow([
      dateEt(r.date),
      r.time ?? "",
      `${r.serviceCode} ${r.serviceName}`,
      kind(r.group),
      Number(r.units),
      [r.specialist, r.specialty].filter(Boolean).join(", "),
      r.description,
    ]);
  }
  sheet.addRow([]);
  sheet.addRow(["Kokku teenuste kaupa"]).font = { bold: true };
  for (const t of d.totals)
    sheet.addRow(["", "", `${t.code} ${t.name}`, `${t.count} korda`, Number(t.units), BILLING_UNIT_LABELS_ET[t.unit]]);
  sheet.addRow([]);
  sheet.addRow(["Tulemuslikkuse (mõju) hinnang"]).font = { bold: true };
  sheet.addRow([d.assessment.impactAssessment]);
  if (d.assessment.signedAt) sheet.addRow([`Allkirjastas ${d.assessment.signedBy ?? "—"} ${dateEt(d.assessment.signedAt)}`]);
  sheet.addRow(["Teenuse osutaja esindaja: nimi, allkiri, kuupäev"]);
  sheet.addRow(["Klient või seaduslik esindaja: nimi, allkiri, kuupäev"]);
  [12, 12, 40, 14, 10, 30, 60].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await book.xlsx.writeBuffer());
}
