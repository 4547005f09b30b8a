import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { fundingDecisions, type BillingUnit, type PlanStatus, type SummaryGoal } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { notFound } from "@/server/errors";
import { institutionLines } from "./institution";
import { loadPlan, requirePlanReader } from "./plans";
import { readSummary } from "./summary";

/**
 * The data the plan's and the summary's PDFs show, as the document register keeps it (register.ts):
 * only what is printed, so a signed or sent plan is laid out again from its snapshot exactly as it
 * was, whatever happens to the plan, the decision or the client afterwards.
 */

export const planDocumentInput = z.object({
  type: z.literal("rehab_plan"),
  format: z.literal("pdf"),
  clientId: z.uuid(),
  planId: z.uuid(),
});
export const summaryDocumentInput = z.object({
  type: z.literal("summary_assessment"),
  format: z.literal("pdf"),
  clientId: z.uuid(),
  decisionId: z.uuid(),
});

type ClientHeader = { name: string; personalCode: string | null; legalRepresentative: string };

export type PlanSnapshot = {
  institution: string[];
  client: ClientHeader;
  plan: {
    status: PlanStatus;
    fundingKind: string;
    decisionNumber: string;
    firstMeetingDate: string;
    assessmentDate: string;
    validFrom: string;
    validTo: string;
    team: { name: string; specialty: string }[];
    functioning: Record<string, string>;
    problems: string;
    goals: string[];
    services: { code: string; name: string; unit: BillingUnit; units: number; frequency: string; specialists: string }[];
    assistiveDevices: string;
    recommendations: string;
    network: string;
  };
};

export type SummarySnapshot = {
  institution: string[];
  client: ClientHeader;
  decision: { number: string; start: string; end: string };
  summary: { goals: SummaryGoal[]; activities: string; supportNeed: string; invoiceNumber: string | null };
};

const clientHeader = (c: { firstName: string; lastName: string; personalCode: string | null; legalRepresentative: string }) => ({
  name: `${c.firstName} ${c.lastName}`,
  personalCode: c.personalCode,
  legalRepresentative: c.legalRepresentative,
});

export async function loadPlanSnapshot(ctx: DomainContext, input: z.infer<typeof planDocumentInput>): Promise<PlanSnapshot> {
  const { client } = await requirePlanReader(ctx, input.clientId);
  const plan = await loadPlan(ctx.db, input.planId);
  // A plan of another client is answered as a missing one.
  if (plan.clientId !== input.clientId) throw notFound("plan");
  return {
    institution: await institutionLines(ctx.db),
    client: clientHeader(client),
    plan: {
      status: plan.status,
      fundingKind: plan.decision.fundingKind,
      decisionNumber: plan.decision.decisionNumber,
      firstMeetingDate: plan.firstMeetingDate,
      assessmentDate: plan.assessmentDate,
      validFrom: plan.validFrom,
      validTo: plan.validTo,
      team: plan.team.map((m) => ({ name: m.name, specialty: m.specialty })),
      functioning: plan.functioning,
      problems: plan.problems,
      goals: plan.goals,
      services: plan.services.map((s) => ({
        code: s.code,
        name: s.name,
        unit: s.unit,
        units: s.units,
        frequency: s.frequency,
        specialists: s.specialists,
      })),
      assistiveDevices: plan.assistiveDevices,
      recommendations: plan.recommendations,
      network: plan.network,
    },
  };
}

export async function loadSummarySnapshot(ctx: DomainContext, input: z.infer<typeof summaryDocumentInput>): Promise<SummarySnapshot> {
  const { client } = await requirePlanReader(ctx, input.clientId);
  const [d] = await ctx.db
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!d) throw notFound("decision");
  const summary = await readSummary(ctx.db, d.id);
  if (!summary) throw notFound("summary");
  return {
    institution: await institutionLines(ctx.db),
    client: clientHeader(client),
    decision: { number: d.decisionNumber, start: d.startDate, end: d.endDate },
    summary: {
      goals: summary.goals,
      activities: summary.activities,
      supportNeed: summary.supportNeed,
      invoiceNumber: summary.invoiceNumber,
    },
  };
}

/** Sent or signed: a plan that has left draft (sent to the client, approved) and a summary attached to a numbered invoice. */
export const planSnapshotFrozen = (s: PlanSnapshot) => s.plan.status !== "draft";
export const summarySnapshotFrozen = (s: SummarySnapshot) => s.summary.invoiceNumber !== null;

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");
export const planFileName = (s: PlanSnapshot) =>
  `${s.plan.fundingKind === "TRT" ? "tegevuskava" : "rehabilitatsiooniplaan"}_${safe(s.plan.decisionNumber)}_${s.plan.assessmentDate}.pdf`;
export const summaryFileName = (s: SummarySnapshot) => `kokkuvottev_hinnang_${safe(s.decision.number)}.pdf`;
