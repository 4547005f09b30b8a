import type postgres from "postgres";
import { rooms, services, sessionParticipants, sessions, sessionSpecialists, type BillingUnit, type SessionStatus } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { makeFundingSource, makePriceVersion } from "./funding-factories";

/**
 * Scheduling rows written straight into the tables, so tests of the calendar, completion and the
 * constraints do not depend on bookSession (whose own tests call it on purpose).
 */

let counter = 0;
const next = () => ++counter;

export async function makeRoom(db: DbOrTx, opts: { unitId: string; name?: string; capacity?: number; active?: boolean }): Promise<string> {
  const [row] = await db
    .insert(rooms)
    .values({
      name: opts.name ?? `Ruum ${next()}`,
      unitId: opts.unitId,
      capacity: opts.capacity ?? 1,
      active: opts.active ?? true,
    })
    .returning({ id: rooms.id });
  return row!.id;
}

export async function makeSchedulingService(
  db: DbOrTx,
  opts: { isGroup?: boolean; maxGroupSize?: number | null; billingUnit?: BillingUnit; active?: boolean; nameEt?: string } = {},
): Promise<string> {
  const n = next();
  const [row] = await db
    .insert(services)
    .values({
      code: `SCH${n}`,
      nameEt: opts.nameEt ?? `Seanss ${n}`,
      nameEn: `Session ${n}`,
      billingUnit: opts.billingUnit ?? "hour",
      isGroup: opts.isGroup ?? false,
      maxGroupSize: opts.maxGroupSize ?? null,
      active: opts.active ?? true,
    })
    .returning({ id: services.id });
  return row!.id;
}

/** 29.36 an hour until 2024-02-29, 29.40 from 2024-03-01 (the Tallinn day decides). */
export const SCHEDULING_PRICE_BEFORE_CENTS = 2936;
export const SCHEDULING_PRICE_AFTER_CENTS = 2940;
export const SCHEDULING_PRICE_CHANGE_DAY = "2024-03-01";

export type SchedulingWorld = { sourceId: string; individualServiceId: string; groupServiceId: string; academicServiceId: string };

/**
 * A funding source with an individual hourly service, a group hourly service (at most 8) and an
 * individual service billed in 45-minute academic hours, priced from 2024-01-01 with a price
 * change on 2024-03-01.
 */
export async function makeSchedulingWorld(db: DbOrTx): Promise<SchedulingWorld> {
  const sourceId = await makeFundingSource(db, { kind: "SRT" });
  const individualServiceId = await makeSchedulingService(db, { nameEt: "Psühholoogi individuaalteenus" });
  const groupServiceId = await makeSchedulingService(db, { nameEt: "Grupinõustamine", isGroup: true, maxGroupSize: 8 });
  const academicServiceId = await makeSchedulingService(db, { nameEt: "Loovteraapia", billingUnit: "academic_hour" });
  const items = (cents: number) =>
    [individualServiceId, groupServiceId, academicServiceId].map((serviceId) => ({ serviceId, unitPriceCents: cents }));
  await makePriceVersion(db, {
    fundingSourceId: sourceId,
    validFrom: "2024-01-01",
    validTo: "2024-02-29",
    items: items(SCHEDULING_PRICE_BEFORE_CENTS),
  });
  await makePriceVersion(db, {
    fundingSourceId: sourceId,
    validFrom: SCHEDULING_PRICE_CHANGE_DAY,
    validTo: null,
    items: items(SCHEDULING_PRICE_AFTER_CENTS),
  });
  return { sourceId, individualServiceId, groupServiceId, academicServiceId };
}

export type SessionSpec = {
  serviceId: string;
  roomId?: string | null;
  startsAt: Date;
  endsAt: Date;
  status?: SessionStatus;
  notes?: string;
  specialistIds: string[];
  participants: { clientId: string; decisionId?: string | null }[];
};

/** A session with its join rows, inserted directly (the triggers still copy the times). */
export async function makeSession(db: DbOrTx, spec: SessionSpec): Promise<string> {
  const [row] = await db
    .insert(sessions)
    .values({
      serviceId: spec.serviceId,
      roomId: spec.roomId ?? null,
      startsAt: spec.startsAt,
      endsAt: spec.endsAt,
      status: spec.status ?? "planned",
      notes: spec.notes ?? "",
    })
    .returning({ id: sessions.id });
  const id = row!.id;
  const times = { startsAt: spec.startsAt, endsAt: spec.endsAt };
  if (spec.specialistIds.length)
    await db.insert(sessionSpecialists).values(spec.specialistIds.map((employeeId) => ({ sessionId: id, employeeId, ...times })));
  if (spec.participants.length) {
    await db
      .insert(sessionParticipants)
      .values(spec.participants.map((p) => ({ sessionId: id, clientId: p.clientId, decisionId: p.decisionId ?? null, ...times })));
  }
  return id;
}

/** An instant given as Tallinn wall-clock time on a winter day (UTC+2), e.g. at("2024-03-11", "10:00"). */
export const tallinnWinter = (day: string, time: string) => new Date(`${day}T${time}:00+02:00`);

export type Overlaps = { rooms: number; specialists: number; clients: number; staleCopies: number };

/**
 * Pairs of active sessions that share a room, a specialist or a client and overlap in time, read
 * from the sessions' own times (not the copies in the join rows); and join rows whose copied time
 * or state differs from their session's. All four are 0 when nobody is in two places at once.
 */
export async function countOverlaps(sql: postgres.Sql): Promise<Overlaps> {
  const [row] = await sql<Overlaps[]>`
    WITH active AS (SELECT id, room_id, tstzrange(starts_at, ends_at, '[)') AS span FROM sessions WHERE status <> 'cancelled')
    SELECT
      (SELECT count(*)::int FROM active a JOIN active b ON a.room_id = b.room_id AND a.id < b.id AND a.span && b.span) AS rooms,
      (SELECT count(*)::int FROM session_specialists x JOIN active a ON a.id = x.session_id
         JOIN session_specialists y ON y.employee_id = x.employee_id AND x.session_id < y.session_id
         JOIN active b ON b.id = y.session_id WHERE a.span && b.span) AS specialists,
      (SELECT count(*)::int FROM session_participants x JOIN active a ON a.id = x.session_id
         JOIN session_participants y ON y.client_id = x.client_id AND x.session_id < y.session_id
         JOIN active b ON b.id = y.session_id WHERE a.span && b.span) AS clients,
      (SELECT count(*)::int FROM (
         SELECT m.starts_at, m.ends_at, m.active, m.session_id FROM session_specialists m
         UNION ALL SELECT m.starts_at, m.ends_at, m.active, m.session_id FROM session_participants m) m
         JOIN sessions s ON s.id = m.session_id
         WHERE m.starts_at <> s.starts_at OR m.ends_at <> s.ends_at OR m.active <> (s.status <> 'cancelled')) AS "staleCopies"`;
  return row!;
}
