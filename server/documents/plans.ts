import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import {
  fundingDecisions,
  rehabilitationPlans,
  rehabilitationPlanServices,
  rehabilitationPlanTeam,
  services,
  specialties,
  type PlanStatus,
} from "@/db/schema";
import { birthDateOf } from "@/lib/identifiers";
import { LIFE_AREAS, planContent, type LifeArea, type PlanContent } from "@/lib/plan-inputs";
import { recordAudit } from "@/server/audit/audit";
import { lockClient, requireClient, type ClientRow } from "@/server/clients/facts";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { AppError, forbidden, invalid, notFound } from "@/server/errors";
import { mayWriteClinical } from "./actions";

/**
 * The rehabilitation plan / action plan as a structured document (#13 item 3): written here,
 * moved through its states in plan-status.ts, printed by plan-render.ts. Saving replaces a
 * draft's content as a whole in one transaction; the database refuses changes once it has left
 * draft (db/functions/rehabilitation_plans_transition.sql).
 */

export { LIFE_AREAS, planContent, type LifeArea, type PlanContent };
export const createPlanInput = planContent.extend({ clientId: z.uuid(), decisionId: z.uuid() });
export const updatePlanInput = planContent.extend({ planId: z.uuid() });
export const planRef = z.object({ planId: z.uuid() });
export const clientPlansInput = z.object({ clientId: z.uuid() });

const CHILD_SPECIALTIES = ["social_worker", "special_educator"] as const;

/** Under 18 on the assessment date, by the personal code's or the recorded birth date. */
export function isChildOn(client: Pick<ClientRow, "personalCode" | "birthDate">, day: string): boolean {
  const born = client.personalCode ? birthDateOf(client.personalCode)?.toISOString().slice(0, 10) : client.birthDate;
  if (!born) return false;
  const adult = `${Number(born.slice(0, 4)) + 18}${born.slice(4)}`;
  return day < adult;
}

/** The friendly twin of the trigger's checks, naming the field; nothing is written when one fails. */
async function validate(db: DbOrTx, input: PlanContent, forChild: boolean) {
  if (input.validTo < input.validFrom) throw invalid("validTo", "planErrors.validityReversed", "The plan's validity ends before it starts");
  if (input.assessmentDate < input.firstMeetingDate)
    throw invalid("assessmentDate", "planErrors.assessmentBeforeMeeting", "The assessment date is before the first meeting");
  if (!input.goals.some((g) => g.text.trim()))
    throw invalid("goals", "planErrors.goalsRequired", "Write at least one goal agreed with the client");
  const team = input.team.filter((m) => m.name.trim());
  if (team.length < 3) throw invalid("team", "planErrors.teamTooSmall", "The assessing team needs at least three specialists");
  if (forChild) {
    const codes = await db
      .select({ code: specialties.code })
      .from(specialties)
      .where(
        inArray(
          specialties.id,
          team.map((m) => m.specialtyId),
        ),
      );
    const have = new Set(codes.map((c) => c.code));
    if (!CHILD_SPECIALTIES.every((c) => have.has(c)))
      throw invalid("team", "planErrors.childTeam", "A child's team includes a social worker and a special educator");
  }
  const seen = new Set<string>();
  for (const s of input.services) {
    if (seen.has(s.serviceId)) throw invalid("services", "errors.serviceTwice", "A service is listed twice");
    seen.add(s.serviceId);
  }
}

/** Reading: whoever reads the client's clinical record (the team, unit heads by their scope). */
export async function requirePlanReader(ctx: DomainContext, clientId: string) {
  return requireClient(ctx, { clientId, action: "read_clinical" });
}

/** Writing and moving a plan: the client's case manager, or whoever may change the client's record. */
export async function requirePlanWriter(ctx: DomainContext, clientId: string) {
  const found = await requireClient(ctx, { clientId, action: "read_clinical" });
  if (!mayWriteClinical(ctx.actor, found.facts)) throw forbidden();
  return found;
}

/** The states a plan may move to next; the database's rehabilitation_plans_transition is the guarantee. */
export function nextStatuses(status: PlanStatus, fundingKind: string): PlanStatus[] {
  switch (status) {
    case "draft":
      return ["sent_to_client"];
    case "sent_to_client":
      return ["client_approved", "draft"];
    case "client_approved":
      return fundingKind === "TRT" ? ["sent_to_funder"] : ["approved"];
    case "sent_to_funder":
      return ["approved", "draft"];
    case "approved":
      return [];
  }
}

async function writeParts(tx: Tx, planId: string, input: PlanContent) {
  await tx.delete(rehabilitationPlanTeam).where(eq(rehabilitationPlanTeam.planId, planId));
  await tx.delete(rehabilitationPlanServices).where(eq(rehabilitationPlanServices.planId, planId));
  const team = input.team.filter((m) => m.name.trim());
  await tx
    .insert(rehabilitationPlanTeam)
    .values(team.map((m, i) => ({ planId, position: i + 1, name: m.name.trim(), specialtyId: m.specialtyId })));
  if (input.services.length) {
    await tx.insert(rehabilitationPlanServices).values(
      input.services.map((s) => ({
        planId,
        serviceId: s.serviceId,
        units: String(s.units),
        frequency: s.frequency.trim(),
        specialists: s.specialists.trim(),
      })),
    );
  }
}

const columns = (input: PlanContent, forChild: boolean) => ({
  firstMeetingDate: input.firstMeetingDate,
  assessmentDate: input.assessmentDate,
  validFrom: input.validFrom,
  validTo: input.validTo,
  forChild,
  functioning: input.functioning,
  problems: input.problems.trim(),
  goals: input.goals.map((g) => g.text.trim()).filter(Boolean),
  assistiveDevices: input.assistiveDevices.trim(),
  recommendations: input.recommendations.trim(),
  network: input.network.trim(),
});

export async function createPlan(ctx: DomainContext<Db>, { clientId, decisionId, ...input }: z.infer<typeof createPlanInput>) {
  const { client } = await requirePlanWriter(ctx, clientId);
  const [decision] = await ctx.db
    .select()
    .from(fundingDecisions)
    .where(and(eq(fundingDecisions.id, decisionId), eq(fundingDecisions.clientId, clientId)));
  if (!decision) throw invalid("decisionId", "errors.decisionMissing", "The decision does not exist");
  const forChild = isChildOn(client, input.assessmentDate);
  await validate(ctx.db, input, forChild);
  return ctx.db.transaction(async (tx) => {
    await lockClient(tx, clientId);
    const [row] = await tx
      .insert(rehabilitationPlans)
      .values({ ...columns(input, forChild), clientId, decisionId, createdBy: ctx.actor.employeeId, updatedBy: ctx.actor.employeeId })
      .returning({ id: rehabilitationPlans.id });
    await writeParts(tx, row!.id, input);
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "rehab_plan.create",
      clientId,
      targetType: "rehabilitation_plan",
      targetId: row!.id,
      ip: ctx.ip,
      details: { decisionId, services: input.services.length, team: input.team.length },
    });
    return { id: row!.id };
  });
}

export async function planRow(db: DbOrTx, planId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(rehabilitationPlans).where(eq(rehabilitationPlans.id, planId));
  const [plan] = await (opts.forUpdate ? q.for("update") : q);
  if (!plan) throw notFound("plan");
  return plan;
}

export async function updatePlan(ctx: DomainContext<Db>, { planId, ...input }: z.infer<typeof updatePlanInput>) {
  const current = await planRow(ctx.db, planId);
  const { client } = await requirePlanWriter(ctx, current.clientId);
  const forChild = isChildOn(client, input.assessmentDate);
  await validate(ctx.db, input, forChild);
  await ctx.db.transaction(async (tx) => {
    const plan = await planRow(tx, planId, { forUpdate: true });
    assertDraft(plan.status);
    await tx
      .update(rehabilitationPlans)
      .set({ ...columns(input, forChild), updatedBy: ctx.actor.employeeId, updatedAt: new Date() })
      .where(eq(rehabilitationPlans.id, planId));
    await writeParts(tx, planId, input);
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "rehab_plan.update",
      clientId: plan.clientId,
      targetType: "rehabilitation_plan",
      targetId: planId,
      ip: ctx.ip,
      details: { services: input.services.length, team: input.team.length },
    });
  });
}

export function assertDraft(status: PlanStatus) {
  if (status !== "draft")
    throw new AppError("CONFLICT", "planErrors.notDraft", "The plan has left draft and cannot change", { params: { status } });
}

/** A plan with its team and services, as the form, the PDF and the limits read it. */
export async function loadPlan(db: DbOrTx, planId: string) {
  const plan = await planRow(db, planId);
  const [team, planned, decision] = await Promise.all([
    db
      .select({ name: rehabilitationPlanTeam.name, specialtyId: rehabilitationPlanTeam.specialtyId, specialty: specialties.nameEt })
      .from(rehabilitationPlanTeam)
      .innerJoin(specialties, eq(specialties.id, rehabilitationPlanTeam.specialtyId))
      .where(eq(rehabilitationPlanTeam.planId, planId))
      .orderBy(asc(rehabilitationPlanTeam.position)),
    db
      .select({
        serviceId: rehabilitationPlanServices.serviceId,
        units: rehabilitationPlanServices.units,
        frequency: rehabilitationPlanServices.frequency,
        specialists: rehabilitationPlanServices.specialists,
        code: services.code,
        name: services.nameEt,
        unit: services.billingUnit,
      })
      .from(rehabilitationPlanServices)
      .innerJoin(services, eq(services.id, rehabilitationPlanServices.serviceId))
      .where(eq(rehabilitationPlanServices.planId, planId))
      .orderBy(asc(services.code)),
    db.select().from(fundingDecisions).where(eq(fundingDecisions.id, plan.decisionId)),
  ]);
  return { ...plan, team, services: planned.map((s) => ({ ...s, units: Number(s.units) })), decision: decision[0]! };
}
export type LoadedPlan = Awaited<ReturnType<typeof loadPlan>>;

export async function getPlan(ctx: DomainContext, { planId }: z.infer<typeof planRef>) {
  const plan = await planRow(ctx.db, planId);
  await requirePlanReader(ctx, plan.clientId);
  const loaded = await loadPlan(ctx.db, planId);
  await recordAudit(ctx.db, {
    actorEmployeeId: ctx.actor.employeeId,
    action: "client.read",
    clientId: plan.clientId,
    targetType: "rehabilitation_plan",
    targetId: planId,
    ip: ctx.ip,
    details: { view: "rehab_plan" },
  });
  return loaded;
}

/**
 * The client's plans, each with what the viewer may do with it (`actions`): edit a draft, and the
 * moves it may make, by the checks updatePlan and changePlanStatus run.
 */
export async function listPlans(ctx: DomainContext, { clientId }: z.infer<typeof clientPlansInput>) {
  const { facts } = await requirePlanReader(ctx, clientId);
  const writer = mayWriteClinical(ctx.actor, facts);
  const rows = await ctx.db
    .select({
      id: rehabilitationPlans.id,
      decisionId: rehabilitationPlans.decisionId,
      decisionNumber: fundingDecisions.decisionNumber,
      fundingKind: fundingDecisions.fundingKind,
      status: rehabilitationPlans.status,
      assessmentDate: rehabilitationPlans.assessmentDate,
      firstMeetingDate: rehabilitationPlans.firstMeetingDate,
      validFrom: rehabilitationPlans.validFrom,
      validTo: rehabilitationPlans.validTo,
      statusChangedAt: rehabilitationPlans.statusChangedAt,
    })
    .from(rehabilitationPlans)
    .innerJoin(fundingDecisions, eq(fundingDecisions.id, rehabilitationPlans.decisionId))
    .where(eq(rehabilitationPlans.clientId, clientId))
    .orderBy(desc(rehabilitationPlans.createdAt));
  return rows.map((r) => ({
    ...r,
    actions: { edit: writer && r.status === "draft", moves: writer ? nextStatuses(r.status, r.fundingKind) : [] },
  }));
}
