import type { EventInput } from "@fullcalendar/core";
import { addDays } from "@/lib/calendar-days";
import { calendarFacts, type HolidayKey } from "@/lib/holidays";
import type { RouterOutputs } from "@/components/trpc/types";
import type { CalendarSession } from "@/server/scheduling/calendar";

/** A session as the calendars' answer carries it: its times as epoch milliseconds (calendarAnswer). */
type SessionOnTheWire = RouterOutputs["scheduling"]["sessions"]["list"][number];
export type { CalendarSession };

/** The `select` of every query of scheduling.sessions.list: the times back into dates. */
export const withDates = (list: SessionOnTheWire[]): CalendarSession[] =>
  list.map((s) => ({ ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
export type VisibleSession = Extract<CalendarSession, { busy: false }>;

/** Which resource column a session belongs to in each kind of view. */
export type ResourceKind = "room" | "specialist" | null;

export type SessionEventProps = { session: CalendarSession };

export const specialistIdsOf = (s: CalendarSession) => (s.busy ? s.specialistIds : s.specialists.map((x) => x.id));

/**
 * A session as a FullCalendar event. A busy session (none of its clients is visible to the
 * viewer) carries no name, service or note: only the fact that the time is taken.
 */
export function sessionEvent(
  session: CalendarSession,
  resource: ResourceKind,
  texts: { busy: string; serviceName: (s: VisibleSession) => string },
): EventInput {
  const resourceIds =
    resource === "room" ? (session.roomId ? [session.roomId] : []) : resource === "specialist" ? specialistIdsOf(session) : undefined;
  const base = {
    id: session.id,
    start: session.startsAt,
    end: session.endsAt,
    resourceIds,
    extendedProps: { session } satisfies SessionEventProps,
  };
  if (session.busy) {
    return { ...base, title: texts.busy, editable: false, interactive: false, classNames: ["session-event", "session-busy"] };
  }
  // Only what the viewer may move moves (the server says so: done, cancelled and no-show never,
  // nor a colleague's session the viewer does not book for).
  const closed = !session.actions.includes("move");
  const people = session.participants.map((p) => p.name).join(", ");
  return {
    ...base,
    title: people ? `${texts.serviceName(session)} · ${people}` : texts.serviceName(session),
    editable: !closed,
    // In a specialist view, dragging across columns would mean another specialist: not a move.
    resourceEditable: resource === "room" && !closed,
    classNames: ["session-event", `session-${session.status.replace("_", "-")}`],
  };
}

/**
 * Public holidays and shortened working days as background events: a holiday colours the whole
 * day, a shortened day the three hours it loses from the usual 17:00 end.
 */
export function holidayEvents(from: string, to: string, names: (key: HolidayKey) => string, shortenedName: string): EventInput[] {
  const facts = calendarFacts(from, to);
  return [
    ...facts.holidays.map((h) => ({
      id: `holiday-${h.date}`,
      start: h.date,
      end: addDays(h.date, 1),
      allDay: true,
      display: "background",
      title: names(h.key),
      classNames: ["holiday"],
    })),
    ...facts.shortened.map((s) => ({
      id: `shortened-${s.date}`,
      start: `${s.date}T${SHORTENED_FROM}`,
      end: `${s.date}T${WORKDAY_END}`,
      display: "background",
      title: shortenedName,
      classNames: ["shortened-day"],
    })),
  ];
}

export const WORKDAY_START = "08:00";
export const WORKDAY_END = "17:00";
/** The working day before some holidays is three hours shorter (domain §7). */
const SHORTENED_FROM = "14:00";

export const BUSINESS_HOURS = { daysOfWeek: [1, 2, 3, 4, 5], startTime: WORKDAY_START, endTime: WORKDAY_END };
