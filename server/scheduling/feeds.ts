import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, ne } from "drizzle-orm";
import ical from "ical-generator";
import { calendarFeeds, employees, rooms, sessions, sessionSpecialists } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { forbidden, invalid, notFound } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { can } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** One's own feed, or a room's feed for someone who may read the room calendars. */
function assertMayFeed(actor: Actor, kind: "specialist" | "room", targetId: string) {
  if (kind === "specialist" && targetId !== actor.employeeId) throw forbidden();
  if (kind === "room" && !can(actor, "sessions", "read")) throw forbidden();
}

export async function listFeeds({ db, actor }: DomainContext) {
  return db
    .select({
      id: calendarFeeds.id,
      kind: calendarFeeds.kind,
      targetId: calendarFeeds.targetId,
      createdAt: calendarFeeds.createdAt,
      roomName: rooms.name,
    })
    .from(calendarFeeds)
    .leftJoin(rooms, eq(rooms.id, calendarFeeds.targetId))
    .where(and(eq(calendarFeeds.createdBy, actor.employeeId), isNull(calendarFeeds.revokedAt)))
    .orderBy(desc(calendarFeeds.createdAt));
}

/** Makes a feed and returns its secret token: shown once, stored only as a hash. */
export async function createFeed(
  { db, actor, ip }: DomainContext<Db>,
  { kind, targetId }: { kind: "specialist" | "room"; targetId: string },
) {
  assertMayFeed(actor, kind, targetId);
  if (kind === "room") {
    const [room] = await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, targetId));
    if (!room) throw invalid("targetId", "errors.roomMissing", "Choose a room");
  }
  const token = randomBytes(24).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ kind, targetId, tokenHash: hash(token), createdBy: actor.employeeId })
      .returning({ id: calendarFeeds.id });
    await recordAudit(tx, { actorEmployeeId: actor.employeeId, action: "calendar_feed.create", targetType: kind, targetId, ip });
    return { id: row!.id, token };
  });
}

export async function revokeFeed({ db, actor, ip }: DomainContext<Db>, { id }: { id: string }) {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.createdBy, actor.employeeId), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    if (!updated.length) throw notFound("feed");
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "calendar_feed.revoke",
      targetType: "calendar_feed",
      targetId: id,
      ip,
    });
  });
}

/**
 * The feed for a token, or null when it is unknown or revoked (or its creator left). Times and
 * room only: no client, no service, no notes — a phone calendar is not a place for client data.
 */
export async function renderFeed(db: DbOrTx, token: string, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [feed] = await db
    .select({ feed: calendarFeeds, active: employees.active })
    .from(calendarFeeds)
    .innerJoin(employees, eq(employees.id, calendarFeeds.createdBy))
    .where(and(eq(calendarFeeds.tokenHash, hash(token)), isNull(calendarFeeds.revokedAt)));
  if (!feed || !feed.active) return null;
  const from = new Date(now.getTime() - 31 * 86_400_000);
  const to = new Date(now.getTime() + 183 * 86_400_000);
  const inRange = and(ne(sessions.status, "cancelled"), gt(sessions.endsAt, from), lt(sessions.startsAt, to));
  const rows =
    feed.feed.kind === "room"
      ? await db
          .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, room: rooms.name })
          .from(sessions)
          .leftJoin(rooms, eq(rooms.id, sessions.roomId))
          .where(and(eq(sessions.roomId, feed.feed.targetId), inRange))
      : await db
          .select({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt, room: rooms.name })
          .from(sessions)
          .innerJoin(sessionSpecialists, eq(sessionSpecialists.sessionId, sessions.id))
          .leftJoin(rooms, eq(rooms.id, sessions.roomId))
          .where(and(eq(sessionSpecialists.employeeId, feed.feed.targetId), inRange));
  // Times in UTC ("Z"): every phone calendar shows them in its own time zone correctly.
  const calendar = ical({ name: "Hoolekanne", prodId: { company: "hoolekanne", product: "calendar", language: "ET" } });
  for (const r of rows) {
    calendar.createEvent({
      id: r.id,
      start: r.startsAt,
      end: r.endsAt,
      summary: r.room ? `Seanss · ${r.room}` : "Seanss",
      location: r.room ?? undefined,
    });
  }
  return calendar.toString();
}
