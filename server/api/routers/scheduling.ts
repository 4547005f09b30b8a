import { z } from "zod";
import { instant, isoDate, multiLine, singleLine } from "@/lib/schemas";
import { idempotent } from "@/server/idempotency/keys";
import { listSessions } from "@/server/scheduling/calendar";
import { createFeed, listFeeds, revokeFeed } from "@/server/scheduling/feeds";
import { completeSession, setAttendance } from "@/server/scheduling/complete";
import { listRooms, saveRoom } from "@/server/scheduling/rooms";
import { bookSeries, cancelInSeries, previewSeries } from "@/server/scheduling/series";
import { moveInSeries } from "@/server/scheduling/series-move";
import { bookSession, moveSession, setSessionStatus } from "@/server/scheduling/sessions";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

const roomInput = z.object({
  name: singleLine(100).min(1),
  unitId: z.uuid(),
  capacity: z.number().int().min(1).max(500),
  equipment: multiLine(500),
  active: z.boolean(),
});
const bookInput = z.object({
  serviceId: z.uuid(),
  roomId: z.uuid().nullable(),
  startsAt: instant,
  endsAt: instant,
  specialistIds: z.array(z.uuid()).min(1).max(10),
  participants: z
    .array(z.object({ clientId: z.uuid(), decisionId: z.uuid().nullable() }))
    .min(1)
    .max(50),
  notes: multiLine(5000),
});

const recurrence = z.object({
  intervalWeeks: z.number().int().min(1).max(8),
  until: isoDate.nullable(),
  count: z.number().int().min(1).max(104).nullable(),
});

export const schedulingRouter = router({
  series: router({
    preview: permittedProcedure("sessions", "book")
      .input(z.object({ booking: bookInput, recurrence }))
      .mutation(({ ctx, input }) => previewSeries(ctx, { ...input.booking, recurrence: input.recurrence })),
    book: permittedProcedure("sessions", "book")
      .input(z.object({ booking: bookInput, recurrence, mode: z.enum(["all", "free"]), idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...series } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "scheduling.series.book", input: series }, (db) =>
          bookSeries({ ...ctx, db }, { ...series.booking, recurrence: series.recurrence, mode: series.mode }),
        ),
      ),
    cancel: permittedProcedure("sessions", "book")
      .input(z.object({ sessionId: z.uuid(), scope: z.enum(["this", "following", "all"]) }))
      .mutation(({ ctx, input }) => cancelInSeries(ctx, { sessionId: input.sessionId, scope: input.scope })),
    move: permittedProcedure("sessions", "book")
      .input(
        z.object({
          sessionId: z.uuid(),
          startsAt: instant,
          endsAt: instant,
          roomId: z.uuid().nullable(),
          scope: z.enum(["this", "following", "all"]),
        }),
      )
      .mutation(({ ctx, input: { sessionId, scope, ...change } }) => moveInSeries(ctx, { ...change, sessionId, scope })),
  }),
  feeds: router({
    list: permittedProcedure("sessions", "read").query(({ ctx }) => listFeeds(ctx)),
    create: permittedProcedure("sessions", "read")
      .input(z.object({ kind: z.enum(["specialist", "room"]), targetId: z.uuid() }))
      .mutation(({ ctx, input }) => createFeed(ctx, { kind: input.kind, targetId: input.targetId })),
    revoke: permittedProcedure("sessions", "read")
      .input(z.object({ id: z.uuid() }))
      .mutation(({ ctx, input }) => revokeFeed(ctx, { id: input.id })),
  }),
  rooms: router({
    list: signedInProcedure
      .input(z.object({ activeOnly: z.boolean().optional() }).default({}))
      .query(({ ctx, input }) => listRooms(ctx.db, input)),
    save: permittedProcedure("units", "manage")
      .input(roomInput.extend({ id: z.uuid().nullable() }))
      .mutation(({ ctx, input: { id, ...rest } }) => saveRoom(ctx, { ...rest, id })),
  }),
  sessions: router({
    list: permittedProcedure("sessions", "read")
      .input(
        z.object({
          from: instant,
          to: instant,
          roomIds: z.array(z.uuid()).max(100).optional(),
          specialistIds: z.array(z.uuid()).max(100).optional(),
          clientId: z.uuid().optional(),
          includeCancelled: z.boolean().optional(),
        }),
      )
      .query(({ ctx, input }) => listSessions(ctx, input)),
    book: permittedProcedure("sessions", "book")
      .input(bookInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...booking } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "scheduling.sessions.book", input: booking }, (db) =>
          bookSession({ ...ctx, db }, booking),
        ),
      ),
    move: permittedProcedure("sessions", "book")
      .input(z.object({ sessionId: z.uuid(), startsAt: instant, endsAt: instant, roomId: z.uuid().nullable() }))
      .mutation(({ ctx, input: { sessionId, ...change } }) => moveSession(ctx, { ...change, id: sessionId })),
    setStatus: permittedProcedure("sessions", "book")
      .input(z.object({ sessionId: z.uuid(), status: z.enum(["planned", "agreed", "cancelled", "no_show"]) }))
      .mutation(({ ctx, input }) => setSessionStatus(ctx, { id: input.sessionId, status: input.status })),
    setAttendance: permittedProcedure("sessions", "book")
      .input(z.object({ sessionId: z.uuid(), clientId: z.uuid(), attendance: z.enum(["expected", "present", "absent", "excused"]) }))
      .mutation(({ ctx, input }) =>
        setAttendance(ctx, { sessionId: input.sessionId, clientId: input.clientId, attendance: input.attendance }),
      ),
    complete: permittedProcedure("sessions", "book")
      .input(z.object({ sessionId: z.uuid() }))
      .mutation(({ ctx, input }) => completeSession(ctx, { sessionId: input.sessionId })),
  }),
});
