import type { AttendanceSheet } from "./attendance";
import { dateEt, decimalEt, facts, monthEt, paragraph, signatureLines, startDocument, table, type Column } from "./layout";
import type { ResolvedTemplate } from "./templates";

export { monthEt };

/** Blank rows of an empty sheet, to be filled in by hand. */
const BLANK_ROWS = 15;

const COLUMNS: (Column & { key: string; cell: (r: AttendanceSheet["rows"][number]) => string })[] = [
  { key: "date", title: "Kuupäev", width: 60, cell: (r) => dateEt(r.date) },
  { key: "service", title: "Teenus", width: 150, cell: (r) => r.service },
  { key: "time", title: "Kellaaeg", width: 70, cell: (r) => `${r.from}–${r.to}` },
  { key: "hours", title: "Akad. tunde", width: 50, align: "right", cell: (r) => decimalEt(r.academicHours) },
  { key: "specialists", title: "Spetsialist", width: 100, cell: (r) => r.specialists },
  { key: "signature", title: "Kliendi allkiri", width: 85, cell: () => "" },
];

/** The sheet's table and total, on a document already started (also inside the client's confirmation). */
export function writeAttendance(doc: PDFKit.PDFDocument, s: AttendanceSheet, tpl: ResolvedTemplate): void {
  const cols = COLUMNS.filter((c) => tpl.shows(c.key));
  const rows = s.rows.length ? s.rows.map((r) => cols.map((c) => c.cell(r))) : Array.from({ length: BLANK_ROWS }, () => cols.map(() => ""));
  if (!s.rows.length) paragraph(doc, "Kuus ei ole süsteemis osutatud teenuseid; leht on täitmiseks käsitsi.");
  table(
    doc,
    cols,
    rows.map((r) => r.map((c) => c || "\n")),
  );
  if (s.rows.length) {
    const total = s.rows.reduce((sum, r) => sum + Math.round(Number(r.academicHours) * 100), 0);
    paragraph(doc, `Kokku ${s.rows.length} päeva, ${decimalEt(total / 100)} akadeemilist tundi.`);
  }
}

/** The attendance sheet as an A4 PDF for the client to sign, one signature cell per row unless the template leaves it out. */
export async function renderAttendancePdf(s: AttendanceSheet, tpl: ResolvedTemplate, opts: { createdAt?: Date } = {}): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Osavõtuleht ${s.month}`,
    author: s.institution[0] ?? "",
    logo: tpl.logo,
    institution: s.institution,
    heading: tpl.settings.texts.heading,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, [
    ["Klient", s.client.name],
    ["Isikukood", s.client.personalCode ?? "puudub"],
    ["Rahastaja", s.funders.join(", ") || "—"],
    ["Kuu", monthEt(s.month)],
  ]);
  writeAttendance(doc, s, tpl);
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  signatureLines(doc, tpl.settings.signatureLines);
  return finish();
}
