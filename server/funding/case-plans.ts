import { eq, sql } from "drizzle-orm";
import { casePlanItems, casePlans, fundingDecisions, serviceEntries, services } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { Db, DbOrTx } from "@/server/db/client";
import { invalid, notFound } from "@/server/errors";
import type { DomainContext } from "@/server/domain-context";
import type { CasePlanInput } from "./schemas";

export { casePlanInput, type CasePlanInput } from "./schemas";

async function decisionOf(db: DbOrTx, decisionId: string) {
  const [decision] = await db.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
  if (!decision) throw invalid("decisionId", "errors.decisionMissing", "The decision does not exist");
  return decision;
}

/** The case plan of a funding period with progress: used against planned, over-plan flagged. */
export async function getCasePlan({ db, actor, ip }: DomainContext<Db>, { decisionId }: { decisionId: string }) {
  const [decision] = await db.select().from(fundingDecisions).where(eq(fundingDecisions.id, decisionId));
  // Answered as requireClient answers for a client the person may not see: nobody learns the id exists.
  if (!decision) throw notFound("client");
  await requireClient({ db, actor, ip }, { clientId: decision.clientId, action: "read_clinical" });
  const [plan] = await db.select().from(casePlans).where(eq(casePlans.decisionId, decisionId));
  const [items, used] = await Promise.all([
    plan
      ? db
          .select({
            serviceId: casePlanItems.serviceId,
            plannedUnits: casePlanItems.plannedUnits,
            code: services.code,
            nameEt: services.nameEt,
            nameEn: services.nameEn,
            billingUnit: services.billingUnit,
          })
          .from(casePlanItems)
          .innerJoin(services, eq(services.id, casePlanItems.serviceId))
          .where(eq(casePlanItems.casePlanId, plan.id))
          .orderBy(services.code)
      : Promise.resolve([]),
    db
      .select({ serviceId: serviceEntries.serviceId, units: sql<string>`sum(${serviceEntries.units})` })
      .from(serviceEntries)
      .where(eq(serviceEntries.decisionId, decisionId))
      .groupBy(serviceEntries.serviceId),
  ]);
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "client.read",
    clientId: decision.clientId,
    targetType: "decision",
    targetId: decisionId,
    ip,
    details: { view: "case_plan" },
  });
  return {
    decisionId,
    goals: plan?.goals ?? "",
    exists: Boolean(plan),
    items: items.map((i) => {
      const usedUnits = Number(used.find((u) => u.serviceId === i.serviceId)?.units ?? 0);
      const planned = Number(i.plannedUnits);
      return { ...i, plannedUnits: planned, usedUnits, over: usedUnits > planned };
    }),
  };
}

export async function saveCasePlan({ db, actor, ip }: DomainContext<Db>, { decisionId, ...input }: { decisionId: string } & CasePlanInput) {
  const seen = new Set<string>();
  for (const item of input.items) {
    if (!(item.plannedUnits > 0)) throw invalid("items", "errors.volumePositive", "A planned volume must be positive");
    if (seen.has(item.serviceId)) throw invalid("items", "errors.serviceTwice", "A service is listed twice");
    seen.add(item.serviceId);
  }
  await db.transaction(async (tx) => {
    const decision = await decisionOf(tx, decisionId);
    await requireClient({ db: tx, actor, ip }, { clientId: decision.clientId, action: "update" });
    const [plan] = await tx
      .insert(casePlans)
      .values({ decisionId, goals: input.goals, updatedBy: actor.employeeId })
      .onConflictDoUpdate({ target: casePlans.decisionId, set: { goals: input.goals, updatedBy: actor.employeeId, updatedAt: new Date() } })
      .returning({ id: casePlans.id });
    await tx.delete(casePlanItems).where(eq(casePlanItems.casePlanId, plan!.id));
    if (input.items.length) {
      await tx
        .insert(casePlanItems)
        .values(input.items.map((i) => ({ casePlanId: plan!.id, serviceId: i.serviceId, plannedUnits: String(i.plannedUnits) })));
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "case_plan.save",
      clientId: decision.clientId,
      targetType: "decision",
      targetId: decisionId,
      ip,
      details: { items: input.items.length },
    });
  });
}
