import { sql } from "drizzle-orm";
import type { SessionStatus } from "@/db/schema";
import { uuidArray } from "@/server/db/sql-helpers";
import { clientVisibility } from "@/server/policy/client-scope";
import { bookerArgs, nextStatuses, OPEN_STATUSES } from "./guards";
import type { DomainContext } from "@/server/domain-context";

/**
 * What the viewer may do with each session of the calendar, sent with the session so that the
 * dialog shows only those buttons. The answers come from the rules the mutations run, not from
 * a copy: booking_access_refusal (move, status changes: assertMayBook), covers_specialists
 * (attendance and completion: assertMayRecord), the transition table (assertTransition), and
 * canEnterServices' SQL twin for completion. session-actions.test.ts runs every mutation for
 * every role on the same sessions and fails where the two disagree. Still a hint: the mutation
 * decides.
 */
export const SESSION_ACTIONS = ["agree", "move", "no_show", "cancel", "reinstate", "attendance", "complete"] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

export type ActionFacts = {
  id: string;
  status: SessionStatus;
  specialistIds: string[];
  /** Every participant, seen or not: a hidden one refuses booking actions as the mutation does. */
  clientIds: string[];
  /** Every participant who would get an entry is the viewer's to enter (completeSession's check). */
  entriesAllowed: boolean;
};

/** records: attendance and completion (assertMayRecord); entryByActive: the entries' specialist is active (enterService). */
type Access = { id: string; bookable: boolean; cancellable: boolean; records: boolean; entryByActive: boolean };

/**
 * booking_access_refusal and covers_specialists for all the sessions in one statement. The
 * refusal is a conjunction, of the booker's reach over the team (its specialists: found, active
 * unless cancelling, covered) and of each client's being there and readable (client_visible), so
 * the team's part is asked once per distinct team, and the clients' in one pass over the set: a
 * week of sixty rooms is thousands of sessions and clients but a few hundred teams, and each call
 * of a PL/pgSQL rule costs tens of microseconds however little it reads.
 */
async function accessOf({ db, actor }: DomainContext, facts: ActionFacts[]): Promise<Map<string, Access>> {
  const b = bookerArgs(actor);
  if (!b.bookScope || facts.length === 0) return new Map();
  // One row per team and clients (the same specialist with the same client, week after week).
  const keyOf = new Map<string, string>();
  const pairs = new Map<string, { id: string; specialists: string[]; clients: string[] }>();
  for (const f of facts) {
    const specialists = [...f.specialistIds].sort();
    const clients = [...f.clientIds].sort();
    const key = `${specialists.join(",")}|${clients.join(",")}`;
    keyOf.set(f.id, key);
    if (!pairs.has(key)) pairs.set(key, { id: f.id, specialists, clients });
  }
  const rows = [...pairs.values()];
  const args = sql`${b.bookScope}::text, ${uuidArray(b.unitSubtree)}, ${b.actor}::uuid, ${b.clientScope}::text, ${uuidArray(b.clientUnits)}`;
  const result = await db.execute<Access>(sql`
    WITH x AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, specialists uuid[], clients uuid[])
    ), team AS MATERIALIZED (
      SELECT t.specialists, a.bookable,
             -- Bookable implies cancellable (the same checks but one): asked again only when refused.
             (a.bookable OR booking_access_refusal(${args}, t.specialists, '{}', false) IS NULL) AS cancellable,
             (${b.actor}::uuid = ANY(t.specialists)
               OR covers_specialists(${b.bookScope}::text, ${uuidArray(b.unitSubtree)}, ${b.actor}::uuid, t.specialists)) AS records,
             -- completeSession writes the entries in the name of the viewer if theirs, else of the first specialist.
             (${b.actor}::uuid = ANY(t.specialists)
               OR coalesce((SELECT e.active FROM employees e WHERE e.id = t.specialists[1]), false)) AS "entryByActive"
      FROM (SELECT DISTINCT specialists FROM x) t
      CROSS JOIN LATERAL (SELECT booking_access_refusal(${args}, t.specialists, '{}', true) IS NULL AS bookable OFFSET 0) a
    ), seen AS MATERIALIZED (
      -- client_visible's SQL twin for a set (clientVisibility, held to it by the policy parity tests):
      -- a week's thousands of clients in one pass instead of a call each.
      SELECT u.client, u.client IN (SELECT clients.id FROM clients WHERE ${clientVisibility(actor)}) AS ok
      FROM (SELECT DISTINCT unnest(clients) AS client FROM x) u
    ), clients_ok AS (
      SELECT x.id, bool_and(seen.ok) AS ok FROM x CROSS JOIN unnest(x.clients) AS xc(client) JOIN seen ON seen.client = xc.client GROUP BY 1
    )
    SELECT x.id, team.bookable AND coalesce(c.ok, true) AS bookable, team.cancellable AND coalesce(c.ok, true) AS cancellable,
      team.records, team."entryByActive"
    FROM x JOIN team ON team.specialists = x.specialists LEFT JOIN clients_ok c ON c.id = x.id`);
  const byPair = new Map([...result].map((r) => [keyOf.get(r.id)!, r]));
  return new Map(facts.map((f) => [f.id, { ...byPair.get(keyOf.get(f.id)!)!, id: f.id }]));
}

export async function sessionActions(ctx: DomainContext, facts: ActionFacts[]): Promise<Map<string, SessionAction[]>> {
  const access = await accessOf(ctx, facts);
  const result = new Map<string, SessionAction[]>();
  for (const f of facts) {
    const a = access.get(f.id);
    const open = OPEN_STATUSES.includes(f.status);
    const next = nextStatuses(f.status);
    const actions: SessionAction[] = [];
    if (a?.bookable && next.includes("agreed")) actions.push("agree");
    if (a?.bookable && open) actions.push("move");
    if (a?.bookable && next.includes("no_show")) actions.push("no_show");
    if (a?.cancellable && next.includes("cancelled")) actions.push("cancel");
    if (a?.bookable && next.includes("planned")) actions.push("reinstate");
    if (a?.records && open) actions.push("attendance");
    if (a?.records && open && f.entriesAllowed && a.entryByActive) actions.push("complete");
    result.set(f.id, actions);
  }
  return result;
}
