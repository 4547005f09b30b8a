import { sql, type SQL } from "drizzle-orm";
import { clientAccessGrants, clients, clientTeamMembers, clientUnits } from "@/db/schema";
import type { Actor } from "./actor";
import { scopeOf } from "./policy";
import { uuidArray } from "@/server/db/sql-helpers";


/**
 * The SQL twin of canOnClient: a condition on `clients` that keeps only the clients the actor may
 * act on. Every query that lists or reads client data includes it. Tests compare it with
 * canOnClient over the same cases. `resource` billing: the clients whose months a person may
 * confirm or invoice, by the billing permission's scope.
 */
export function clientVisibility(actor: Actor, action = "read", resource: "clients" | "billing" = "clients"): SQL {
  const scope = scopeOf(actor, resource, action);
  if (!scope) return sql`false`;
  if (scope === "all") return sql`true`;
  const me = actor.employeeId;
  const conditions: SQL[] = [
    sql`${clients.caseManagerId} = ${me}`,
    sql`EXISTS (SELECT 1 FROM ${clientTeamMembers} WHERE ${clientTeamMembers.clientId} = ${clients.id} AND ${clientTeamMembers.employeeId} = ${me})`,
    sql`EXISTS (SELECT 1 FROM ${clientAccessGrants} WHERE ${clientAccessGrants.clientId} = ${clients.id}
          AND ${clientAccessGrants.employeeId} = ${me} AND ${clientAccessGrants.revokedAt} IS NULL
          AND ${clientAccessGrants.validFrom} <= now() AND now() < ${clientAccessGrants.validUntil})`,
  ];
  const units = new Set(actor.headedSubtree);
  if (scope === "unit") for (const id of actor.unitSubtree) units.add(id);
  if (units.size > 0) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${clientUnits} WHERE ${clientUnits.clientId} = ${clients.id} AND ${clientUnits.unitId} = ANY(${uuidArray(units)}))`,
    );
  }
  return sql`(${sql.join(conditions, sql` OR `)})`;
}
