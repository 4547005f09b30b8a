import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceEntries, sessions } from "@/db/schema";
import { AppError, pgErrorOf, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeClientWithDecision } from "@/server/testing/funding-factories";
import {
  countOverlaps,
  makeRoom,
  makeSchedulingWorld,
  makeSession,
  tallinnWinter,
  type SchedulingWorld,
} from "@/server/testing/scheduling-factories";
import { completeSession, setAttendance } from "./complete";
import { bookSeries } from "./series";
import { moveInSeries } from "./series-move";
import { bookSession, moveSession, setSessionStatus } from "./sessions";

/**
 * The promise: nobody is in two places at once, even when many people press "book" at
 * the same moment. A storm of conflicting bookings through bookSession, the exclusion
 * constraints on their own under real contention, and the lock order between booking, moving,
 * attendance and completion (which must queue, never deadlock).
 */

const POOL = 50;
const t = await useTestDatabase({ max: POOL });

let unit: string;
let world: SchedulingWorld;
const bookers: Actor[] = [];

beforeAll(async () => {
  unit = await makeUnit(t.db);
  world = await makeSchedulingWorld(t.db);
  // They complete sessions too, which enters services: clients:update reaching every client.
  for (let i = 0; i < 3; i++)
    bookers.push(
      await makeActor(t.db, {
        permissions: {
          "sessions:book": "all",
          "sessions:late_entry": "all",
          "sessions:read": "all",
          "clients:read": "all",
          "clients:update": "all",
        },
        unitIds: [unit],
      }),
    );
});

const fundedClient = () =>
  makeClientWithDecision(t.db, {
    unitIds: [unit],
    decision: { fundingSourceId: world.sourceId, startDate: "2024-01-01", endDate: "2024-12-31" },
  });
const rejections = <T>(results: PromiseSettledResult<T>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);

// A connection of its own, so that watching never waits for the pool the calls have filled.
const watcher = postgres(t.url, { max: 1, onnotice: () => {} });
afterAll(() => watcher.end());

/** Waits until `n` backends of this database wait for a lock: the calls started really contend. */
async function waitForLockWaiters(n: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await watcher<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.n >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${n} calls reached the lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Holds `lockSql` in a transaction of its own connection until release() is called. */
async function hold(lockSql: (sql: postgres.TransactionSql) => Promise<unknown>) {
  const blocker = postgres(t.url, { max: 1, onnotice: () => {} });
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const held = blocker.begin(async (tx) => {
    await lockSql(tx);
    locked();
    await new Promise<void>((r) => (release = r));
  });
  await isLocked;
  let ended: Promise<void> | undefined;
  return {
    release: () =>
      (ended ??= (async () => {
        release();
        await held;
        await blocker.end();
      })()),
  };
}

/** A small deterministic generator (mulberry32), so a failing storm can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const RACE_KEYS = ["errors.roomTakenRace", "errors.specialistBusyRace", "errors.clientBusyRace"];
const FRIENDLY_KEYS = ["errors.roomTaken", "errors.specialistBusy", "errors.clientBusy"];

describe("the storm: 1,000 concurrent conflicting bookings", () => {
  it("leaves no overlap in the database, and every loser got a CONFLICT that says what clashes", async () => {
    const ATTEMPTS = 1000;
    const day = "2024-05-06";
    const roomIds: string[] = [];
    for (let i = 0; i < 4; i++) roomIds.push(await makeRoom(t.db, { unitId: unit, name: `Tormituba ${i}` }));
    const specialistIds: string[] = [];
    for (let i = 0; i < 6; i++) specialistIds.push(await makeEmployee(t.db, { unitIds: [unit] }));
    const clientIds: string[] = [];
    for (let i = 0; i < 8; i++) clientIds.push((await fundedClient()).clientId);

    // Starts every 20 minutes from 08:00 to 15:40, lasting 40 to 100 minutes: nearly every pair
    // sharing a room, a specialist or a client overlaps somebody.
    const pick = random(20240506);
    const attempts = Array.from({ length: ATTEMPTS }, () => {
      const startsAt = new Date(tallinnWinter(day, "08:00").getTime() + pick(24) * 20 * 60_000);
      return {
        booker: bookers[pick(bookers.length)]!,
        input: {
          serviceId: world.individualServiceId,
          roomId: roomIds[pick(roomIds.length)]!,
          startsAt,
          endsAt: new Date(startsAt.getTime() + (40 + 20 * pick(4)) * 60_000),
          specialistIds: [specialistIds[pick(specialistIds.length)]!],
          participants: [{ clientId: clientIds[pick(clientIds.length)]!, decisionId: null }],
          notes: "",
        },
      };
    });

    const started = performance.now();
    const results = await Promise.allSettled(attempts.map((a) => bookSession({ db: t.db, actor: a.booker, ip: null }, a.input)));
    const seconds = (performance.now() - started) / 1000;

    const winners = results.filter((r) => r.status === "fulfilled").length;
    const refused = rejections(results);
    const byKind = { friendly: 0, race: 0, deadlock: 0, other: [] as unknown[] };
    for (const err of refused) {
      const pg = pgErrorOf(err);
      if (pg?.code === "40P01" || pg?.code === "40001") byKind.deadlock++;
      const friendly = translateDbError(err);
      if (err instanceof AppError && err.code === "CONFLICT" && FRIENDLY_KEYS.includes(err.messageKey)) byKind.friendly++;
      else if (pg?.code === "23P01" && friendly instanceof AppError && RACE_KEYS.includes(friendly.messageKey)) byKind.race++;
      else byKind.other.push(err);
    }
    console.info(
      `storm: ${ATTEMPTS} attempts through ${POOL} connections in ${seconds.toFixed(1)} s: ${winners} booked, ${byKind.friendly} refused by the check, ${byKind.race} by the constraints`,
    );

    expect(byKind.deadlock).toBe(0);
    expect(byKind.other).toEqual([]);
    expect(winners + byKind.friendly + byKind.race).toBe(ATTEMPTS);
    expect(winners).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(ATTEMPTS / 2);
    // Every refusal, translated as the API does, is a CONFLICT that names the room or the person.
    for (const err of refused) {
      const friendly = translateDbError(err) as AppError;
      expect(friendly.code).toBe("CONFLICT");
      if (FRIENDLY_KEYS.includes(friendly.messageKey)) expect(friendly.params.room ?? friendly.params.name).toBeTruthy();
    }

    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
    const rows = await t.sql<{ n: number; audited: number }[]>`
      SELECT (SELECT count(*)::int FROM sessions WHERE room_id IN ${t.sql(roomIds)}) AS n,
             (SELECT count(*)::int FROM audit_log WHERE action = 'session.book') AS audited`;
    expect(rows[0]).toEqual({ n: winners, audited: winners });
  }, 120_000);
});

describe("a mixed storm: booking, moving, cancelling, reinstating, attendance and completion at once", () => {
  it("400 operations on the same people and rooms: no deadlock, no raw error, no overlap, and the dataset matches the done sessions", async () => {
    const OPS = 400;
    const day = "2024-05-13";
    const roomIds: string[] = [];
    for (let i = 0; i < 3; i++) roomIds.push(await makeRoom(t.db, { unitId: unit, name: `Segatuba ${i}`, capacity: 4 }));
    const specialistIds: string[] = [];
    for (let i = 0; i < 4; i++) specialistIds.push(await makeEmployee(t.db, { unitIds: [unit] }));
    const clientIds: string[] = [];
    for (let i = 0; i < 6; i++) clientIds.push((await fundedClient()).clientId);
    const pick = random(20240513);
    const slot = () => {
      const startsAt = new Date(tallinnWinter(day, "08:00").getTime() + pick(20) * 30 * 60_000);
      return { startsAt, endsAt: new Date(startsAt.getTime() + (30 + 30 * pick(3)) * 60_000) };
    };
    const groupInput = () => {
      const a = pick(clientIds.length);
      const members = [...new Set([clientIds[a]!, clientIds[(a + 1 + pick(2)) % clientIds.length]!])];
      return {
        serviceId: world.groupServiceId,
        roomId: roomIds[pick(roomIds.length)]!,
        ...slot(),
        specialistIds: [specialistIds[pick(specialistIds.length)]!],
        participants: members.map((clientId) => ({ clientId, decisionId: null })),
        notes: "",
      };
    };
    // Sessions to act on: booked one by one until there are twelve.
    const existing: { id: string; clientIds: string[] }[] = [];
    while (existing.length < 12) {
      const booked = await bookSession({ db: t.db, actor: bookers[0]!, ip: null }, groupInput()).catch(() => null);
      if (booked) existing.push({ id: booked.id, clientIds: booked.clientIds });
    }

    const operations = Array.from({ length: OPS }, () => {
      const target = existing[pick(existing.length)]!;
      const who = bookers[pick(bookers.length)]!;
      switch (pick(6)) {
        case 0:
          return () => bookSession({ db: t.db, actor: who, ip: null }, groupInput());
        case 1: {
          const to = slot();
          return () => moveSession({ db: t.db, actor: who, ip: null }, { ...to, roomId: roomIds[pick(roomIds.length)]!, id: target.id });
        }
        case 2:
          return () => setSessionStatus({ db: t.db, actor: who, ip: null }, { id: target.id, status: "cancelled" });
        case 3:
          return () => setSessionStatus({ db: t.db, actor: who, ip: null }, { id: target.id, status: "planned" });
        case 4: {
          const clientId = target.clientIds[pick(target.clientIds.length)]!;
          const a = (["present", "absent"] as const)[pick(2)]!;
          return () => setAttendance({ db: t.db, actor: who, ip: null }, { sessionId: target.id, clientId, attendance: a });
        }
        default:
          return () => completeSession({ db: t.db, actor: who, ip: null }, { sessionId: target.id });
      }
    });
    const results = await Promise.allSettled(operations.map((run) => run()));

    const refused = rejections(results);
    const unexpected = refused.filter(
      (err) => !(translateDbError(err) instanceof AppError) || pgErrorOf(err)?.code === "40P01" || pgErrorOf(err)?.code === "40001",
    );
    expect(unexpected).toEqual([]);
    const keys = new Set(refused.map((err) => (translateDbError(err) as AppError).messageKey));
    expect(
      [...keys].filter(
        (k) =>
          ![
            "errors.roomTaken",
            "errors.specialistBusy",
            "errors.clientBusy",
            "errors.sessionClosed",
            "errors.statusChange",
            ...RACE_KEYS,
          ].includes(k),
      ),
    ).toEqual([]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(0);

    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
    // Every done session has exactly one entry per participant who came, and nothing else has any.
    const [check] = await t.sql<{ missing: number; stray: number }[]>`
      SELECT
        (SELECT count(*)::int FROM session_participants p JOIN sessions s ON s.id = p.session_id
           WHERE s.status = 'done' AND p.attendance = 'present' AND NOT EXISTS (SELECT 1 FROM service_entries e WHERE e.id = p.entry_id AND e.session_id = s.id AND e.client_id = p.client_id)) AS missing,
        (SELECT count(*)::int FROM service_entries e JOIN sessions s ON s.id = e.session_id
           WHERE s.status <> 'done' OR NOT EXISTS (SELECT 1 FROM session_participants p WHERE p.entry_id = e.id AND p.attendance = 'present')) AS stray`;
    expect(check).toEqual({ missing: 0, stray: 0 });
  }, 120_000);
});

describe("moving a whole series while others book and move into its times", () => {
  it("no deadlock, no raw error, no overlap, and a refused move writes nothing", async () => {
    const roomId = await makeRoom(t.db, { unitId: unit, name: "Seeriatorm", capacity: 2 });
    const specialistId = await makeEmployee(t.db, { unitIds: [unit] });
    const { clientId } = await fundedClient();
    const dates = ["2024-06-03", "2024-06-10", "2024-06-17", "2024-06-24"];
    const { booked } = await bookSeries(
      { db: t.db, actor: bookers[0]!, ip: null },
      {
        serviceId: world.individualServiceId,
        roomId,
        startsAt: tallinnWinter(dates[0]!, "10:00"),
        endsAt: tallinnWinter(dates[0]!, "11:00"),
        specialistIds: [specialistId],
        participants: [{ clientId, decisionId: null }],
        notes: "",
        recurrence: { intervalWeeks: 1, until: null, count: dates.length },
        mode: "all",
      },
    );
    const others: string[] = [];
    for (let i = 0; i < 4; i++) others.push((await fundedClient()).clientId);
    const pick = random(20240603);
    const hour = () => `${String(9 + pick(6)).padStart(2, "0")}:00`;
    const operations = Array.from({ length: 60 }, (_, i) => {
      const who = bookers[i % bookers.length]!;
      const at = hour();
      if (i % 3 === 0) {
        const occurrence = booked[pick(booked.length)]!;
        const day = dates[booked.indexOf(occurrence)]!;
        return () =>
          moveInSeries(
            { db: t.db, actor: who, ip: null },
            {
              startsAt: tallinnWinter(day, at),
              endsAt: new Date(tallinnWinter(day, at).getTime() + 3_600_000),
              roomId,
              sessionId: occurrence.id,
              scope: pick(2) ? "all" : "following",
            },
          );
      }
      const day = dates[pick(dates.length)]!;
      return () =>
        bookSession(
          { db: t.db, actor: who, ip: null },
          {
            serviceId: world.individualServiceId,
            roomId,
            startsAt: tallinnWinter(day, at),
            endsAt: new Date(tallinnWinter(day, at).getTime() + 3_600_000),
            specialistIds: [bookers[0]!.employeeId],
            participants: [{ clientId: others[pick(others.length)]!, decisionId: null }],
            notes: "",
          },
        );
    });
    const results = await Promise.allSettled(operations.map((run) => run()));

    const refused = rejections(results);
    const unexpected = refused.filter(
      (err) => !(translateDbError(err) instanceof AppError) || pgErrorOf(err)?.code === "40P01" || pgErrorOf(err)?.code === "40001",
    );
    expect(unexpected).toEqual([]);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThan(0);
    expect(await countOverlaps(t.sql)).toEqual({ rooms: 0, specialists: 0, clients: 0, staleCopies: 0 });
    // What the moves that went through say they moved is exactly what was written: a refused
    // move left no row behind (its audit rows are written in the same transaction, after its updates).
    const reported = results
      .filter((r, i) => i % 3 === 0 && r.status === "fulfilled")
      .reduce((n, r) => n + (r as PromiseFulfilledResult<{ moved: unknown[] }>).value.moved.length, 0);
    const [written] = await t.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM audit_log WHERE action = 'session.move' AND target_id IN ${t.sql(booked.map((b) => b.id))}`;
    expect(written!.n).toBe(reported);
  }, 120_000);
});

describe("the exclusion constraints alone, under real contention", () => {
  it("50 plain INSERTs of overlapping sessions in one room, all in flight at once: exactly one wins, the rest are refused", async () => {
    const CALLS = 50;
    const roomId = await makeRoom(t.db, { unitId: unit, name: "Võistlustuba" });
    const insert = (i: number) => {
      // Each starts a minute later and lasts an hour: every pair overlaps.
      const startsAt = tallinnWinter("2024-05-07", "10:00").getTime() + i * 60_000;
      return t.sql`INSERT INTO sessions (service_id, room_id, starts_at, ends_at)
                   VALUES (${world.individualServiceId}, ${roomId}, ${new Date(startsAt).toISOString()}, ${new Date(startsAt + 3_600_000).toISOString()})`;
    };
    // The blocker holds the room row, so the first INSERT passes the exclusion check and then
    // waits in its foreign-key check; each later one finds the earlier ones in flight and waits
    // for them. They arrive one after another because an exclusion constraint inserts first and
    // looks second: two INSERTs arriving in the same instant can each wait for the other, and
    // PostgreSQL then breaks the cycle with 40P01. bookSession never meets that, since it takes
    // the room's row lock before it inserts (see the storm above: no deadlocks).
    const blocker = await hold((tx) => tx`SELECT 1 FROM rooms WHERE id = ${roomId} FOR UPDATE`);
    let results: PromiseSettledResult<unknown>[];
    try {
      const running: Promise<PromiseSettledResult<unknown>>[] = [];
      for (let i = 0; i < CALLS; i++) {
        running.push(Promise.allSettled([insert(i)]).then(([r]) => r!));
        await waitForLockWaiters(i + 1);
      }
      await blocker.release();
      results = await Promise.all(running);
    } finally {
      await blocker.release();
    }
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = rejections(results);
    expect(refused).toHaveLength(CALLS - 1);
    // Waiters woken together can still meet in a cycle under load, which PostgreSQL breaks with
    // 40P01: either way the loser is refused and told so; the constraint is what keeps one row.
    for (const err of refused) {
      const code = pgErrorOf(err)?.code;
      expect(["23P01", "40P01"]).toContain(code);
      if (code === "23P01") {
        expect(pgErrorOf(err)?.constraint_name).toBe("sessions_room_no_overlap");
        expect(translateDbError(err)).toMatchObject({ code: "CONFLICT", messageKey: "errors.roomTakenRace", field: "roomId" });
      } else {
        expect(translateDbError(err)).toMatchObject({ code: "CONFLICT", messageKey: "errors.retry" });
      }
    }
    expect(refused.filter((err) => pgErrorOf(err)?.code === "23P01").length).toBeGreaterThan(0);
    const [row] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sessions WHERE room_id = ${roomId}`;
    expect(row!.n).toBe(1);
  });
});

describe("booking, moving, attendance and completion queue instead of deadlocking", () => {
  const groupOf = async (day: string, clients: { clientId: string; decisionId: string }[]) => {
    const roomId = await makeRoom(t.db, { unitId: unit, capacity: 8 });
    const specialistId = await makeEmployee(t.db, { unitIds: [unit] });
    const id = await makeSession(t.db, {
      serviceId: world.groupServiceId,
      roomId,
      startsAt: tallinnWinter(day, "10:00"),
      endsAt: tallinnWinter(day, "11:30"),
      specialistIds: [specialistId],
      participants: clients,
    });
    return { id, roomId, specialistId };
  };
  const twoClientsInIdOrder = async () => [await fundedClient(), await fundedClient()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
  // Every chain's head: whoever audits next has to wait.
  const holdAuditHead = () => hold((tx) => tx`SELECT 1 FROM audit_chain_head FOR UPDATE`);

  it("completing a group session while someone books its second client for later that day: both succeed", async () => {
    const day = "2024-05-08";
    const [first, second] = await twoClientsInIdOrder();
    const group = await groupOf(day, [first!, second!]);
    const blocker = await holdAuditHead();
    let results: PromiseSettledResult<unknown>[];
    try {
      // Completion first: it has written the first client's entry and waits to audit it.
      const completing = completeSession({ db: t.db, actor: bookers[0]!, ip: null }, { sessionId: group.id });
      await waitForLockWaiters(1);
      const booking = bookSession(
        { db: t.db, actor: bookers[1]!, ip: null },
        {
          serviceId: world.individualServiceId,
          roomId: await makeRoom(t.db, { unitId: unit }),
          startsAt: tallinnWinter(day, "14:00"),
          endsAt: tallinnWinter(day, "15:00"),
          specialistIds: [await makeEmployee(t.db, { unitIds: [unit] })],
          participants: [{ clientId: second!.clientId, decisionId: null }],
          notes: "",
        },
      );
      await waitForLockWaiters(2);
      await blocker.release();
      results = await Promise.allSettled([completing, booking]);
    } finally {
      await blocker.release();
    }
    expect(rejections(results).map((e) => pgErrorOf(e)?.code ?? e)).toEqual([]);
    expect(await t.db.select().from(serviceEntries).where(eq(serviceEntries.sessionId, group.id))).toHaveLength(2);
  });

  it("moving a session while it is being completed: completion wins, the move is refused as closed", async () => {
    const day = "2024-05-09";
    const client = await fundedClient();
    const s = await groupOf(day, [client]);
    const blocker = await hold((tx) => tx`SELECT 1 FROM sessions WHERE id = ${s.id} FOR UPDATE`);
    let results: PromiseSettledResult<unknown>[];
    try {
      const completing = completeSession({ db: t.db, actor: bookers[0]!, ip: null }, { sessionId: s.id });
      await waitForLockWaiters(1);
      const moving = moveSession(
        { db: t.db, actor: bookers[1]!, ip: null },
        { startsAt: tallinnWinter(day, "12:00"), endsAt: tallinnWinter(day, "13:30"), roomId: s.roomId, id: s.id },
      );
      await waitForLockWaiters(2);
      await blocker.release();
      results = await Promise.allSettled([completing, moving]);
    } finally {
      await blocker.release();
    }
    expect(results[0]!.status).toBe("fulfilled");
    const moveError = rejections(results)[0];
    expect(pgErrorOf(moveError)?.code).toBeUndefined();
    expect(moveError).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed", params: { status: "done" } });
    const [row] = await t.db.select().from(sessions).where(eq(sessions.id, s.id));
    expect([row!.status, row!.startsAt.toISOString()]).toEqual(["done", tallinnWinter(day, "10:00").toISOString()]);
  });

  it("marking a client absent while the session is being completed: completion wins, the attendance change is refused", async () => {
    const day = "2024-05-10";
    const [first, second] = await twoClientsInIdOrder();
    const group = await groupOf(day, [first!, second!]);
    const blocker = await holdAuditHead();
    let results: PromiseSettledResult<unknown>[];
    try {
      const completing = completeSession({ db: t.db, actor: bookers[0]!, ip: null }, { sessionId: group.id });
      await waitForLockWaiters(1);
      const marking = setAttendance(
        { db: t.db, actor: bookers[1]!, ip: null },
        { sessionId: group.id, clientId: first!.clientId, attendance: "absent" },
      );
      await waitForLockWaiters(2);
      await blocker.release();
      results = await Promise.allSettled([completing, marking]);
    } finally {
      await blocker.release();
    }
    expect(results[0]!.status).toBe("fulfilled");
    expect(rejections(results)[0]).toMatchObject({ code: "CONFLICT", messageKey: "errors.sessionClosed" });
    // The dataset and the attendance agree: both came, both have an entry.
    const [row] = await t.sql<{ present: number; entries: number }[]>`
      SELECT count(*) FILTER (WHERE attendance = 'present')::int AS present, count(entry_id)::int AS entries FROM session_participants WHERE session_id = ${group.id}`;
    expect(row).toEqual({ present: 2, entries: 2 });
  });
});
