import type { DocumentType } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { renderConfirmationPdf, renderInvoiceAnnexPdf } from "./annex-render";
import type { AttendanceSheet } from "./attendance";
import { renderAttendancePdf } from "./attendance-render";
import type { Confirmation } from "./confirmation";
import type { Dataset } from "./dataset";
import { renderDatasetPdf } from "./dataset-render";
import { institutionLines } from "./institution";
import type { InvoiceAnnex } from "./invoice-annex";
import type { PlanSnapshot, SummarySnapshot } from "./plan-documents";
import { renderPlanPdf, renderSummaryPdf } from "./plan-render";
import { currentTemplate, draftTemplate, type ResolvedTemplate, type SaveTemplateInput } from "./templates";
import { decimalText } from "@/lib/format";

/**
 * The live preview of a template being edited (Haldus → Dokumendipõhjad): the document laid out
 * with the unsaved settings and made-up data of an invented client, never anyone's real data.
 */

const client = { name: "Näidis Klient", personalCode: "39001010008", legalRepresentative: "Mari Näidis, tel 5555 0000" };
const rows = [
  { date: "2026-11-03", time: "10:00–11:00", code: "SRT01", name: "Psühholoogi teenus", group: false, units: "1.00" },
  { date: "2026-11-10", time: "10:00–11:30", code: "SRT07", name: "Grupiteenus", group: true, units: "1.50" },
];

export async function previewTemplate(ctx: DomainContext, input: SaveTemplateInput): Promise<{ mime: string; base64: string }> {
  const tpl = await draftTemplate(ctx, input);
  const bytes = await renderSample(input.type, tpl, await currentTemplate(ctx.db, "attendance"), await institutionLines(ctx.db));
  return { mime: "application/pdf", base64: bytes.toString("base64") };
}

/** A type's document with the invented data, laid out with `tpl`; also what the golden-file tests lay out. */
export async function renderSample(
  type: DocumentType,
  tpl: ResolvedTemplate,
  attendanceTpl: ResolvedTemplate,
  institution: string[],
): Promise<Buffer> {
  const at = { createdAt: new Date(0) };
  const attendance: AttendanceSheet = {
    institution,
    client,
    month: "2026-11",
    funders: ["Töötukassa"],
    rows: rows.map((r) => ({
      date: r.date,
      service: `${r.code} ${r.name}`,
      from: r.time.slice(0, 5),
      to: r.time.slice(6),
      academicHours: decimalText(Number(r.units) * 1.33),
      specialists: "Jaan Näidis",
    })),
  };
  let bytes: Buffer;
  if (type === "dataset") {
    const dataset: Dataset = {
      institution,
      client,
      funder: "Sotsiaalkindlustusamet",
      decisionNumber: "NÄIDIS-1",
      decisionPeriod: { start: "2026-01-01", end: "2026-12-31" },
      period: { from: "2026-11-01", to: "2026-11-30" },
      caps: { periodCents: null, yearlyCents: 250000, monthlyCents: null },
      serviceLimits: [],
      rows: rows.map((r) => ({
        date: r.date,
        time: r.time,
        serviceCode: r.code,
        serviceName: r.name,
        group: r.group,
        units: r.units,
        unit: "hour",
        specialist: "Jaan Näidis",
        specialty: "psühholoog",
        description: "Näidiskirjeldus",
      })),
      totals: rows.map((r) => ({ code: r.code, name: r.name, unit: "hour", units: r.units, count: 1 })),
      assessment: { impactAssessment: "Näidishinnang.", signedBy: null, signedAt: null, signedFrom: null, signedTo: null },
    };
    bytes = await renderDatasetPdf(dataset, tpl, at);
  } else if (type === "attendance") {
    bytes = await renderAttendancePdf(attendance, tpl, at);
  } else if (type === "invoice_annex") {
    const annex: InvoiceAnnex = {
      institution,
      client,
      invoice: { number: "ARV00000", month: "2026-11", type: "DEB" },
      lines: rows.map((r) => ({
        decisionNumber: "NÄIDIS-1",
        serviceCode: r.code,
        serviceName: r.name,
        unit: "hour",
        unitPriceCents: 4000,
        quantity: r.units,
        netCents: Math.round(Number(r.units) * 4000),
        rows: [{ date: r.date, units: r.units, unitPriceCents: 4000, amountCents: Math.round(Number(r.units) * 4000) }],
      })),
      netCents: 10000,
    };
    bytes = await renderInvoiceAnnexPdf(annex, tpl, at);
  } else if (type === "rehab_plan") {
    const plan: PlanSnapshot = {
      institution,
      client,
      plan: {
        status: "draft",
        fundingKind: "SRT",
        decisionNumber: "NÄIDIS-1",
        firstMeetingDate: "2026-10-20",
        assessmentDate: "2026-11-03",
        validFrom: "2026-11-03",
        validTo: "2027-11-02",
        team: [
          { name: "Jaan Näidis", specialty: "psühholoog" },
          { name: "Mari Näidis", specialty: "sotsiaaltöötaja" },
          { name: "Karl Näidis", specialty: "füsioterapeut" },
        ],
        functioning: { mobility: "Liigub abivahendiga.", selfCare: "Vajab osalist abi." },
        problems: "Näidisprobleem.",
        goals: ["Näidiseesmärk üks.", "Näidiseesmärk kaks."],
        services: rows.map((r) => ({
          code: r.code,
          name: r.name,
          unit: "hour" as const,
          units: 10,
          frequency: "kord nädalas",
          specialists: "Jaan Näidis",
        })),
        assistiveDevices: "Rulaator.",
        recommendations: "Näidissoovitus.",
        network: "Pere, perearst.",
      },
    };
    bytes = await renderPlanPdf(plan, tpl, at);
  } else if (type === "summary_assessment") {
    const summary: SummarySnapshot = {
      institution,
      client,
      decision: { number: "NÄIDIS-2", start: "2024-01-01", end: "2026-12-31" },
      summary: {
        goals: [
          { goal: "Näidiseesmärk üks.", met: true, reason: "Saavutatud." },
          { goal: "Näidiseesmärk kaks.", met: false, reason: "Vajab veel tuge." },
        ],
        activities: "Näidistegevused.",
        supportNeed: "Näidistoetusvajadus.",
        invoiceNumber: "ARV00000",
      },
    };
    bytes = await renderSummaryPdf(summary, tpl, at);
  } else {
    const confirmation: Confirmation = {
      institution,
      client,
      month: "2026-11",
      rows: rows.map((r) => ({
        date: r.date,
        time: r.time,
        service: `${r.code} ${r.name}`,
        funder: "Sotsiaalkindlustusamet",
        units: r.units,
        unit: "hour",
        specialist: "Jaan Näidis",
      })),
      attendance: null,
    };
    bytes = await renderConfirmationPdf(confirmation, tpl, attendanceTpl, at);
  }
  return bytes;
}
