import { idempotent } from "@/server/idempotency/keys";
import { bookableSpecialists } from "@/server/scheduling/bookable";
import { calendarAnswer, listSessions } from "@/server/scheduling/calendar";
import { createFeed, listFeeds, revokeFeed } from "@/server/scheduling/feeds";
import { completeSession, setAttendance } from "@/server/scheduling/complete";
import { listRooms, saveRoom } from "@/server/scheduling/rooms";
import {
  bookInput,
  bookSeriesInput,
  cancelInSeriesInput,
  createFeedInput,
  idInput,
  listRoomsInput,
  listSessionsInput,
  moveInSeriesInput,
  moveSessionInput,
  previewSeriesInput,
  saveRoomInput,
  sessionRef,
  setAttendanceInput,
  setStatusInput,
} from "@/server/scheduling/schemas";
import { bookSeries, cancelInSeries, previewSeries } from "@/server/scheduling/series";
import { moveInSeries } from "@/server/scheduling/series-move";
import { bookSession, moveSession, setSessionStatus } from "@/server/scheduling/sessions";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

export const schedulingRouter = router({
  // Whom the booking dialog offers; booking still asks booking_access_refusal.
  bookableSpecialists: permittedProcedure("sessions", "book").query(({ ctx }) => bookableSpecialists(ctx)),
  series: router({
    preview: permittedProcedure("sessions", "book")
      .input(previewSeriesInput)
      .mutation(({ ctx, input }) => previewSeries(ctx, { ...input.booking, recurrence: input.recurrence })),
    book: permittedProcedure("sessions", "book")
      .input(bookSeriesInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...series } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "scheduling.series.book", input: series }, (db) =>
          bookSeries({ ...ctx, db }, { ...series.booking, recurrence: series.recurrence, mode: series.mode }),
        ),
      ),
    cancel: permittedProcedure("sessions", "book")
      .input(cancelInSeriesInput)
      .mutation(({ ctx, input }) => cancelInSeries(ctx, { sessionId: input.sessionId, scope: input.scope })),
    move: permittedProcedure("sessions", "book")
      .input(moveInSeriesInput)
      .mutation(({ ctx, input: { sessionId, scope, ...change } }) => moveInSeries(ctx, { ...change, sessionId, scope })),
  }),
  feeds: router({
    list: permittedProcedure("sessions", "read").query(({ ctx }) => listFeeds(ctx)),
    create: permittedProcedure("sessions", "read")
      .input(createFeedInput)
      .mutation(({ ctx, input }) => createFeed(ctx, { kind: input.kind, targetId: input.targetId })),
    revoke: permittedProcedure("sessions", "read")
      .input(idInput)
      .mutation(({ ctx, input }) => revokeFeed(ctx, { id: input.id })),
  }),
  rooms: router({
    list: signedInProcedure.input(listRoomsInput).query(({ ctx, input }) => listRooms(ctx.db, input)),
    save: permittedProcedure("units", "manage")
      .input(saveRoomInput)
      .mutation(({ ctx, input: { id, ...rest } }) => saveRoom(ctx, { ...rest, id })),
  }),
  sessions: router({
    list: permittedProcedure("sessions", "read")
      .input(listSessionsInput)
      .query(({ ctx, input }) => listSessions(ctx, input).then(calendarAnswer)),
    book: permittedProcedure("sessions", "book")
      .input(bookInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...booking } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "scheduling.sessions.book", input: booking }, (db) =>
          bookSession({ ...ctx, db }, booking),
        ),
      ),
    move: permittedProcedure("sessions", "book")
      .input(moveSessionInput)
      .mutation(({ ctx, input: { sessionId, ...change } }) => moveSession(ctx, { ...change, id: sessionId })),
    setStatus: permittedProcedure("sessions", "book")
      .input(setStatusInput)
      .mutation(({ ctx, input }) => setSessionStatus(ctx, { id: input.sessionId, status: input.status })),
    setAttendance: permittedProcedure("sessions", "book")
      .input(setAttendanceInput)
      .mutation(({ ctx, input }) =>
        setAttendance(ctx, { sessionId: input.sessionId, clientId: input.clientId, attendance: input.attendance }),
      ),
    complete: permittedProcedure("sessions", "book")
      .input(sessionRef)
      .mutation(({ ctx, input }) => completeSession(ctx, { sessionId: input.sessionId })),
  }),
});
