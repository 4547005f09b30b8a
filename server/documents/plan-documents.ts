import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { fundingDecisions } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import { notFound } from "@/server/errors";
import { institutionLines, institutionLogo } from "./institution";
import { renderPlanPdf, renderSummaryPdf } from "./plan-render";
import { loadPlan, requirePlanReader } from "./plans";
import { readSummary } from "./summary";

/**
 * The plan's and the summary's PDFs as the document register makes them (register.ts): the bytes,
 * a hash of the data shown, the file name and the parameters to make them again.
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

const sha256 = (data: unknown) => createHash("sha256").update(JSON.stringify(data)).digest("hex");
const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");
const clientHeader = (c: { firstName: string; lastName: string; personalCode: string | null }) => ({
  name: `${c.firstName} ${c.lastName}`,
  personalCode: c.personalCode,
});

export async function buildPlanDocument(ctx: DomainContext, input: z.infer<typeof planDocumentInput>) {
  const { client } = await requirePlanReader(ctx, input.clientId);
  const plan = await loadPlan(ctx.db, input.planId);
  // A plan of another client is answered as a missing one.
  if (plan.clientId !== input.clientId) throw notFound("plan");
  const institution = await institutionLines(ctx.db);
  const bytes = await renderPlanPdf(plan, { institution, client: clientHeader(client) }, await institutionLogo(ctx.db));
  const name = plan.decision.fundingKind === "TRT" ? "tegevuskava" : "rehabilitatsiooniplaan";
  return {
    bytes,
    hash: sha256({ plan, institution }),
    fileName: `${name}_${safe(plan.decision.decisionNumber)}_${plan.assessmentDate}.pdf`,
    params: { planId: plan.id, status: plan.status },
  };
}

export async function buildSummaryDocument(ctx: DomainContext, input: z.infer<typeof summaryDocumentInput>) {
  const { client } = await requirePlanReader(ctx, input.clientId);
  const [d] = await ctx.db
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!d) throw notFound("decision");
  const summary = await readSummary(ctx.db, d.id);
  if (!summary) throw notFound("summary");
  const institution = await institutionLines(ctx.db);
  const bytes = await renderSummaryPdf(
    summary,
    { institution, client: clientHeader(client), decision: { number: d.decisionNumber, start: d.startDate, end: d.endDate } },
    await institutionLogo(ctx.db),
  );
  const params: Record<string, string> = { decisionId: d.id, ...(summary.invoiceNumber ? { invoiceNumber: summary.invoiceNumber } : {}) };
  return { bytes, hash: sha256({ summary, institution }), fileName: `kokkuvottev_hinnang_${safe(d.decisionNumber)}.pdf`, params };
}
