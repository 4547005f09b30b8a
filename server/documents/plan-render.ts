import type { PlanStatus } from "@/db/schema";
import { BILLING_UNIT_LABELS_ET } from "@/server/billing/einvoice";
import type { PlanSnapshot, SummarySnapshot } from "./plan-documents";
import { LIFE_AREAS, type LifeArea } from "./plans";
import { dateEt, decimalEt, facts, paragraph, sectionTitle, signatureLines, startDocument, table, type Column } from "./layout";
import type { ResolvedTemplate } from "./templates";

/**
 * The rehabilitation / action plan and the EHT summary assessment as A4 PDFs, in Estonian, laid
 * out with the institution's template of their type (logo, header and footer texts, colour,
 * optional columns, heading, closing text and signature lines). A TRT action plan keeps
 * Töötukassa's name for it, "Tegevuskava", as its title; the template's heading titles the
 * rehabilitation plans.
 */

export const LIFE_AREAS_ET: Record<LifeArea, string> = {
  learning: "Õppimine ja teadmiste rakendamine",
  communication: "Suhtlemine",
  mobility: "Liikumine",
  selfCare: "Enesehooldus",
  domesticLife: "Kodune elu",
  relationships: "Suhted teiste inimestega",
  educationWork: "Haridus ja töö",
  community: "Kogukonna- ja ühiskonnaelu",
};

export const PLAN_STATUS_ET: Record<PlanStatus, string> = {
  draft: "mustand",
  sent_to_client: "saadetud kliendile",
  client_approved: "klient kinnitas",
  sent_to_funder: "saadetud Töötukassale",
  approved: "kinnitatud",
};

type Opts = { createdAt?: Date };
type PlanService = PlanSnapshot["plan"]["services"][number];

const SERVICE_COLUMNS: (Column & { key: string; cell: (s: PlanService) => string })[] = [
  { key: "service", title: "Teenus", width: 170, cell: (s) => `${s.code} ${s.name}` },
  { key: "units", title: "Maht", width: 80, align: "right", cell: (s) => `${decimalEt(s.units)} ${BILLING_UNIT_LABELS_ET[s.unit]}` },
  { key: "frequency", title: "Sagedus", width: 100, cell: (s) => s.frequency },
  { key: "specialists", title: "Spetsialistid", width: 130, cell: (s) => s.specialists },
];

const clientFacts = (c: PlanSnapshot["client"]): [string, string][] => [
  ["Klient", c.name],
  ["Isikukood", c.personalCode ?? "puudub"],
  ["Seaduslik esindaja", c.legalRepresentative || "—"],
];

export async function renderPlanPdf(s: PlanSnapshot, tpl: ResolvedTemplate, opts: Opts = {}): Promise<Buffer> {
  const { plan } = s;
  const title = plan.fundingKind === "TRT" ? "Tegevuskava" : tpl.settings.texts.heading;
  const { doc, finish } = startDocument({
    title: `${title} ${plan.decisionNumber}`,
    author: s.institution[0] ?? "",
    logo: tpl.logo,
    institution: s.institution,
    heading: title,
    subheading: `Olek: ${PLAN_STATUS_ET[plan.status]}`,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, [
    ...clientFacts(s.client),
    ["Otsus", `${plan.fundingKind} ${plan.decisionNumber}`],
    ["Esimene kohtumine", dateEt(plan.firstMeetingDate)],
    ["Hindamise kuupäev", dateEt(plan.assessmentDate)],
    ["Kehtivus", `${dateEt(plan.validFrom)}–${dateEt(plan.validTo)}`],
  ]);
  sectionTitle(doc, "Hindamismeeskond");
  table(
    doc,
    [
      { title: "Nimi", width: 260 },
      { title: "Eriala", width: 220 },
    ],
    plan.team.map((m) => [m.name, m.specialty]),
  );
  sectionTitle(doc, "Toimetulek eluvaldkonniti");
  facts(
    doc,
    LIFE_AREAS.map((a) => [LIFE_AREAS_ET[a], plan.functioning[a] ?? ""]),
  );
  sectionTitle(doc, "Probleemid");
  paragraph(doc, plan.problems || "—");
  sectionTitle(doc, "Kliendiga kokku lepitud eesmärgid");
  paragraph(doc, plan.goals.map((g, i) => `${i + 1}. ${g}`).join("\n"));
  sectionTitle(doc, "Kavandatud teenused");
  if (plan.services.length === 0) paragraph(doc, "Teenuseid ei ole kavandatud.");
  else {
    const cols = SERVICE_COLUMNS.filter((c) => tpl.shows(c.key));
    table(
      doc,
      cols,
      plan.services.map((x) => cols.map((c) => c.cell(x))),
    );
  }
  sectionTitle(doc, "Abivahendid");
  paragraph(doc, plan.assistiveDevices || "—");
  sectionTitle(doc, "Soovitused");
  paragraph(doc, plan.recommendations || "—");
  sectionTitle(doc, "Võrgustik");
  paragraph(doc, plan.network || "—");
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  // The assessing team signs the plan it wrote; the template adds the other lines (the client's).
  signatureLines(doc, [...plan.team.map((m) => `${m.name} (${m.specialty})`), ...tpl.settings.signatureLines]);
  return finish();
}

export async function renderSummaryPdf(s: SummarySnapshot, tpl: ResolvedTemplate, opts: Opts = {}): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Kokkuvõttev hinnang ${s.decision.number}`,
    author: s.institution[0] ?? "",
    logo: tpl.logo,
    institution: s.institution,
    heading: tpl.settings.texts.heading,
    style: tpl.style,
    createdAt: opts.createdAt,
  });
  facts(doc, [
    ...clientFacts(s.client),
    ["Suunamisotsus", s.decision.number],
    ["Otsuse kehtivus", `${dateEt(s.decision.start)}–${dateEt(s.decision.end)}`],
    ["Lisatud arvele", s.summary.invoiceNumber ? `nr ${s.summary.invoiceNumber}` : "—"],
  ]);
  sectionTitle(doc, "Eesmärgid ja nende täitmine");
  const withReason = tpl.shows("reason");
  table(
    doc,
    [
      { title: "Eesmärk", width: withReason ? 200 : 410 },
      { title: "Täidetud", width: 70 },
      ...(withReason ? [{ title: "Põhjendus", width: 210 }] : []),
    ],
    s.summary.goals.map((g) => [g.goal, g.met ? "jah" : "ei", ...(withReason ? [g.reason] : [])]),
  );
  sectionTitle(doc, "Tegevused");
  paragraph(doc, s.summary.activities);
  sectionTitle(doc, "Toetusvajadus teenuse lõpus");
  paragraph(doc, s.summary.supportNeed);
  if (tpl.settings.texts.closing) paragraph(doc, tpl.settings.texts.closing);
  signatureLines(doc, tpl.settings.signatureLines);
  return finish();
}
