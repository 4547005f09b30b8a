import type { AttendanceSheet } from "./attendance";
import { dateEt, decimalEt, facts, monthEt, paragraph, signatureLines, startDocument, table, type Logo } from "./layout";

/** Blank rows of an empty sheet, to be filled in by hand. */
const BLANK_ROWS = 15;

/** The attendance sheet as an A4 PDF for the client to sign, one signature cell per row. */
export async function renderAttendancePdf(s: AttendanceSheet, logo: Logo | null): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Osavõtuleht ${s.month}`,
    author: s.institution[0] ?? "",
    logo,
    institution: s.institution,
    heading: "Osavõtuleht",
  });
  facts(doc, [
    ["Klient", s.client.name],
    ["Isikukood", s.client.personalCode ?? "puudub"],
    ["Rahastaja", s.funders.join(", ") || "—"],
    ["Kuu", monthEt(s.month)],
  ]);
  const rows = s.rows.length
    ? s.rows.map((r) => [dateEt(r.date), r.service, `${r.from}–${r.to}`, decimalEt(r.academicHours), r.specialists, ""])
    : Array.from({ length: BLANK_ROWS }, () => ["", "", "", "", "", ""]);
  if (!s.rows.length) paragraph(doc, "Kuus ei ole süsteemis osutatud teenuseid; leht on täitmiseks käsitsi.");
  table(
    doc,
    [
      { title: "Kuupäev", width: 60 },
      { title: "Teenus", width: 150 },
      { title: "Kellaaeg", width: 70 },
      { title: "Akad. tunde", width: 50, align: "right" },
      { title: "Spetsialist", width: 100 },
      { title: "Kliendi allkiri", width: 85 },
    ],
    rows.map((r) => r.map((c) => c || "\n")),
  );
  if (s.rows.length) {
    const total = s.rows.reduce((sum, r) => sum + Math.round(Number(r.academicHours) * 100), 0);
    paragraph(doc, `Kokku ${s.rows.length} päeva, ${decimalEt(total / 100)} akadeemilist tundi.`);
  }
  signatureLines(doc, ["Klient", "Teenuse osutaja esindaja"]);
  return finish();
}
