import { sql } from "drizzle-orm";
import { staffGeneration, type SessionStatus } from "@/db/schema";
import { textArray, uuidArray } from "@/server/db/sql-helpers";
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
  /**
   * Every participant, seen or not, is one the viewer may read: clientVisibility(actor, "read"),
   * which the caller's own participant query asks anyway (booking_access_refusal's client_visible
   * twin, held to it by the policy parity tests). A hidden one refuses booking actions as the
   * mutation does.
   */
  clientsReadable: boolean;
  /** Every participant who would get an entry is the viewer's to enter (completeSession's check). */
  entriesAllowed: boolean;
};

/** records: attendance and completion (assertMayRecord); entryByActive: the entries' specialist is active (enterService). */
type TeamAccess = { bookable: boolean; cancellable: boolean; records: boolean; entryByActive: boolean };
/** Read only: teamAccess may answer with the map it keeps. */
export type TeamsAccess = ReadonlyMap<string, TeamAccess>;

const teamKey = (specialistIds: string[]) => (specialistIds.length < 2 ? (specialistIds[0] ?? "") : [...specialistIds].sort().join(","));

/**
 * booking_access_refusal and covers_specialists for every team of the sessions, in one statement.
 * The refusal is a conjunction of the booker's reach over the team (its specialists: found, active
 * unless cancelling, covered) and of each client's being readable: the clients' part is the
 * caller's (clientsReadable), so the rule functions are asked once per distinct team, with no
 * clients: a week of sixty rooms is thousands of sessions but a few hundred teams, and each call
 * of a PL/pgSQL rule costs tens of microseconds however little it reads. `teams`: each distinct
 * team as its specialists' ids (any order; an empty team too), from the specialists the caller
 * has read anyway: found again in SQL from the sessions, they cost a week of sixty rooms a second
 * look-up of every session's specialists (18 ms of PostgreSQL's two cores).
 */
export async function teamAccess(
  { db, actor }: DomainContext,
  teams: Iterable<string[]>,
  known?: { staffGeneration: string },
): Promise<TeamsAccess> {
  const b = bookerArgs(actor);
  const keys = [...new Set([...teams].map(teamKey))];
  if (!b.bookScope || keys.length === 0) return new Map();
  // The answers depend on the booker and on staff_generation alone: kept from an earlier call
  // asked in the generation the caller read (`known`), only the teams not kept are asked.
  const booker = JSON.stringify(b);
  const entry = kept.get(booker);
  const valid = entry !== undefined && known !== undefined && entry.generation === known.staffGeneration ? entry : undefined;
  const asked = valid ? keys.filter((k) => !valid.teams.has(k)) : keys;
  if (valid && asked.length === 0) return valid.teams;
  const args = sql`${b.bookScope}::text, ${uuidArray(b.unitSubtree)}, ${b.actor}::uuid, ${b.clientScope}::text, ${uuidArray(b.clientUnits)}`;
  const result = await db.execute<TeamAccess & { team: string; generation: string }>(sql`
    SELECT t.key AS team, a.bookable,
           -- Bookable implies cancellable (the same checks but one): asked again only when refused.
           (a.bookable OR booking_access_refusal(${args}, t.specialists, '{}', false) IS NULL) AS cancellable,
           -- Bookable implies covered (booking_access_refusal refuses whom covers_specialists does not):
           -- covers_specialists is asked only of the teams the booker may not book.
           (a.bookable OR ${b.actor}::uuid = ANY(t.specialists)
             OR covers_specialists(${b.bookScope}::text, ${uuidArray(b.unitSubtree)}, ${b.actor}::uuid, t.specialists)) AS records,
           -- completeSession writes the entries in the name of the viewer if theirs, else of the first specialist.
           (${b.actor}::uuid = ANY(t.specialists)
             OR coalesce((SELECT e.active FROM employees e WHERE e.id = t.specialists[1]), false)) AS "entryByActive",
           -- Read in the same snapshot as the answers: they hold for exactly this generation.
           ${currentStaffGeneration} AS generation
      -- Each team once, its ids sorted as booking_access_refusal wants them (teamKey), "" the empty team.
      FROM (SELECT k AS key, string_to_array(k, ',')::uuid[] AS specialists FROM unnest(${textArray(asked)}) AS k) AS t
      CROSS JOIN LATERAL (SELECT booking_access_refusal(${args}, t.specialists, '{}', true) IS NULL AS bookable OFFSET 0) a`);
  const generation = result[0]!.generation;
  const answered = new Map<string, TeamAccess>();
  for (const { team, generation: _, ...access } of result) answered.set(team, access);
  const stored = keep(booker, generation, answered);
  // Kept in the caller's generation: the kept map now holds every team asked for.
  if (!valid || stored === valid.teams) return stored;
  // The generation moved since the caller read it: the teams kept for the caller's, and those just asked.
  const all = new Map(valid.teams);
  for (const [team, access] of answered) all.set(team, access);
  return all;
}

/**
 * teamAccess's answers by booker (bookerArgs), for one staff generation each: a calendar asks of
 * the same few hundred teams on every view. At most KEPT_BOOKERS bookers (the least recently
 * answered go first) and KEPT_TEAMS teams each.
 */
const kept = new Map<string, { generation: string; teams: Map<string, TeamAccess> }>();
const KEPT_BOOKERS = 1000;
const KEPT_TEAMS = 20_000;

/** Keeps `answered` (this call's own map) for the booker and answers with the map kept. */
function keep(booker: string, generation: string, answered: Map<string, TeamAccess>): Map<string, TeamAccess> {
  const entry = kept.get(booker);
  kept.delete(booker);
  let teams = answered;
  if (entry && entry.generation === generation && entry.teams.size + answered.size <= KEPT_TEAMS) {
    for (const [team, access] of answered) entry.teams.set(team, access);
    teams = entry.teams;
  }
  kept.set(booker, { generation, teams });
  if (kept.size > KEPT_BOOKERS) kept.delete(kept.keys().next().value!);
  return teams;
}

/** staff_generation's number as text, for a statement to read in its own snapshot. */
export const currentStaffGeneration = sql`(SELECT ${staffGeneration.n}::text FROM ${staffGeneration})`;

/** Each session's actions, in the order of `facts`, from its facts and its team's access (teamAccess, asked for every team of the sessions). */
export function sessionActions(facts: ActionFacts[], access: TeamsAccess): SessionAction[][] {
  return facts.map((f) => {
    const team = access.get(teamKey(f.specialistIds));
    // A session's booking actions need both halves of booking_access_refusal: the team's and its clients'.
    const bookable = team !== undefined && team.bookable && f.clientsReadable;
    const cancellable = team !== undefined && team.cancellable && f.clientsReadable;
    const records = team !== undefined && team.records;
    const open = OPEN_STATUSES.includes(f.status);
    const next = nextStatuses(f.status);
    const actions: SessionAction[] = [];
    if (bookable && next.includes("agreed")) actions.push("agree");
    if (bookable && open) actions.push("move");
    if (bookable && next.includes("no_show")) actions.push("no_show");
    if (cancellable && next.includes("cancelled")) actions.push("cancel");
    if (bookable && next.includes("planned")) actions.push("reinstate");
    if (records && open) actions.push("attendance");
    if (records && open && f.entriesAllowed && team.entryByActive) actions.push("complete");
    return actions;
  });
}
