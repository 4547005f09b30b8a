import { eq, sql } from "drizzle-orm";
import { clientAccessGrants, clients, clientTeamMembers, clientUnits } from "@/db/schema";
import type { DbOrTx, Tx } from "@/server/db/client";
import { fromJson } from "@/server/db/sql-helpers";
import { AppError, notFound } from "@/server/errors";
import { canOnClient, type ClientFacts } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

export type ClientRow = typeof clients.$inferSelect;

/**
 * The client row and what the policy needs to know about it, in one round trip: it is read on
 * every booking and record view.
 */
export async function loadClientFacts(db: DbOrTx, clientId: string): Promise<{ client: ClientRow; facts: ClientFacts } | null> {
  const [row] = await db
    .select({
      client: clients,
      // Written out in full: Drizzle leaves the table name off columns of a one-table select.
      teamIds: sql<string[]>`array(SELECT t.employee_id::text FROM ${clientTeamMembers} t WHERE t.client_id = "clients"."id")`,
      unitIds: sql<string[]>`array(SELECT u.unit_id::text FROM ${clientUnits} u WHERE u.client_id = "clients"."id")`,
      grants: sql<
        { employeeId: string; validFrom: string; validUntil: string; revokedAt: string | null }[]
      >`coalesce((SELECT json_agg(json_build_object(
        'employeeId', g.employee_id, 'validFrom', g.valid_from, 'validUntil', g.valid_until, 'revokedAt', g.revoked_at))
      FROM ${clientAccessGrants} g WHERE g.client_id = "clients"."id"), '[]'::json)`,
    })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!row) return null;
  const grants = fromJson<typeof row.grants>(row.grants) ?? [];
  return {
    client: row.client,
    facts: {
      caseManagerId: row.client.caseManagerId,
      teamIds: row.teamIds,
      unitIds: row.unitIds,
      grants: grants.map((g) => ({
        employeeId: g.employeeId,
        validFrom: new Date(g.validFrom),
        validUntil: new Date(g.validUntil),
        revokedAt: g.revokedAt ? new Date(g.revokedAt) : null,
      })),
    },
  };
}

/**
 * The client, if the actor may do `action` to it. A client the person may not even read is
 * reported exactly like one that does not exist; one they may read but not change is FORBIDDEN,
 * and so is the clinical part ("read_clinical") for someone who reads the administrative part only.
 */
export async function requireClient({ db, actor }: DomainContext, { clientId, action }: { clientId: string; action: string }) {
  const found = await loadClientFacts(db, clientId);
  if (!found || !canOnClient(actor, "read", found.facts)) throw notFound("client");
  if (action === "read_clinical" && !canOnClient(actor, action, found.facts)) {
    throw new AppError(
      "FORBIDDEN",
      "errors.clinicalForbidden",
      "Your role reads this client's administrative data only, not the clinical record",
    );
  }
  if (action !== "read" && !canOnClient(actor, action, found.facts)) {
    throw new AppError("FORBIDDEN", "errors.forbidden", `You may not ${action} this client's data`);
  }
  return found;
}

/**
 * Takes the client's row for the rest of the transaction. Every write of the client's dataset,
 * decisions and months (and the entry and month-lock triggers in db/functions/) takes it first, so such
 * writes of one client are decided one after the other.
 */
export async function lockClient(tx: Tx, clientId: string): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM ${clients} WHERE ${clients.id} = ${clientId} FOR UPDATE`);
}
