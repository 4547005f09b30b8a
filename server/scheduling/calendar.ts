import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { clients, employees, rooms, services, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
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
import { uuidArray } from "@/server/db/sql-helpers";
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
  const rows = await db
    .select({
      s: sessions,
      roomName: rooms.name,
      service: { id: services.id, code: services.code, nameEt: services.nameEt, nameEn: services.nameEn, isGroup: services.isGroup },
    })
    .from(sessions)
    .innerJoin(services, eq(services.id, sessions.serviceId))
    .leftJoin(rooms, eq(rooms.id, sessions.roomId))
    .where(and(...where))
    .then((found) => found.sort((a, b) => a.s.startsAt.getTime() - b.s.startsAt.getTime()).slice(0, LIST_CAP));
  const ids = rows.map((r) => r.s.id);
  if (ids.length === 0) return [];
  const specialistsQuery = Promise.resolve(
    db
      .select({
        sessionId: sessionSpecialists.sessionId,
        id: employees.id,
        name: sql<string>`${employees.firstName} || ' ' || ${employees.lastName}`,
      })
      .from(sessionSpecialists)
      .innerJoin(employees, eq(employees.id, sessionSpecialists.employeeId))
      .where(sql`${sessionSpecialists.sessionId} = ANY(${uuidArray(ids)})`),
  );
  // What the viewer may do with each team's sessions is asked as soon as the teams are known,
  // while the participants (the slower query: each client's visibility) are still being read.
  const accessQuery = specialistsQuery.then((found) => {
    const byId = groupBySession(found);
    return teamAccess(
      { db, actor, ip },
      ids.map((id) => (byId.get(id) ?? []).map((x) => x.id)),
    );
  });
  const participantsQuery = Promise.resolve(
    db
      .select({
        sessionId: sessionParticipants.sessionId,
        clientId: clients.id,
        attendance: sessionParticipants.attendance,
        decisionId: sessionParticipants.decisionId,
        name: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
        visible: sql<boolean>`${clientVisibility(actor, "read")}`,
        enterable: sql<boolean>`${servicesEnterable(actor)}`,
      })
      .from(sessionParticipants)
      .innerJoin(clients, eq(clients.id, sessionParticipants.clientId))
      .where(sql`${sessionParticipants.sessionId} = ANY(${uuidArray(ids)})`),
  );
  const [specialists, participants, access] = await Promise.all([specialistsQuery, participantsQuery, accessQuery]);
  const facts: ActionFacts[] = [];
  // Grouped once: a week of sixty rooms is thousands of sessions, and a filter per session was quadratic.
  const teams = groupBySession(specialists);
  const peopleOf = groupBySession(participants);
  const shown = rows.map(({ s, roomName, service }) => {
    const team = teams.get(s.id) ?? [];
    const people = peopleOf.get(s.id) ?? [];
    const visible = people.filter((p) => p.visible);
    const own = team.some((x) => x.id === actor.employeeId);
    if (visible.length === 0 && !own) {
      return {
        id: s.id,
        busy: true as const,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        roomId: s.roomId,
        specialistIds: team.map((x) => x.id),
      };
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
      busy: false as const,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      roomId: s.roomId,
      roomName,
      status: s.status,
      notes: s.notes,
      seriesId: s.seriesId,
      service,
      specialists: team.map(({ id, name }) => ({ id, name })),
      participants: visible.map(({ clientId, name, attendance, decisionId }) => ({ clientId, name, attendance, decisionId })),
      hiddenParticipants: people.length - visible.length,
    };
  });
  await auditClientReads(db, actor, shown, f, ip);
  const actions = sessionActions(facts, access);
  return shown.map((x) => (x.busy ? x : { ...x, actions: actions.get(x.id) ?? [] }));
}

function groupBySession<T extends { sessionId: string }>(rows: T[]): Map<string, T[]> {
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
