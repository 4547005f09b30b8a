import { z } from "@/lib/zod";
import { fromForm, orNull, typedNumber } from "@/lib/form-schema";
import { instant, isoDate, multiLine, singleLine } from "@/lib/schemas";
import { fromTallinn } from "@/lib/tallinn-time";
import { ATTENDANCE } from "@/db/schema/enums";

/**
 * Inputs of the scheduling procedures, shared with the booking and move forms. The times' rules
 * (end after start, length, working hours) are the domain's (guards.ts): they need the service.
 */

/** Which sessions of a series a cancel or a move reaches. */
export const SERIES_SCOPES = ["this", "following", "all"] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];
/** The statuses a person may set by hand; "done" comes only from completing a session. */
export const SETTABLE_STATUSES = ["planned", "agreed", "cancelled", "no_show"] as const;

export const roomInput = z.object({
  name: singleLine(100).min(1),
  unitId: z.uuid(),
  capacity: z.number().int().min(1).max(500),
  equipment: multiLine(500),
  active: z.boolean(),
});
export const saveRoomInput = roomInput.extend({ id: z.uuid().nullable() });
/** The room form's values: the capacity as typed. */
export type RoomValues = Omit<z.input<typeof saveRoomInput>, "capacity"> & { capacity: string };
export type RoomSubmission = z.output<typeof saveRoomInput>;
const toRoom = (v: RoomValues) => ({ ...v, capacity: typedNumber(v.capacity) });
export const roomForm = fromForm(saveRoomInput, toRoom);
export const listRoomsInput = z.object({ activeOnly: z.boolean().optional() }).default({});

export const bookInput = z.object({
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

/** A Tallinn day and clock time as an instant; not one (a bad day, a missing time) is an invalid Date the schema refuses. */
const atTallinn = (date: string, time: string) => fromTallinn(date, time) ?? new Date(Number.NaN);

export const recurrence = z.object({
  intervalWeeks: z.number().int().min(1).max(8),
  until: isoDate.nullable(),
  count: z.number().int().min(1).max(104).nullable(),
});
export const previewSeriesInput = z.object({ booking: bookInput, recurrence });
export const bookSeriesInput = previewSeriesInput.extend({ mode: z.enum(["all", "free"]) });
/**
 * The booking form's values as typed: a Tallinn day and clock times under the names of the
 * instants they become, the chosen people with their labels (for the chips), and the repeat
 * settings. It validates with bookInput and recurrence, the procedures' own, plus the domain's
 * first time rule under its message key; the submission is a booking and a recurrence or none.
 */
export type BookValues = {
  serviceId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  roomId: string;
  notes: string;
  clients: { id: string; label: string }[];
  specialists: { id: string; label: string }[];
  repeat: boolean;
  intervalWeeks: string;
  endMode: "count" | "until";
  count: string;
  until: string;
};
const toBooking = (v: BookValues) => ({
  serviceId: v.serviceId,
  roomId: orNull(v.roomId),
  startsAt: atTallinn(v.date, v.startsAt),
  endsAt: atTallinn(v.date, v.endsAt),
  notes: v.notes,
  specialistIds: v.specialists.map((s) => s.id),
  participants: v.clients.map((c) => ({ clientId: c.id, decisionId: null })),
  recurrence: v.repeat
    ? {
        intervalWeeks: typedNumber(v.intervalWeeks),
        count: v.endMode === "count" ? typedNumber(v.count) : null,
        // An empty end day is refused on its field, not sent as "no end".
        until: v.endMode === "until" ? v.until : null,
      }
    : null,
});
export const bookForm = Object.assign(
  fromForm(bookInput.extend({ recurrence: recurrence.nullable() }), toBooking).refine((b) => b.endsAt > b.startsAt, {
    path: ["endsAt"],
    message: "errors.sessionEndsBeforeStart",
  }),
  { toInput: toBooking },
);
export type BookSubmission = z.output<typeof bookForm>;
/**
 * The booking form of someone whose booking scope is own (covers_specialists): they book only
 * sessions they take part in, so oneself stays among the specialists. The server decides the same.
 */
export const bookFormWithSelf = (selfId: string) =>
  bookForm.refine((b) => b.specialistIds.includes(selfId), { path: ["specialistIds"], message: "errors.bookOwnOnly" });

export const cancelInSeriesInput = z.object({ sessionId: z.uuid(), scope: z.enum(SERIES_SCOPES) });

export const moveSessionInput = z.object({ sessionId: z.uuid(), startsAt: instant, endsAt: instant, roomId: z.uuid().nullable() });
export const moveInSeriesInput = moveSessionInput.extend({ scope: z.enum(SERIES_SCOPES) });

/**
 * The move form's values as typed: a Tallinn day, clock times under the names of the instants
 * they become (so a refusal lands on its field), a room or none. It validates with
 * moveInSeriesInput, plus the domain's first time rule (guards.ts validateTimes) worded by the
 * domain's own message key, so the form says it before a request is sent.
 */
export type MoveValues = { sessionId: string; date: string; startsAt: string; endsAt: string; roomId: string; scope: SeriesScope };
const toMove = (v: MoveValues) => ({
  sessionId: v.sessionId,
  startsAt: atTallinn(v.date, v.startsAt),
  endsAt: atTallinn(v.date, v.endsAt),
  roomId: orNull(v.roomId),
  scope: v.scope,
});
export const moveForm = Object.assign(
  fromForm(moveInSeriesInput, toMove).refine((m) => m.endsAt > m.startsAt, { path: ["endsAt"], message: "errors.sessionEndsBeforeStart" }),
  { toInput: toMove },
);
export type MoveSubmission = z.output<typeof moveInSeriesInput>;

export const createFeedInput = z.object({ kind: z.enum(["specialist", "room"]), targetId: z.uuid() });
export const idInput = z.object({ id: z.uuid() });
export const sessionRef = z.object({ sessionId: z.uuid() });

export const listSessionsInput = z.object({
  from: instant,
  to: instant,
  roomIds: z.array(z.uuid()).max(100).optional(),
  specialistIds: z.array(z.uuid()).max(100).optional(),
  clientId: z.uuid().optional(),
  includeCancelled: z.boolean().optional(),
});
export const setStatusInput = sessionRef.extend({ status: z.enum(SETTABLE_STATUSES) });
export const setAttendanceInput = sessionRef.extend({ clientId: z.uuid(), attendance: z.enum(ATTENDANCE) });
