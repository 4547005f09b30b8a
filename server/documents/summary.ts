import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { clients, employees, fundingDecisions, invoiceLines, invoices, serviceReports, summaryAssessments } from "@/db/schema";
import { summaryContent } from "@/lib/plan-inputs";
import { recordAudit } from "@/server/audit/audit";
import { requireInvoice } from "@/server/billing/invoices";
import { lockClient } from "@/server/clients/facts";
import type { DbOrTx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { invalid, notFound } from "@/server/errors";
import { requirePlanReader, requirePlanWriter } from "./plans";

/**
 * The summary assessment of a special-welfare (EHT) decision (#13 item 4, kokkuvõttev hinnang):
 * each goal met or not with the reason, the activities, the support need at the end. It is due
 * 3 months before the decision ends (due.ts reminds the case manager) and may be attached to the
 * decision's last invoice: the invoice it names is printed on it and shown beside the invoice.
 */

export const summaryKey = z.object({ clientId: z.uuid(), decisionId: z.uuid() });
export const saveSummaryInput = summaryKey.extend(summaryContent.shape);

async function ehtDecision(db: DbOrTx, input: z.infer<typeof summaryKey>) {
  const [d] = await db
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!d) throw notFound("decision");
  if (d.fundingKind !== "EHT")
    throw invalid("decisionId", "planErrors.summaryOnlyEht", "A summary assessment is written for a special-welfare (EHT) decision");
  return d;
}

/** Invoices that bill the decision, newest first: the ones the summary may be attached to. */
export async function invoicesOfDecision(db: DbOrTx, decisionId: string) {
  return db
    .selectDistinct({ id: invoices.id, number: invoices.number, invoiceDate: invoices.invoiceDate })
    .from(invoices)
    .innerJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .innerJoin(serviceReports, eq(serviceReports.id, invoiceLines.serviceReportId))
    .where(and(eq(serviceReports.decisionId, decisionId), isNotNull(invoices.number)))
    .orderBy(desc(invoices.invoiceDate));
}

export async function readSummary(db: DbOrTx, decisionId: string) {
  const [row] = await db
    .select({
      goals: summaryAssessments.goals,
      activities: summaryAssessments.activities,
      supportNeed: summaryAssessments.supportNeed,
      invoiceId: summaryAssessments.invoiceId,
      invoiceNumber: invoices.number,
      updatedAt: summaryAssessments.updatedAt,
      updatedBy: employees.firstName,
      updatedByLast: employees.lastName,
    })
    .from(summaryAssessments)
    .leftJoin(invoices, eq(invoices.id, summaryAssessments.invoiceId))
    .leftJoin(employees, eq(employees.id, summaryAssessments.updatedBy))
    .where(eq(summaryAssessments.decisionId, decisionId));
  if (!row) return null;
  const { updatedBy, updatedByLast, ...rest } = row;
  return { ...rest, updatedBy: updatedBy ? `${updatedBy} ${updatedByLast}` : null };
}
export type Summary = NonNullable<Awaited<ReturnType<typeof readSummary>>>;

export async function getSummary(ctx: DomainContext, input: z.infer<typeof summaryKey>) {
  await requirePlanReader(ctx, input.clientId);
  await ehtDecision(ctx.db, input);
  const [summary, invoiceChoices] = await Promise.all([
    readSummary(ctx.db, input.decisionId),
    invoicesOfDecision(ctx.db, input.decisionId),
  ]);
  return { summary, invoices: invoiceChoices };
}

export async function saveSummary(ctx: DomainContext, input: z.infer<typeof saveSummaryInput>) {
  await requirePlanWriter(ctx, input.clientId);
  await ehtDecision(ctx.db, input);
  const goals = input.goals.filter((g) => g.goal.trim()).map((g) => ({ goal: g.goal.trim(), met: g.met, reason: g.reason.trim() }));
  if (!goals.length) throw invalid("goals", "planErrors.summaryGoalsRequired", "List the goals and whether each was met");
  const noReason = goals.findIndex((g) => !g.reason);
  if (noReason >= 0)
    throw invalid("goals", "planErrors.summaryReasonRequired", "Give the reason for each goal, met or not", {
      goal: goals[noReason]!.goal,
    });
  if (!input.activities.trim()) throw invalid("activities", "errors.required", "Describe the activities");
  if (!input.supportNeed.trim()) throw invalid("supportNeed", "errors.required", "Describe the support need at the end");
  if (input.invoiceId && !(await invoicesOfDecision(ctx.db, input.decisionId)).some((i) => i.id === input.invoiceId))
    throw invalid("invoiceId", "planErrors.invoiceNotOfDecision", "The invoice does not bill this decision");
  const values = {
    goals,
    activities: input.activities.trim(),
    supportNeed: input.supportNeed.trim(),
    invoiceId: input.invoiceId,
    updatedBy: ctx.actor.employeeId,
  };
  return ctx.db.transaction(async (tx) => {
    await lockClient(tx, input.clientId);
    await tx
      .insert(summaryAssessments)
      .values({ decisionId: input.decisionId, clientId: input.clientId, ...values })
      .onConflictDoUpdate({ target: summaryAssessments.decisionId, set: { ...values, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "summary_assessment.save",
      clientId: input.clientId,
      targetType: "funding_decision",
      targetId: input.decisionId,
      ip: ctx.ip,
      details: { goals: goals.length, met: goals.filter((g) => g.met).length, invoiceId: input.invoiceId },
    });
    return readSummary(tx, input.decisionId);
  });
}

export const invoiceRef = z.object({ invoiceId: z.uuid() });

/**
 * The summary assessments attached to an invoice, as the invoice's page lists them beside its
 * lines: the client and decision only, which the invoice's own lines already show its readers.
 */
export async function summariesOfInvoice(ctx: DomainContext, { invoiceId }: z.infer<typeof invoiceRef>) {
  await requireInvoice(ctx, { id: invoiceId, action: "read" });
  return ctx.db
    .select({
      clientId: summaryAssessments.clientId,
      clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
      decisionId: summaryAssessments.decisionId,
      decisionNumber: fundingDecisions.decisionNumber,
    })
    .from(summaryAssessments)
    .innerJoin(clients, eq(clients.id, summaryAssessments.clientId))
    .innerJoin(fundingDecisions, eq(fundingDecisions.id, summaryAssessments.decisionId))
    .where(eq(summaryAssessments.invoiceId, invoiceId))
    .orderBy(clients.lastName);
}
