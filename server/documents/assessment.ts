import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { datasetAssessments, employees, fundingDecisions } from "@/db/schema";
import { isoDate, multiLine } from "@/lib/schemas";
import { recordAudit } from "@/server/audit/audit";
import { lockClient, requireClient } from "@/server/clients/facts";
import type { DomainContext } from "@/server/domain-context";
import type { DbOrTx } from "@/server/db/client";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { mayWriteClinical } from "./actions";

/**
 * The impact assessment of a decision's dataset and its signature. The case manager (or someone
 * who may change the client's record) writes it, with the team's contributions, and signs the
 * dataset for a period; from then on the period's entries are frozen by a database trigger.
 */

export const assessmentKey = z.object({ clientId: z.uuid(), decisionId: z.uuid() });
export const saveAssessmentInput = assessmentKey.extend({ impactAssessment: multiLine(20_000) });
export const signDatasetInput = assessmentKey.extend({ from: isoDate.optional(), to: isoDate.optional() });

export type Assessment = {
  impactAssessment: string;
  signedBy: string | null;
  signedAt: Date | null;
  signedFrom: string | null;
  signedTo: string | null;
};

export async function readAssessment(db: DbOrTx, decisionId: string): Promise<Assessment> {
  const [row] = await db
    .select({
      impactAssessment: datasetAssessments.impactAssessment,
      signedAt: datasetAssessments.signedAt,
      signedFrom: datasetAssessments.signedFrom,
      signedTo: datasetAssessments.signedTo,
      signedBy: sql<string | null>`${employees.firstName} || ' ' || ${employees.lastName}`,
    })
    .from(datasetAssessments)
    .leftJoin(employees, eq(employees.id, datasetAssessments.signedBy))
    .where(eq(datasetAssessments.decisionId, decisionId));
  return row ?? { impactAssessment: "", signedBy: null, signedAt: null, signedFrom: null, signedTo: null };
}

async function decisionOf(ctx: DomainContext, input: z.infer<typeof assessmentKey>) {
  const [d] = await ctx.db
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, input.decisionId), eq(fundingDecisions.clientId, input.clientId)));
  if (!d) throw notFound("decision");
  return d;
}

/** Writing and signing: the client's case manager, or whoever may change the client's record. */
async function requireWriter(ctx: DomainContext, clientId: string) {
  const { facts } = await requireClient(ctx, { clientId: clientId, action: "read_clinical" });
  if (!mayWriteClinical(ctx.actor, facts)) throw forbidden();
}

const alreadySigned = (a: Assessment) =>
  new AppError("CONFLICT", "errors.datasetAlreadySigned", "The dataset is already signed", {
    params: { from: a.signedFrom ?? "", to: a.signedTo ?? "" },
  });

export async function getAssessment(ctx: DomainContext, input: z.infer<typeof assessmentKey>) {
  await requireClient(ctx, { clientId: input.clientId, action: "read_clinical" });
  await decisionOf(ctx, input);
  return readAssessment(ctx.db, input.decisionId);
}

export async function saveAssessment(ctx: DomainContext, input: z.infer<typeof saveAssessmentInput>) {
  await requireWriter(ctx, input.clientId);
  await decisionOf(ctx, input);
  const text = input.impactAssessment.trim();
  return ctx.db.transaction(async (tx) => {
    await lockClient(tx, input.clientId);
    const current = await readAssessment(tx, input.decisionId);
    if (current.signedAt) throw alreadySigned(current);
    await tx
      .insert(datasetAssessments)
      .values({ decisionId: input.decisionId, clientId: input.clientId, impactAssessment: text, updatedBy: ctx.actor.employeeId })
      .onConflictDoUpdate({
        target: datasetAssessments.decisionId,
        set: { impactAssessment: text, updatedBy: ctx.actor.employeeId, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "dataset.assessment_save",
      clientId: input.clientId,
      targetType: "funding_decision",
      targetId: input.decisionId,
      ip: ctx.ip,
      details: { length: text.length },
    });
    return readAssessment(tx, input.decisionId);
  });
}

/** Signs the dataset for a period inside the decision (default: all of it); needs a written assessment. */
export async function signDataset(ctx: DomainContext, input: z.infer<typeof signDatasetInput>) {
  await requireWriter(ctx, input.clientId);
  const d = await decisionOf(ctx, input);
  const from = input.from ?? d.startDate;
  const to = input.to ?? d.endDate;
  if (from > to) throw invalid("to", "errors.documentPeriodReversed", "The period ends before it starts", { from, to });
  if (from < d.startDate || to > d.endDate) {
    throw invalid(from < d.startDate ? "from" : "to", "errors.documentPeriodOutsideDecision", "The period is outside the decision period", {
      from,
      to,
      start: d.startDate,
      end: d.endDate,
    });
  }
  return ctx.db.transaction(async (tx) => {
    // The client's row first, as every write of the client's entries takes it: an entry being
    // written now is either in before the signature or refused after it.
    await lockClient(tx, input.clientId);
    const current = await readAssessment(tx, input.decisionId);
    if (current.signedAt) throw alreadySigned(current);
    if (!current.impactAssessment.trim())
      throw invalid("impactAssessment", "errors.assessmentRequired", "Write the impact assessment before signing");
    await tx
      .update(datasetAssessments)
      .set({ signedBy: ctx.actor.employeeId, signedAt: new Date(), signedFrom: from, signedTo: to })
      .where(eq(datasetAssessments.decisionId, input.decisionId));
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "dataset.sign",
      clientId: input.clientId,
      targetType: "funding_decision",
      targetId: input.decisionId,
      ip: ctx.ip,
      details: { from, to },
    });
    return readAssessment(tx, input.decisionId);
  });
}
