import { and, inArray, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { clients, employees, rooms, services, sessionParticipants, sessions, sessionSpecialists, type SessionStatus } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { requireClient } from "@/server/clients/facts";
import type { DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility, servicesEnterable } from "@/server/policy/client-scope";
import { widerScope } from "@/server/policy/permissions";
import { scopeOf } from "@/server/policy/policy";
import { coversSpecialists } from "./guards";
import { sessionActions, teamAccess, type ActionFacts, type SessionAction } from "./session-actions";
import { isUuid } from "@/lib/schemas";
import type { DomainContext } from "@/server/domain-context";

export type CalendarFilter = {
  from: Date;
  to: Date;
  roomIds?: string[];
  specialistIds?: string[];
  clientId?: string;
  includeCancelled?: boolean;
};

export type CalendarSession =
  | { id: string; busy: true; startsAt: Date; endsAt: Date; roomId: string | null; specialistIds: string[] }
  | {
      id: string;
      busy: false;
      startsAt: Date;
      endsAt: Date;
      roomId: string | null;
      roomName: string | null;
      status: string;
      notes: string;
      seriesId: string | null;
      service: { id: string; code: string; nameEt: string; nameEn: string; isGroup: boolean };
      specialists: { id: string; name: string }[];
      participants: { clientId: string; name: string; attendance: string; decisionId: string | null }[];
      hiddenParticipants: number;
      /** What the viewer may do with it (session-actions.ts). A hint; the mutations decide. */
      actions: SessionAction[];
    };

const MAX_RANGE_DAYS = 62;
/** At most this many sessions, the earliest, in one answer. */
const LIST_CAP = 5000;

/**
 * May the actor follow this specialist's own calendar (the socket room specialist:<id>)? Oneself
 * always; others as far as the person's sessions scope reaches, exactly as for booking them:
 * unit the unit subtree, all anyone. Colleagues outside that reach are seen as in the room
 * calendar (busy blocks, through the all-sessions room), not followed one by one.
 */
export async function mayFollowSpecialist({ db, actor }: DomainContext, { specialistId }: { specialistId: string }): Promise<boolean> {
  const read = scopeOf(actor, "sessions", "read");
  const book = scopeOf(actor, "sessions", "book");
  const scope = read && book ? widerScope(read, book) : (read ?? book);
  if (!scope || !isUuid(specialistId)) return false;
  if (specialistId === actor.employeeId) return true;
  return scope !== "own" && (await coversSpecialists({ db, actor, ip: null }, { scope, specialistIds: [specialistId] }));
}

/**
 * Sessions for the calendars. A session none of whose clients the viewer may see, and that is
 * not the viewer's own, comes back as "busy": time, room and specialists only, no client data.
 */
export async function listSessions({ db, actor, ip }: DomainContext, f: CalendarFilter): Promise<CalendarSession[]> {
  if (!(f.to > f.from) || f.to.getTime() - f.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw invalid("to", "errors.calendarRange", "Ask for at most two months at a time");
  }
  // The overlap as a range, which the GiST index sessions_time_range_idx answers: "starts before
  // the end" alone reads every earlier session of ten years. The join rows' ranges use their own
  // exclusion constraints' indexes (active rows: the sessions that are not cancelled). No ORDER
  // BY ... LIMIT in SQL and no bounds on starts_at: with them, the plan PostgreSQL keeps for a
  // prepared statement after its fifth run walked the starts_at index from the first session of
  // ten years (a second for a week of sixty rooms, against 30 ms); sorted and capped here instead.
  const range = sql`tstzrange(${f.from.toISOString()}::timestamptz, ${f.to.toISOString()}::timestamptz, '[)')`;
  const where: SQL[] = [sql`tstzrange(${sessions.startsAt}, ${sessions.endsAt}, '[)') && ${range}`];
  if (!f.includeCancelled) where.push(ne(sessions.status, "cancelled"));
  const filters: SQL[] = [];
  if (f.roomIds?.length) filters.push(inArray(sessions.roomId, f.roomIds));
  if (f.specialistIds?.length) {
    const activeRange = f.includeCancelled ? sql`` : sql`AND active AND tstzrange(starts_at, ends_at, '[)') && ${range}`;
    filters.push(
      sql`${sessions.id} IN (SELECT session_id FROM ${sessionSpecialists} WHERE ${sessionSpecialists.employeeId} IN ${f.specialistIds} ${activeRange})`,
    );
  }
  if (f.clientId) {
    // Busy blocks would otherwise tell anyone when this client has sessions.
    await requireClient({ db, actor, ip }, { clientId: f.clientId, action: "read" });
    const activeRange = f.includeCancelled ? sql`` : sql`AND active AND tstzrange(starts_at, ends_at, '[)') && ${range}`;
    filters.push(
      sql`${sessions.id} IN (SELECT session_id FROM ${sessionParticipants} WHERE ${sessionParticipants.clientId} = ${f.clientId} ${activeRange})`,
    );
  }
  if (filters.length) where.push(or(...filters)!);
  const inRange = and(...where)!;
  // Four statements at once, none waiting for another's answer: what the viewer may do with each
  // team of the sessions (the slowest, so asked first: it never waits for a free connection of
  // the pool), the sessions, their specialists and their clients (with what the viewer may see of
  // each). A week of sixty rooms is thousands of sessions: asked one after the other, with whole
  // session rows mapped by Drizzle, and the team access waiting for the specialists, that took
  // 120 ms a call, most of it Node turning rows into objects (and collecting them after) against a
  // few milliseconds of PostgreSQL's each. So only the columns shown, the times as epoch
  // milliseconds, and each object built once. The join rows are found by the sessions' ids, each
  // through its primary key: joined to the sessions instead, the plan read the whole join table
  // when it was small enough.
  const ids = sql`ARRAY(SELECT ${sessions.id} FROM ${sessions} WHERE ${inRange})`;
  const accessQuery = teamAccess(
    { db, actor, ip },
    sql`SELECT DISTINCT coalesce((SELECT array_agg(${sessionSpecialists.employeeId} ORDER BY ${sessionSpecialists.employeeId})
                                    FROM ${sessionSpecialists} WHERE ${sessionSpecialists.sessionId} = ${sessions.id}), '{}') AS specialists
          FROM ${sessions} WHERE ${inRange}`,
  );
  const sessionsQuery = db.execute<SessionRow>(sql`
    SELECT ${sessions.id} AS id, ${epochMs(sessions.startsAt)} AS "startsAt", ${epochMs(sessions.endsAt)} AS "endsAt",
           ${sessions.roomId} AS "roomId", ${sessions.status} AS status, ${sessions.notes} AS notes,
           ${sessions.seriesId} AS "seriesId", ${rooms.name} AS "roomName", ${services.id} AS "serviceId", ${services.code} AS "serviceCode",
           ${services.nameEt} AS "serviceNameEt", ${services.nameEn} AS "serviceNameEn", ${services.isGroup} AS "serviceIsGroup"
      FROM ${sessions}
      JOIN ${services} ON ${services.id} = ${sessions.serviceId}
      LEFT JOIN ${rooms} ON ${rooms.id} = ${sessions.roomId}
     WHERE ${inRange}`);
  const specialistsQuery = db.execute<{ sessionId: string; id: string; name: string }>(sql`
    SELECT ${sessionSpecialists.sessionId} AS "sessionId", ${employees.id} AS id, ${employees.firstName} || ' ' || ${employees.lastName} AS name
      FROM ${sessionSpecialists}
      JOIN ${employees} ON ${employees.id} = ${sessionSpecialists.employeeId}
     WHERE ${sessionSpecialists.sessionId} = ANY(${ids})
     ORDER BY ${sessionSpecialists.sessionId}, ${sessionSpecialists.employeeId}`);
  // A client the viewer may not read comes without a name.
  const participantsQuery = db.execute<ParticipantRow>(sql`
    SELECT ${sessionParticipants.sessionId} AS "sessionId", ${clients.id} AS "clientId", ${sessionParticipants.attendance} AS attendance,
           ${sessionParticipants.decisionId} AS "decisionId", v.visible, v.enterable,
           CASE WHEN v.visible THEN ${clients.firstName} || ' ' || ${clients.lastName} END AS name
      FROM ${sessionParticipants}
      JOIN ${clients} ON ${clients.id} = ${sessionParticipants.clientId}
     CROSS JOIN LATERAL (SELECT ${clientVisibility(actor, "read")} AS visible, ${servicesEnterable(actor)} AS enterable) v
     WHERE ${sessionParticipants.sessionId} = ANY(${ids})
     ORDER BY ${sessionParticipants.sessionId}, ${sessionParticipants.clientId}`);
  // Shown and audited while the slower access statement still runs.
  const shownQuery = Promise.all([sessionsQuery, specialistsQuery, participantsQuery]).then(async ([found, specialists, participants]) => {
    const rows = [...found].sort((a, b) => a.startsAt - b.startsAt).slice(0, LIST_CAP);
    // Grouped once: a week of sixty rooms is thousands of sessions, and a filter per session was quadratic.
    const teams = groupBySession(specialists);
    const peopleOf = groupBySession(participants);
    const facts: ActionFacts[] = [];
    const shown = rows.map((s): CalendarSession => {
      const team = (teams.get(s.id) ?? []).map(({ id, name }) => ({ id, name }));
      const people = peopleOf.get(s.id) ?? [];
      const visible = people.filter((p) => p.visible);
      const startsAt = new Date(s.startsAt);
      const endsAt = new Date(s.endsAt);
      if (visible.length === 0 && !team.some((x) => x.id === actor.employeeId)) {
        return { id: s.id, busy: true, startsAt, endsAt, roomId: s.roomId, specialistIds: team.map((x) => x.id) };
      }
      facts.push({
        id: s.id,
        status: s.status,
        specialistIds: team.map((x) => x.id),
        clientsReadable: people.every((p) => p.visible),
        entriesAllowed: people.every((p) => p.visible && (p.enterable || p.attendance === "absent" || p.attendance === "excused")),
      });
      return {
        id: s.id,
        busy: false,
        startsAt,
        endsAt,
        roomId: s.roomId,
        roomName: s.roomName,
        status: s.status,
        notes: s.notes,
        seriesId: s.seriesId,
        service: { id: s.serviceId, code: s.serviceCode, nameEt: s.serviceNameEt, nameEn: s.serviceNameEn, isGroup: s.serviceIsGroup },
        specialists: team,
        participants: visible.map(({ clientId, name, attendance, decisionId }) => ({ clientId, name: name!, attendance, decisionId })),
        hiddenParticipants: people.length - visible.length,
        actions: [],
      };
    });
    await auditClientReads(db, actor, shown, f, ip);
    return { shown, facts };
  });
  const [{ shown, facts }, access] = await Promise.all([shownQuery, accessQuery]);
  const actions = sessionActions(facts, access);
  for (const x of shown) if (!x.busy) x.actions = actions.get(x.id) ?? [];
  return shown;
}

const epochMs = (column: SQLWrapper) => sql`(extract(epoch FROM ${column}) * 1000)::float8`;

type SessionRow = {
  id: string;
  /** Milliseconds since the epoch. */
  startsAt: number;
  endsAt: number;
  roomId: string | null;
  status: SessionStatus;
  notes: string;
  seriesId: string | null;
  roomName: string | null;
  serviceId: string;
  serviceCode: string;
  serviceNameEt: string;
  serviceNameEn: string;
  serviceIsGroup: boolean;
};

type ParticipantRow = {
  sessionId: string;
  clientId: string;
  attendance: string;
  decisionId: string | null;
  visible: boolean;
  enterable: boolean;
  name: string | null;
};

function groupBySession<T extends { sessionId: string }>(rows: Iterable<T>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.sessionId);
    if (list) list.push(row);
    else out.set(row.sessionId, [row]);
  }
  return out;
}

/**
 * Client names shown in a calendar are a read of those clients' data: one audit row per view
 * lists them (details.clientIds), and each client's access history finds it there. Busy blocks
 * show no client and are not logged.
 */
type Shown = { busy: true } | { busy: false; participants: { clientId: string }[] };

async function auditClientReads(db: DbOrTx, actor: Actor, shown: Shown[], f: CalendarFilter, ip: string | null) {
  const clientIds = [...new Set(shown.flatMap((s) => (s.busy ? [] : s.participants.map((p) => p.clientId))))];
  if (clientIds.length === 0) return;
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: "calendar.read",
    clientId: clientIds.length === 1 ? clientIds[0] : null,
    targetType: "calendar",
    targetId: null,
    ip,
    details: {
      view: f.clientId ? "clientCalendar" : f.roomIds?.length ? "roomCalendar" : "calendar",
      from: f.from.toISOString(),
      to: f.to.toISOString(),
      clientIds,
    },
  });
}
