import { and, inArray, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import {
  auditLog,
  clients,
  employees,
  rooms,
  services,
  sessionParticipants,
  sessions,
  sessionSpecialists,
  type SessionStatus,
} from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { noteAuditClientIds } from "@/server/audit/index-upkeep";
import { requireClient } from "@/server/clients/facts";
import type { DbOrTx } from "@/server/db/client";
import { invalid } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { clientVisibility, enterableWhenReadable } from "@/server/policy/client-scope";
import { widerScope } from "@/server/policy/permissions";
import { scopeOf } from "@/server/policy/policy";
import { coversSpecialists } from "./guards";
import { currentStaffGeneration, sessionActions, teamAccess, type ActionFacts, type SessionAction } from "./session-actions";
import { isUuid } from "@/lib/schemas";
import { fromJson, runOnce } from "@/server/db/sql-helpers";
import { plainJson } from "@/lib/transformer";
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
      service: CalendarService;
      specialists: { id: string; name: string }[];
      participants: { clientId: string; name: string; attendance: string; decisionId: string | null }[];
      hiddenParticipants: number;
      /** What the viewer may do with it (session-actions.ts). A hint; the mutations decide. */
      actions: SessionAction[];
    };

const MAX_RANGE_DAYS = 62;
/** At most this many sessions, the earliest, in one answer. */
const LIST_CAP = 5000;
/** From this many rooms on, a room calendar reads its sessions' specialists and clients by time. */
const MANY_ROOMS = 8;

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
  // Two statements at once: the sessions with their specialists, and their clients (with what
  // the viewer may see of each). Once the sessions are in, the names of the services, rooms and
  // employees, and what the viewer may do with each of their teams (teamAccess). A week of sixty
  // rooms is thousands of sessions: asked one after the other, with whole session rows mapped by
  // Drizzle, that took 120 ms a call, most of it Node turning rows into objects (and collecting
  // them after) against a few milliseconds of PostgreSQL's each. So only the columns shown, the
  // times as epoch milliseconds, each object built once, and the names read once rather than on
  // each session's row (13.5 against 7 ms of Node's decoding of that week's sessions).
  //
  // No more than two at a time: on two cores, the view's four statements at once beside Node's
  // decoding left more processes wanting a core than there are, and about one week view in
  // fourteen waited over 50 ms for one. Each session's specialists come as one text of ids on its
  // own row, which also spares a second reading of the range and ~3,000 rows to decode. Runs of
  // 300 week views of sixty rooms, the same process: p50 28-29 -> 26-27 ms, p95 58-60 -> 43-47
  // ms, views over 50 ms 22-23 -> 7-8 (the same four statements only two at a time: p95 50-52).
  //
  // A view of many rooms shows most of the range's sessions, and one index search a session is
  // then the larger cost (a week of sixty rooms: the clients by 2,988 keys 16 ms, by their own
  // time 3 ms): the active join rows of the range come through their time indexes (migration
  // 0045) and are matched to the sessions by a hash join. The OFFSET 0 keeps PostgreSQL from
  // folding that read into the join, where its estimate of one row a session made it choose the
  // keys again. A view of a few rooms, of a person, or with the cancelled sessions (whose rows
  // are inactive) finds them by the sessions' ids, each through its primary key: there the range
  // read would be most of the work (and joined to the sessions instead, the plan read the whole
  // join table when it was small enough).
  //
  // The statements start through runOnce: a Drizzle query runs again on every `then`, and the
  // participants' statement, waited for in two places, ran, and logged, twice a view.
  const byTime = !f.includeCancelled && !f.specialistIds?.length && !f.clientId && (f.roomIds?.length ?? MANY_ROOMS) >= MANY_ROOMS;
  const activeInRange = (table: typeof sessionSpecialists | typeof sessionParticipants) =>
    sql`(SELECT * FROM ${table} WHERE ${table.active} AND tstzrange(${table.startsAt}, ${table.endsAt}, '[)') && ${range} OFFSET 0) AS ${table}`;
  // A session's specialists, their ids sorted and joined by commas; null for none.
  const teamIds = sql`string_agg(${sessionSpecialists.employeeId}::text, ',' ORDER BY ${sessionSpecialists.employeeId})`;
  const team = byTime
    ? {
        column: sql`team.ids`,
        join: sql`LEFT JOIN (SELECT ${sessionSpecialists.sessionId} AS session_id, ${teamIds} AS ids FROM ${activeInRange(sessionSpecialists)} GROUP BY 1) AS team
                         ON team.session_id = ${sessions.id}`,
      }
    : { column: sql`(SELECT ${teamIds} FROM ${sessionSpecialists} WHERE ${sessionSpecialists.sessionId} = ${sessions.id})`, join: sql`` };
  // A client the viewer may not read comes without a name (names are never empty), which is how
  // the rows say whether the viewer may read the client: clientVisibility is asked once a row, and
  // servicesEnterable's other half beside it (a week of sixty rooms: 21 ms against 27 for the two
  // asked whole, on the statement the answer waits for).
  //
  // The same statement writes the read's audit row (auditClientReads), from the rows it reads: a
  // week of sixty rooms lists ~3,000 clients, which sent from here were 120 kB to encode and
  // write (4 ms of Node's a view) and for PostgreSQL to parse back. Unless the range holds more
  // sessions than one answer shows ("loggedWithRead" false): then the clients of the sessions
  // shown are logged from here. The ids go in as to_jsonb of an array: jsonb_agg took 0.7 ms more
  // for ~3,000 of them.
  //
  // The range's ids are read once, for the join rows and for the count against the cap.
  const participantRows = byTime
    ? { from: activeInRange(sessionParticipants), where: sql`${sessionParticipants.sessionId} IN (SELECT id FROM in_range)` }
    : { from: sql`${sessionParticipants}`, where: sql`${sessionParticipants.sessionId} = ANY(ARRAY(SELECT id FROM in_range))` };
  const participantsQuery = runOnce(
    db.execute<ParticipantRow & { loggedWithRead: boolean }>(sql`
    WITH in_range AS MATERIALIZED (SELECT ${sessions.id} FROM ${sessions} WHERE ${inRange}), shown AS (
      SELECT ${sessionParticipants.sessionId} AS "sessionId", ${clients.id} AS "clientId", ${sessionParticipants.attendance} AS attendance,
             ${sessionParticipants.decisionId} AS "decisionId", ${enterableWhenReadable(actor)} AS "enterableWhenReadable",
             CASE WHEN ${clientVisibility(actor, "read")} THEN ${clients.firstName} || ' ' || ${clients.lastName} END AS name
        FROM ${participantRows.from}
        JOIN ${clients} ON ${clients.id} = ${sessionParticipants.clientId}
       WHERE ${participantRows.where}
    ), whole AS (
      SELECT count(*) <= ${LIST_CAP} AS answer FROM in_range
    ), logged AS (
      INSERT INTO ${auditLog} (actor_employee_id, action, client_id, target_type, ip, details)
      SELECT ${actor.employeeId}::uuid, ${CALENDAR_READ}, CASE WHEN count(*) = 1 THEN (array_agg(readable.id))[1] END, 'calendar', ${ip}::text,
             ${JSON.stringify(calendarReadDetails(f))}::jsonb || jsonb_build_object('clientIds', to_jsonb(array_agg(readable.id)))
        FROM (SELECT DISTINCT "clientId" AS id FROM shown WHERE name IS NOT NULL) AS readable
       WHERE (SELECT answer FROM whole)
      HAVING count(*) > 0
    )
    SELECT shown.*, (SELECT answer FROM whole) AS "loggedWithRead" FROM shown ORDER BY "sessionId", "clientId"`),
  );
  const sessionsQuery = runOnce(
    db.execute<SessionRow>(sql`
    SELECT ${sessions.id} AS id, ${epochMs(sessions.startsAt)} AS "startsAt", ${epochMs(sessions.endsAt)} AS "endsAt",
           ${sessions.roomId} AS "roomId", ${sessions.status} AS status, ${sessions.notes} AS notes,
           ${sessions.seriesId} AS "seriesId", ${sessions.serviceId} AS "serviceId", ${team.column} AS team
      FROM ${sessions} ${team.join}
     WHERE ${inRange}`),
  );
  // Every service, room and employee: catalogues of tens or hundreds of rows, where the sessions'
  // own would need their range read again. After the sessions, beside the participants.
  const namesQuery = sessionsQuery
    .then(() =>
      db.execute<{ services: string; rooms: string; employees: string; staffGeneration: string }>(
        sql`SELECT (SELECT coalesce(json_agg(json_build_object('id', ${services.id}, 'code', ${services.code}, 'nameEt', ${services.nameEt},
                                                         'nameEn', ${services.nameEn}, 'isGroup', ${services.isGroup})), '[]') FROM ${services})::text AS services,
                 (SELECT coalesce(json_agg(json_build_object('id', ${rooms.id}, 'name', ${rooms.name})), '[]') FROM ${rooms})::text AS rooms,
                 (SELECT coalesce(json_agg(json_build_object('id', ${employees.id}, 'name', ${employees.firstName} || ' ' || ${employees.lastName})), '[]')
                    FROM ${employees})::text AS employees,
                 ${currentStaffGeneration} AS "staffGeneration"`,
      ),
    )
    .then(([row]) => ({
      staffGeneration: row!.staffGeneration,
      services: new Map(fromJson<CalendarService[]>(row!.services)!.map((x) => [x.id, x])),
      rooms: new Map(fromJson<{ id: string; name: string }[]>(row!.rooms)!.map((x) => [x.id, x.name])),
      employees: new Map(fromJson<{ id: string; name: string }[]>(row!.employees)!.map((x) => [x.id, x.name])),
    }));
  // Each session's own array, as it goes into the answer.
  const teamsQuery = sessionsQuery.then((rows) => {
    const teams = new Map<string, string[]>();
    for (const s of rows) if (s.team !== null) teams.set(s.id, s.team.split(","));
    return teams;
  });
  // Every team of the range, and the empty one of a session without specialists; kept by
  // teamAccess for the staff generation the names' statement read, asked again when it moved.
  const accessQuery = Promise.all([teamsQuery, namesQuery]).then(([teams, names]) =>
    teamAccess({ db, actor, ip }, [[], ...teams.values()], {
      staffGeneration: names.staffGeneration,
    }),
  );
  // Sorted where they arrived: the rows are this call's own.
  const shownRows = sessionsQuery.then((found) => {
    found.sort((a, b) => a.startsAt - b.startsAt);
    return found.length > LIST_CAP ? found.slice(0, LIST_CAP) : found;
  });
  const peopleQuery = participantsQuery.then((rows) => groupBySession(rows));
  // The clients whose names are shown, which are those the viewer may read, of the sessions
  // shown: logged by the participants' statement itself, or else here as soon as it is known whom
  // the view shows.
  const audited = Promise.all([shownRows, participantsQuery, peopleQuery]).then(([rows, found, peopleOf]) =>
    found.length === 0
      ? undefined
      : found[0]!.loggedWithRead
        ? void noteAuditClientIds(db, countNamed(found))
        : auditClientReads(
            db,
            actor,
            rows.flatMap((s) => peopleOf.get(s.id) ?? []),
            f,
            ip,
          ),
  );
  // Built while the access statement still runs. A week of sixty rooms is ~3,000 sessions: each
  // array and object here is made once (the garbage of one view set off a collection of the young
  // generation in about every fourth view).
  const shownQuery = Promise.all([shownRows, teamsQuery, peopleQuery, namesQuery]).then(([rows, teams, peopleOf, names]) => {
    const facts: ActionFacts[] = [];
    // The sessions the facts describe, in the same order.
    const described: OpenSession[] = [];
    const shown = rows.map((s): CalendarSession => {
      const specialistIds = teams.get(s.id) ?? NONE;
      const people = peopleOf.get(s.id) ?? NONE;
      let hidden = 0;
      for (const p of people) if (p.name === null) hidden++;
      const startsAt = new Date(s.startsAt);
      const endsAt = new Date(s.endsAt);
      if (hidden === people.length && !specialistIds.includes(actor.employeeId)) {
        return { id: s.id, busy: true, startsAt, endsAt, roomId: s.roomId, specialistIds };
      }
      facts.push({
        id: s.id,
        status: s.status,
        specialistIds,
        clientsReadable: hidden === 0,
        entriesAllowed: people.every(
          (p) => p.name !== null && (p.enterableWhenReadable || p.attendance === "absent" || p.attendance === "excused"),
        ),
      });
      const session: OpenSession = {
        id: s.id,
        busy: false,
        startsAt,
        endsAt,
        roomId: s.roomId,
        roomName: s.roomId === null ? null : (names.rooms.get(s.roomId) ?? null),
        status: s.status,
        notes: s.notes,
        seriesId: s.seriesId,
        service: names.services.get(s.serviceId)!,
        specialists: specialistIds.map((id) => ({ id, name: names.employees.get(id)! })),
        participants: (hidden === 0 ? people : people.filter((p) => p.name !== null)).map(({ clientId, name, attendance, decisionId }) => ({
          clientId,
          name: name!,
          attendance,
          decisionId,
        })),
        hiddenParticipants: hidden,
        actions: NO_ACTIONS,
      };
      described.push(session);
      return session;
    });
    return { shown, facts, described };
  });
  const [{ shown, facts, described }, access] = await Promise.all([shownQuery, accessQuery, audited]);
  const actions = sessionActions(facts, access);
  for (let i = 0; i < described.length; i++) described[i]!.actions = actions[i]!;
  return shown;
}

/**
 * The calendars' answer as the browser gets it: the times as epoch milliseconds, and the whole
 * sent as plain JSON (lib/transformer.ts), which the browser turns back into dates (withDates,
 * components/calendar/events.ts). superjson took 118 ms of the server's CPU to send a week of
 * sixty rooms, and the browser ~14 ms more to copy it. The sessions share their service and
 * empty lists with each other: as JSON each is written out where it stands.
 */
export function calendarAnswer(list: CalendarSession[]) {
  return plainJson(list.map((s) => ({ ...s, startsAt: s.startsAt.getTime(), endsAt: s.endsAt.getTime() })));
}

type OpenSession = Extract<CalendarSession, { busy: false }>;
const NONE: never[] = [];
/** Until sessionActions answers: every session it describes gets its own list. */
const NO_ACTIONS: SessionAction[] = [];

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
  serviceId: string;
  /** The specialists' ids, sorted and joined by commas; null for none. */
  team: string | null;
};

type CalendarService = { id: string; code: string; nameEt: string; nameEn: string; isGroup: boolean };

type ParticipantRow = {
  sessionId: string;
  clientId: string;
  attendance: string;
  decisionId: string | null;
  /** servicesEnterable, given that the viewer may read the client (name not null). */
  enterableWhenReadable: boolean;
  /** Null: a client the viewer may not read. */
  name: string | null;
};

/** The rows with a name: the clients the participants' statement logged, a client once a session. */
function countNamed(rows: readonly { name: string | null }[]): number {
  let n = 0;
  for (const row of rows) if (row.name !== null) n++;
  return n;
}

/** The rows come ordered by session, so a session's are looked up once, not once a row. */
function groupBySession<T extends { sessionId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  let last: string | undefined;
  let list: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.sessionId === last) list.push(row);
    else {
      last = row.sessionId;
      const known = out.get(last);
      if (known) (list = known).push(row);
      else out.set(last, (list = [row]));
    }
  }
  return out;
}

/**
 * Client names shown in a calendar are a read of those clients' data: one audit row per view
 * lists them (details.clientIds), and each client's access history finds it there. `shown`: the
 * participants of the sessions shown; one without a name is a client the viewer may not read,
 * not shown (a busy block shows no client) and not logged. listSessions's participants statement
 * writes the same row itself, unless the range holds more sessions than one answer shows.
 */
async function auditClientReads(
  db: DbOrTx,
  actor: Actor,
  shown: { clientId: string; name: string | null }[],
  f: CalendarFilter,
  ip: string | null,
) {
  const clientIds = [...new Set(shown.filter((p) => p.name !== null).map((p) => p.clientId))];
  if (clientIds.length === 0) return;
  await recordAudit(db, {
    actorEmployeeId: actor.employeeId,
    action: CALENDAR_READ,
    clientId: clientIds.length === 1 ? clientIds[0] : null,
    targetType: "calendar",
    targetId: null,
    ip,
    details: { ...calendarReadDetails(f), clientIds },
  });
}

const CALENDAR_READ = "calendar.read";

/** What a calendar read's audit row says of the view besides its clients. */
const calendarReadDetails = (f: CalendarFilter) => ({
  view: f.clientId ? "clientCalendar" : f.roomIds?.length ? "roomCalendar" : "calendar",
  from: f.from.toISOString(),
  to: f.to.toISOString(),
});
