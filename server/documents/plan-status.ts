import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import {
  casePlanItems,
  casePlans,
  decisionServiceLimits,
  fundingDecisions,
  PLAN_STATUSES,
  rehabilitationPlans,
  serviceEntries,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { lockClient } from "@/server/clients/facts";
import type { Db, Tx } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { AppError, invalid } from "@/server/errors";
import { loadPlan, nextStatuses, planRow, requirePlanWriter, type LoadedPlan } from "./plans";

export { nextStatuses };

/**
 * A plan's way to approval. The database trigger is the guarantee (rehabilitation_plans_transition);
 * nextStatuses is its twin for the friendly message and for the buttons the UI offers. Approval
 * turns the plan's services and volumes into the decision's limits in the same transaction: the
 * action-plan limits (hard) of a vocational rehabilitation (TRT) decision, the case plan (soft)
 * of any other.
 */

export const changeStatusInput = z.object({ planId: z.uuid(), to: z.enum(PLAN_STATUSES) });

/** The approved services become the decision's limits; what is already used must fit in them. */
async function applyPlan(tx: Tx, plan: LoadedPlan) {
  const used = await tx
    .select({ serviceId: serviceEntries.serviceId, units: sql<string>`sum(${serviceEntries.units})` })
    .from(serviceEntries)
    .where(eq(serviceEntries.decisionId, plan.decisionId))
    .groupBy(serviceEntries.serviceId);
  if (plan.decision.fundingKind === "TRT") {
    for (const u of used) {
      const planned = plan.services.find((s) => s.serviceId === u.serviceId);
      if (!planned || planned.units < Number(u.units))
        throw invalid("services", "errors.volumeBelowUsed", "An approved volume is below what is already used", { used: Number(u.units) });
    }
    await tx.delete(decisionServiceLimits).where(eq(decisionServiceLimits.decisionId, plan.decisionId));
    if (plan.services.length)
      await tx
        .insert(decisionServiceLimits)
        .values(plan.services.map((s) => ({ decisionId: plan.decisionId, serviceId: s.serviceId, maxUnits: String(s.units) })));
    return "limits" as const;
  }
  const goals = plan.goals.map((g) => `• ${g}`).join("\n");
  const [casePlan] = await tx
    .insert(casePlans)
    .values({ decisionId: plan.decisionId, goals, updatedBy: plan.statusChangedBy })
    .onConflictDoUpdate({ target: casePlans.decisionId, set: { goals, updatedAt: new Date() } })
    .returning({ id: casePlans.id });
  await tx.delete(casePlanItems).where(eq(casePlanItems.casePlanId, casePlan!.id));
  if (plan.services.length)
    await tx
      .insert(casePlanItems)
      .values(plan.services.map((s) => ({ casePlanId: casePlan!.id, serviceId: s.serviceId, plannedUnits: String(s.units) })));
  return "case_plan" as const;
}

export async function changePlanStatus(ctx: DomainContext<Db>, { planId, to }: z.infer<typeof changeStatusInput>) {
  const first = await planRow(ctx.db, planId);
  await requirePlanWriter(ctx, first.clientId);
  return ctx.db.transaction(async (tx) => {
    // The client's row first, as every write of its decisions and entries takes it; then the plan's
    // row, so that a second approval at the same moment waits here and then finds it approved.
    await lockClient(tx, first.clientId);
    const plan = await planRow(tx, planId, { forUpdate: true });
    const [decision] = await tx.select().from(fundingDecisions).where(eq(fundingDecisions.id, plan.decisionId));
    if (!nextStatuses(plan.status, decision!.fundingKind).includes(to)) {
      throw new AppError("CONFLICT", "planErrors.transitionRefused", `The plan cannot move from ${plan.status} to ${to}`, {
        field: "status",
        params: { from: plan.status, to },
      });
    }
    await tx
      .update(rehabilitationPlans)
      .set({ status: to, statusChangedAt: new Date(), statusChangedBy: ctx.actor.employeeId })
      .where(eq(rehabilitationPlans.id, planId));
    const applied = to === "approved" ? await applyPlan(tx, await loadPlan(tx, planId)) : null;
    await recordAudit(tx, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "rehab_plan.status",
      clientId: plan.clientId,
      targetType: "rehabilitation_plan",
      targetId: planId,
      ip: ctx.ip,
      details: { from: plan.status, to, ...(applied ? { applied } : {}) },
    });
    return { status: to, applied };
  });
}
