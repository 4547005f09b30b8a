import { eq } from "drizzle-orm";
import { clientAccessGrants, clients, clientTeamMembers, clientUnits } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { AppError, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { canOnClient, type ClientFacts } from "@/server/policy/policy";

export type ClientRow = typeof clients.$inferSelect;

export async function loadClientFacts(db: DbOrTx, clientId: string): Promise<{ client: ClientRow; facts: ClientFacts } | null> {
  const [client] = await db.select().from(clients).where(eq(clients.id, clientId));
  if (!client) return null;
  const [team, unitRows, grants] = await Promise.all([
    db.select({ id: clientTeamMembers.employeeId }).from(clientTeamMembers).where(eq(clientTeamMembers.clientId, clientId)),
    db.select({ id: clientUnits.unitId }).from(clientUnits).where(eq(clientUnits.clientId, clientId)),
    db.select().from(clientAccessGrants).where(eq(clientAccessGrants.clientId, clientId)),
  ]);
  return {
    client,
    facts: {
      caseManagerId: client.caseManagerId,
      teamIds: team.map((t) => t.id),
      unitIds: unitRows.map((u) => u.id),
      grants: grants.map((g) => ({ employeeId: g.employeeId, validFrom: g.validFrom, validUntil: g.validUntil, revokedAt: g.revokedAt })),
    },
  };
}

/**
 * The client, if the actor may do `action` to it. A client the person may not even read is
 * reported exactly like one that does not exist; one they may read but not change is FORBIDDEN.
 */
export async function requireClient(db: DbOrTx, actor: Actor, clientId: string, action: string) {
  const found = await loadClientFacts(db, clientId);
  if (!found || !canOnClient(actor, "read", found.facts)) throw notFound("client");
  if (action !== "read" && !canOnClient(actor, action, found.facts)) {
    throw new AppError("FORBIDDEN", "errors.forbidden", `You may not ${action} this client's data`);
  }
  return found;
}

/** The client's team in the wide sense: case manager or team member. */
export const isOnTeam = (actor: Actor, facts: ClientFacts) =>
  facts.caseManagerId === actor.employeeId || facts.teamIds.includes(actor.employeeId);
