import { sql, type SQL } from "drizzle-orm";
import { clientAccessGrants, clients, clientTeamMembers, clientUnits } from "@/db/schema";
import type { Actor } from "./actor";
import { scopeOf } from "./policy";
import type { Scope } from "./permissions";
import { uuidArray } from "@/server/db/sql-helpers";

/**
 * Whose clients the actor reaches for `action`, besides their own relationships (case manager,
 * team, grants): the role scope, and the units whose clients it covers (headed subtree, plus
 * the unit subtree with scope `unit`). What clientVisibility and the SQL rules in db/functions/
 * (client_visible) are given.
 */
export function clientReach(
  actor: Actor,
  action = "read",
  resource: "clients" | "billing" = "clients",
): { scope: Scope | null; units: string[] } {
  const scope = scopeOf(actor, resource, action);
  const units = new Set(actor.headedSubtree);
  if (scope === "unit") for (const id of actor.unitSubtree) units.add(id);
  return { scope, units: [...units] };
}

/** The actor's facts for client_visible(client, actor, scope, units) and the functions built on it. */
export const clientReachParams = (actor: Actor, action = "read") => {
  const { scope, units } = clientReach(actor, action);
  return sql`${actor.employeeId}::uuid, ${scope}::text, ${uuidArray(units)}`;
};

/**
 * The SQL twin of canOnClient: a condition on `clients` that keeps only the clients the actor
 * may act on. Every query that lists or reads client data includes it. Tests compare it with
 * canOnClient over the same cases. `resource` billing: the clients whose months a person may
 * confirm or invoice, by the billing permission's scope.
 */
export function clientVisibility(actor: Actor, action = "read", resource: "clients" | "billing" = "clients"): SQL {
  const { scope, units } = clientReach(actor, action, resource);
  if (!scope) return sql`false`;
  if (scope === "all") return sql`true`;
  const me = actor.employeeId;
  const conditions: SQL[] = [
    // Never NULL for a client without a case manager: a twin that answers NULL instead of false
    // turns into "visible" under NOT (the bug 0017 fixed in client_visible) and needs IS NOT TRUE.
    sql`coalesce(${clients.caseManagerId} = ${me}, false)`,
    sql`EXISTS (SELECT 1 FROM ${clientTeamMembers} WHERE ${clientTeamMembers.clientId} = ${clients.id} AND ${clientTeamMembers.employeeId} = ${me})`,
    // The actor's grants as one set, asked once a statement: as a correlated EXISTS, PostgreSQL
    // ran a scan of the grants for every row (a week of sixty rooms: 3,000 scans, 1.5 ms).
    sql`${clients.id} IN (SELECT ${clientAccessGrants.clientId} FROM ${clientAccessGrants}
          WHERE ${clientAccessGrants.employeeId} = ${me} AND ${clientAccessGrants.revokedAt} IS NULL
            AND ${clientAccessGrants.validFrom} <= now() AND now() < ${clientAccessGrants.validUntil})`,
  ];
  if (units.length > 0) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${clientUnits} WHERE ${clientUnits.clientId} = ${clients.id} AND ${clientUnits.unitId} = ANY(${uuidArray(units)}))`,
    );
  }
  return sql`(${sql.join(conditions, sql` OR `)})`;
}

/** The SQL twin of canReadClinical: the administrative reach and the clinical one, both. */
export function clinicalVisibility(actor: Actor): SQL {
  return sql`(${clientVisibility(actor, "read")} AND ${clientVisibility(actor, "read_clinical")})`;
}

/** The SQL twin of canEnterServices: the clients whose dataset the actor may write entries into. */
export function servicesEnterable(actor: Actor): SQL {
  return sql`(${clientVisibility(actor, "read")} AND ${enterableWhenReadable(actor)})`;
}

/**
 * servicesEnterable's second half, for a query that asks clientVisibility(actor, "read") of the
 * same rows anyway (and ANDs the two itself): each half is a handful of sub-selects per row.
 */
export function enterableWhenReadable(actor: Actor): SQL {
  // Where the update reach covers the read reach, every readable client is enterable: nothing to
  // ask of each row (a week of sixty rooms: 3,000 rows, 1.3 ms).
  if (reachCovers(clientReach(actor, "update"), clientReach(actor, "read"))) return sql`true`;
  const me = actor.employeeId;
  return sql`(${clientVisibility(actor, "update")} OR coalesce(${clients.caseManagerId} = ${me}, false)
    OR EXISTS (SELECT 1 FROM ${clientTeamMembers} WHERE ${clientTeamMembers.clientId} = ${clients.id} AND ${clientTeamMembers.employeeId} = ${me}))`;
}

/**
 * Whether every client `inner` reaches, `outer` reaches too. clientVisibility grows with the
 * scope and, below `all`, with the units alone (the person's own relationships count in both).
 */
function reachCovers(outer: ReturnType<typeof clientReach>, inner: ReturnType<typeof clientReach>): boolean {
  if (inner.scope === null || outer.scope === "all") return true;
  if (outer.scope === null || inner.scope === "all") return false;
  const units = new Set(outer.units);
  return inner.units.every((id) => units.has(id));
}
