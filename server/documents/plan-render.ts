import { BILLING_UNIT_LABELS_ET } from "@/server/billing/einvoice";
import { LIFE_AREAS, type LifeArea, type LoadedPlan } from "./plans";
import type { Summary } from "./summary";
import { dateEt, decimalEt, facts, paragraph, sectionTitle, signatureLines, startDocument, table, type Logo } from "./layout";

/** The rehabilitation / action plan and the EHT summary assessment as A4 PDFs, in Estonian. */

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

export const PLAN_STATUS_ET: Record<LoadedPlan["status"], string> = {
  draft: "mustand",
  sent_to_client: "saadetud kliendile",
  client_approved: "klient kinnitas",
  sent_to_funder: "saadetud Töötukassale",
  approved: "kinnitatud",
};

type Header = { institution: string[]; client: { name: string; personalCode: string | null } };

export async function renderPlanPdf(plan: LoadedPlan, h: Header, logo: Logo | null): Promise<Buffer> {
  const title = plan.decision.fundingKind === "TRT" ? "Tegevuskava" : "Rehabilitatsiooniplaan";
  const { doc, finish } = startDocument({
    title: `${title} ${plan.decision.decisionNumber}`,
    author: h.institution[0] ?? "",
    logo,
    institution: h.institution,
    heading: title,
    subheading: `Olek: ${PLAN_STATUS_ET[plan.status]}`,
  });
  facts(doc, [
    ["Klient", h.client.name],
    ["Isikukood", h.client.personalCode ?? "puudub"],
    ["Otsus", `${plan.decision.fundingKind} ${plan.decision.decisionNumber}`],
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
  else
    table(
      doc,
      [
        { title: "Teenus", width: 170 },
        { title: "Maht", width: 80, align: "right" },
        { title: "Sagedus", width: 100 },
        { title: "Spetsialistid", width: 130 },
      ],
      plan.services.map((s) => [
        `${s.code} ${s.name}`,
        `${decimalEt(s.units)} ${BILLING_UNIT_LABELS_ET[s.unit]}`,
        s.frequency,
        s.specialists,
      ]),
    );
  sectionTitle(doc, "Abivahendid");
  paragraph(doc, plan.assistiveDevices || "—");
  sectionTitle(doc, "Soovitused");
  paragraph(doc, plan.recommendations || "—");
  sectionTitle(doc, "Võrgustik");
  paragraph(doc, plan.network || "—");
  signatureLines(doc, [...plan.team.map((m) => `${m.name} (${m.specialty})`), "Klient või seaduslik esindaja"]);
  return finish();
}

export async function renderSummaryPdf(
  s: Summary,
  h: Header & { decision: { number: string; start: string; end: string } },
  logo: Logo | null,
): Promise<Buffer> {
  const { doc, finish } = startDocument({
    title: `Kokkuvõttev hinnang ${h.decision.number}`,
    author: h.institution[0] ?? "",
    logo,
    institution: h.institution,
    heading: "Erihoolekandeteenuse kokkuvõttev hinnang",
  });
  facts(doc, [
    ["Klient", h.client.name],
    ["Isikukood", h.client.personalCode ?? "puudub"],
    ["Suunamisotsus", h.decision.number],
    ["Otsuse kehtivus", `${dateEt(h.decision.start)}–${dateEt(h.decision.end)}`],
    ["Lisatud arvele", s.invoiceNumber ? `nr ${s.invoiceNumber}` : "—"],
  ]);
  sectionTitle(doc, "Eesmärgid ja nende täitmine");
  table(
    doc,
    [
      { title: "Eesmärk", width: 200 },
      { title: "Täidetud", width: 70 },
      { title: "Põhjendus", width: 210 },
    ],
    s.goals.map((g) => [g.goal, g.met ? "jah" : "ei", g.reason]),
  );
  sectionTitle(doc, "Tegevused");
  paragraph(doc, s.activities);
  sectionTitle(doc, "Toetusvajadus teenuse lõpus");
  paragraph(doc, s.supportNeed);
  signatureLines(doc, ["Teenuse osutaja esindaja (juhtumikorraldaja)"]);
  return finish();
}
