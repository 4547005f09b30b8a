import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeRoom, makeSchedulingWorld, makeSession, tallinnWinter, type SchedulingWorld } from "@/server/testing/scheduling-factories";
import { accessHistory } from "@/server/clients/privacy";
import { withDates } from "@/components/calendar/events";
import { transformer } from "@/lib/transformer";
import { calendarAnswer, listSessions, type CalendarSession } from "./calendar";

/**
 * The calendars show everyone's time, but client data only to those who may read it: a session
 * none of whose clients the viewer may see, and that is not theirs, is just "busy".
 */

const t = await useTestDatabase();

let world: SchedulingWorld;
let roomId: string;
let sessionId: string;
let cancelledId: string;
const people: Record<"specialist" | "stranger" | "halfViewer" | "everyone", Actor> = {} as never;
const clientIds: Record<"anna" | "boris", string> = { anna: "", boris: "" };
const NOTES = "Eesmärk: toimetulek paanikahoogudega";
const day = "2024-03-11";
const range = { from: tallinnWinter(day, "00:00"), to: tallinnWinter("2024-03-12", "00:00") };

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  roomId = await makeRoom(t.db, { unitId: unit, name: "Saal", capacity: 8 });
  people.specialist = await makeActor(t.db, {
    permissions: { "sessions:read": "own", "sessions:book": "own", "clients:read": "own" },
    unitIds: [unit],
  });
  people.stranger = await makeActor(t.db, { permissions: { "sessions:read": "all", "clients:read": "own" }, unitIds: [unit] });
  people.halfViewer = await makeActor(t.db, { permissions: { "sessions:read": "all", "clients:read": "own" }, unitIds: [unit] });
  people.everyone = await makeActor(t.db, { permissions: { "sessions:read": "all", "clients:read": "all" } });
  const team = [people.specialist.employeeId];
  clientIds.anna = await makeClient(t.db, { name: "Annus", unitIds: [unit], teamIds: team, caseManagerId: people.halfViewer.employeeId });
  clientIds.boris = await makeClient(t.db, { name: "Borissov", unitIds: [unit], teamIds: team });
  sessionId = await makeSession(t.db, {
    serviceId: world.groupServiceId,
    roomId,
    startsAt: tallinnWinter(day, "10:00"),
    endsAt: tallinnWinter(day, "11:30"),
    notes: NOTES,
    specialistIds: [people.specialist.employeeId],
    participants: [{ clientId: clientIds.anna }, { clientId: clientIds.boris }],
  });
  cancelledId = await makeSession(t.db, {
    serviceId: world.groupServiceId,
    roomId,
    startsAt: tallinnWinter(day, "12:00"),
    endsAt: tallinnWinter(day, "13:00"),
    status: "cancelled",
    specialistIds: [people.specialist.employeeId],
    participants: [{ clientId: clientIds.boris }],
  });
});

const only = async (actor: Actor, filter: Partial<Parameters<typeof listSessions>[1]> = {}): Promise<CalendarSession> => {
  const list = await listSessions({ db: t.db, actor, ip: null }, { ...range, ...filter });
  expect(list.map((s) => s.id)).toEqual([sessionId]);
  return list[0]!;
};

describe("listSessions masks what the viewer may not see", () => {
  it("a viewer who may see none of the clients and is not a specialist of it gets { busy: true } and nothing else", async () => {
    const s = await only(people.stranger);
    expect(s.busy).toBe(true);
    expect(Object.keys(s).sort()).toEqual(["busy", "endsAt", "id", "roomId", "specialistIds", "startsAt"]);
    expect(s).toEqual({
      id: sessionId,
      busy: true,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:30"),
      roomId,
      specialistIds: [people.specialist.employeeId],
    });
    for (const key of ["service", "notes", "participants", "hiddenParticipants", "status", "roomName"]) expect(s).not.toHaveProperty(key);
    const text = JSON.stringify(s);
    for (const secret of ["Annus", "Borissov", NOTES, "Grupinõustamine", clientIds.anna, clientIds.boris])
      expect(text).not.toContain(secret);
  });

  it("a specialist of the session sees it in full: service, notes, every client", async () => {
    const s = await only(people.specialist);
    if (s.busy) throw new Error("expected the full session");
    expect(s).toMatchObject({
      status: "planned",
      notes: NOTES,
      roomName: "Saal",
      hiddenParticipants: 0,
      service: { id: world.groupServiceId, nameEt: "Grupinõustamine", isGroup: true },
    });
    expect(s.participants.map((p) => p.name).sort()).toEqual(["Client Annus", "Client Borissov"]);
    expect(s.specialists.map((x) => x.id)).toEqual([people.specialist.employeeId]);
  });

  it("a viewer who may see one of the two clients sees that one, and that one more is hidden", async () => {
    const s = await only(people.halfViewer);
    if (s.busy) throw new Error("expected the session");
    expect(s.participants).toEqual([{ clientId: clientIds.anna, name: "Client Annus", attendance: "expected", decisionId: null }]);
    expect(s.hiddenParticipants).toBe(1);
    expect(JSON.stringify(s)).not.toContain("Borissov");
    expect(JSON.stringify(s)).not.toContain(clientIds.boris);
  });

  it("cancelled sessions only on request, masked the same way", async () => {
    const list = await listSessions({ db: t.db, actor: people.stranger, ip: null }, { ...range, includeCancelled: true });
    expect(list.map((s) => [s.id, s.busy])).toEqual([
      [sessionId, true],
      [cancelledId, true],
    ]);
    const mine = await listSessions({ db: t.db, actor: people.specialist, ip: null }, { ...range, includeCancelled: true });
    expect(mine.map((s) => (s.busy ? null : s.status))).toEqual(["planned", "cancelled"]);
  });

  it("the browser gets exactly these sessions, sent as plain JSON and read back with dates", async () => {
    for (const actor of Object.values(people)) {
      const list = await listSessions({ db: t.db, actor, ip: null }, { ...range, includeCancelled: true });
      // As tRPC sends it (serialize, then JSON) and the browser reads it (parse, deserialize, the queries' select).
      const sent = JSON.parse(JSON.stringify(transformer.serialize(calendarAnswer(list)))) as { json: unknown; meta?: unknown };
      expect(sent.meta).toBeUndefined();
      expect(withDates(transformer.deserialize(sent) as Parameters<typeof withDates>[0])).toEqual(list);
    }
  });
});

describe("filters", () => {
  it("by room and by specialist, for anyone who reads calendars (busy blocks included)", async () => {
    expect((await only(people.stranger, { roomIds: [roomId] })).busy).toBe(true);
    expect((await only(people.stranger, { specialistIds: [people.specialist.employeeId] })).busy).toBe(true);
    expect(await listSessions({ db: t.db, actor: people.stranger, ip: null }, { ...range, roomIds: [randomUUID()] })).toEqual([]);
  });

  it("by client only for someone who may read that client: to anyone else the client does not exist", async () => {
    expect((await only(people.halfViewer, { clientId: clientIds.anna })).busy).toBe(false);
    // Otherwise the busy blocks would tell a stranger when this client has sessions.
    const unseen = await appErrorOf(listSessions({ db: t.db, actor: people.stranger, ip: null }, { ...range, clientId: clientIds.anna }));
    const missing = await appErrorOf(listSessions({ db: t.db, actor: people.stranger, ip: null }, { ...range, clientId: randomUUID() }));
    expect(unseen).toMatchObject({ code: "NOT_FOUND" });
    expect([unseen.messageKey, unseen.message, unseen.params]).toEqual([missing.messageKey, missing.message, missing.params]);
    expect(
      await appErrorOf(listSessions({ db: t.db, actor: people.halfViewer, ip: null }, { ...range, clientId: clientIds.boris })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a crowded range answers its earliest 5,000 sessions, in the order they start", async () => {
    // 5,001 sessions a minute apart, written latest first, so that neither the order of writing
    // nor that of the table gives the answer's order.
    await t.sql`
      INSERT INTO sessions (service_id, starts_at, ends_at)
      SELECT ${world.individualServiceId}, start, start + interval '30 minutes'
        FROM (SELECT ${tallinnWinter("2024-04-01", "00:00").toISOString()}::timestamptz + n * interval '1 minute' AS start
                FROM generate_series(5000, 0, -1) AS n) AS s`;
    // A client in the first session and another in the one past the cap: only the first is shown, and logged.
    await t.sql`
      INSERT INTO session_participants (session_id, client_id)
      SELECT id, CASE WHEN starts_at = ${tallinnWinter("2024-04-01", "00:00").toISOString()}::timestamptz THEN ${clientIds.anna}::uuid ELSE ${clientIds.boris}::uuid END
        FROM sessions
       WHERE starts_at IN (${tallinnWinter("2024-04-01", "00:00").toISOString()}::timestamptz,
                           ${tallinnWinter("2024-04-01", "00:00").toISOString()}::timestamptz + interval '5000 minutes')`;
    const [{ last }] = (await t.sql`SELECT coalesce(max(seq), 0) AS last FROM audit_log`) as unknown as [{ last: string }];
    const list = await listSessions(
      { db: t.db, actor: people.everyone, ip: null },
      { from: tallinnWinter("2024-04-01", "00:00"), to: tallinnWinter("2024-04-08", "00:00") },
    );
    expect(list).toHaveLength(5000);
    expect(list[0]).toMatchObject({ busy: false, participants: [{ clientId: clientIds.anna }] });
    expect(list.flatMap((s) => (s.busy ? [] : s.participants.map((p) => p.clientId)))).not.toContain(clientIds.boris);
    const logged = await t.sql<{ clientIds: string[] }[]>`
      SELECT details->'clientIds' AS "clientIds" FROM audit_log WHERE action = 'calendar.read' AND seq > ${last}`;
    expect(logged.map((row) => row.clientIds)).toEqual([[clientIds.anna]]);
    const starts = list.map((s) => s.startsAt.getTime());
    expect(starts[0]).toBe(tallinnWinter("2024-04-01", "00:00").getTime());
    expect(starts.at(-1)).toBe(tallinnWinter("2024-04-01", "00:00").getTime() + 4999 * 60_000);
    expect(starts.every((x, i) => i === 0 || x - starts[i - 1]! === 60_000)).toBe(true);
  });

  it("at most two months at a time", async () => {
    const err = await appErrorOf(
      listSessions(
        { db: t.db, actor: people.everyone, ip: null },
        { from: range.from, to: new Date(range.from.getTime() + 63 * 86_400_000) },
      ),
    );
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "to", messageKey: "errors.calendarRange" });
  });
});

describe("client names shown in a calendar are reads in the audit log", () => {
  it("one row per view lists the clients shown; the clients' access history finds it; busy blocks log nothing", async () => {
    const before = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar.read'`;
    await only(people.stranger);
    const afterBusy = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar.read'`;
    expect(afterBusy[0]!.n).toBe(before[0]!.n);

    const [{ last }] = (await t.sql`SELECT coalesce(max(seq), 0) AS last FROM audit_log`) as unknown as [{ last: string }];
    await only(people.halfViewer, { roomIds: [roomId] });
    // Exactly one row for the one view (a Drizzle query awaited in two places once ran, and logged, twice).
    const logged = await t.sql<{ seq: string; actor: string; details: { clientIds: string[]; view: string } }[]>`
      SELECT seq, actor_employee_id AS actor, details FROM audit_log WHERE action = 'calendar.read' AND seq > ${last}`;
    expect(logged).toHaveLength(1);
    const { seq, ...row } = logged[0]!;
    // The half viewer saw Anna only: Boris stays out of the row as he stayed out of the view.
    expect(row).toEqual({
      actor: people.halfViewer.employeeId,
      details: expect.objectContaining({ view: "roomCalendar", clientIds: [clientIds.anna] }),
    });
    expect(
      (await accessHistory({ db: t.db, actor: people.everyone, ip: null }, { clientId: clientIds.anna })).map((h) => String(h.seq)),
    ).toContain(String(seq));
    expect(
      (await accessHistory({ db: t.db, actor: people.everyone, ip: null }, { clientId: clientIds.boris })).map((h) => String(h.seq)),
    ).not.toContain(String(seq));
  });
});

describe("a view of many rooms finds its sessions' specialists and clients by time", () => {
  it("and answers exactly as the same rooms asked one by one, for every viewer", async () => {
    const week = { from: tallinnWinter("2024-05-06", "00:00"), to: tallinnWinter("2024-05-13", "00:00") };
    const unit = await makeUnit(t.db);
    const roomIds: string[] = [];
    for (let i = 0; i < 9; i++) roomIds.push(await makeRoom(t.db, { unitId: unit, name: `Ruum ${i + 1}`, capacity: 4 }));
    const seen = await makeClient(t.db, { name: "Nähtav", unitIds: [unit], caseManagerId: people.halfViewer.employeeId });
    const unseen = await makeClient(t.db, { name: "Varjatud", unitIds: [unit], teamIds: [people.specialist.employeeId] });
    const other = await makeActor(t.db, { permissions: { "sessions:read": "own" }, unitIds: [unit] });
    const at = (day: string, from: string, to: string) => ({ startsAt: tallinnWinter(day, from), endsAt: tallinnWinter(day, to) });
    const book = (
      roomId: string,
      time: { startsAt: Date; endsAt: Date },
      specialistIds: string[],
      clients: string[],
      status?: "cancelled",
    ) =>
      makeSession(t.db, {
        serviceId: clients.length > 1 ? world.groupServiceId : world.individualServiceId,
        roomId,
        ...time,
        status,
        specialistIds,
        participants: clients.map((clientId) => ({ clientId })),
      });
    for (let i = 0; i < 9; i++) {
      const day = `2024-05-${String(6 + (i % 5)).padStart(2, "0")}`;
      const hour = String(8 + i).padStart(2, "0");
      const specialistIds = i % 3 === 0 ? [people.specialist.employeeId, other.employeeId] : i % 3 === 1 ? [other.employeeId] : [];
      const clients = i % 4 === 0 ? [seen, unseen] : i % 4 === 1 ? [unseen] : i % 4 === 2 ? [seen] : [];
      await book(roomIds[i]!, at(day, `${hour}:00`, `${hour}:45`), specialistIds, clients);
    }
    // Across the week's start, cancelled (at booking and later), and moved into and out of the week.
    await book(
      roomIds[0]!,
      { startsAt: tallinnWinter("2024-05-05", "23:30"), endsAt: tallinnWinter("2024-05-06", "00:30") },
      [other.employeeId],
      [seen],
    );
    await book(roomIds[1]!, at("2024-05-07", "18:00", "19:00"), [people.specialist.employeeId], [seen], "cancelled");
    const cancelledLater = await book(roomIds[2]!, at("2024-05-08", "18:00", "19:00"), [other.employeeId], [unseen]);
    const movedIn = await book(roomIds[3]!, at("2024-05-20", "10:00", "11:00"), [people.specialist.employeeId], [seen, unseen]);
    const movedOut = await book(roomIds[4]!, at("2024-05-09", "18:00", "19:00"), [other.employeeId], [seen]);
    await t.sql`UPDATE sessions SET status = 'cancelled' WHERE id = ${cancelledLater}`;
    await t.sql`UPDATE sessions SET starts_at = ${tallinnWinter("2024-05-10", "18:00").toISOString()}::timestamptz, ends_at = ${tallinnWinter("2024-05-10", "19:00").toISOString()}::timestamptz WHERE id = ${movedIn}`;
    await t.sql`UPDATE sessions SET starts_at = ${tallinnWinter("2024-05-21", "18:00").toISOString()}::timestamptz, ends_at = ${tallinnWinter("2024-05-21", "19:00").toISOString()}::timestamptz WHERE id = ${movedOut}`;

    const byId = (list: CalendarSession[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    for (const viewer of [people.stranger, people.halfViewer, people.specialist, people.everyone, other]) {
      const ctx = { db: t.db, actor: viewer, ip: null };
      const whole = await listSessions(ctx, { ...week, roomIds });
      const oneByOne = (await Promise.all(roomIds.map((r) => listSessions(ctx, { ...week, roomIds: [r] })))).flat();
      expect(whole).toHaveLength(11);
      expect(whole.map((s) => s.id)).toContain(movedIn);
      expect(whole.map((s) => s.id)).not.toContain(movedOut);
      expect(whole.map((s) => s.id)).not.toContain(cancelledLater);
      expect(byId(whole)).toEqual(byId(oneByOne));
    }
    // The half viewer sees the client they manage, and that one more is hidden, in the moved session.
    const moved = (await listSessions({ db: t.db, actor: people.halfViewer, ip: null }, { ...week, roomIds })).find(
      (s) => s.id === movedIn,
    );
    expect(moved).toMatchObject({ busy: false, participants: [{ clientId: seen, name: "Client Nähtav" }], hiddenParticipants: 1 });
    // Its read is logged with the one client shown, whom the row names.
    const [logged] = await t.sql<{ clientId: string; details: { view: string; clientIds: string[] } }[]>`
      SELECT client_id AS "clientId", details FROM audit_log
       WHERE action = 'calendar.read' AND actor_employee_id = ${people.halfViewer.employeeId} ORDER BY seq DESC LIMIT 1`;
    expect(logged).toEqual({
      clientId: seen,
      details: { view: "roomCalendar", from: week.from.toISOString(), to: week.to.toISOString(), clientIds: [seen] },
    });
  });
});
