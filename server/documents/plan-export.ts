import { eq, inArray } from "drizzle-orm";
import { rehabilitationPlans, rehabilitationPlanServices, rehabilitationPlanTeam, summaryAssessments } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";

/** The client's plans (with team and services) and summary assessments, for the GDPR export (server/clients/privacy.ts). */
export async function clientPlanDocuments(db: DbOrTx, clientId: string) {
  const plans = await db.select().from(rehabilitationPlans).where(eq(rehabilitationPlans.clientId, clientId));
  const ids = plans.map((p) => p.id);
  const [team, planned, summaries] = await Promise.all([
    ids.length ? db.select().from(rehabilitationPlanTeam).where(inArray(rehabilitationPlanTeam.planId, ids)) : [],
    ids.length ? db.select().from(rehabilitationPlanServices).where(inArray(rehabilitationPlanServices.planId, ids)) : [],
    db.select().from(summaryAssessments).where(eq(summaryAssessments.clientId, clientId)),
  ]);
  return {
    rehabilitationPlans: plans.map((p) => ({
      ...p,
      team: team.filter((m) => m.planId === p.id),
      services: planned.filter((s) => s.planId === p.id),
    })),
    summaryAssessments: summaries,
  };
}
