"use client";
import type {
  DatesSetArg,
  DateSelectArg,
  DayHeaderContentArg,
  DayHeaderMountArg,
  EventClickArg,
  EventContentArg,
  EventDropArg,
  EventMountArg,
  EventInput,
} from "@fullcalendar/core";
import enGbLocale from "@fullcalendar/core/locales/en-gb";
import etLocale from "@fullcalendar/core/locales/et";
import interactionPlugin, { type DateClickArg, type EventResizeDoneArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import scrollGridPlugin from "@fullcalendar/scrollgrid";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import resourceTimeGridPlugin from "@fullcalendar/resource-timegrid";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SESSION_STATUSES } from "@/db/schema/enums";
import { publicHolidays, type HolidayKey } from "@/lib/holidays";
import {
  BUSINESS_HOURS,
  holidayEvents,
  sessionEvent,
  type CalendarSession,
  type ResourceKind,
  type SessionEventProps,
  type VisibleSession,
} from "./events";
import { tallinnDate, ZONE } from "./time";
import { useFormat } from "@/components/ui/use-format";

export type CalendarResource = { id: string; title: string; order: number; subtitle?: string };
export type SelectedSlot = { start: Date; end: Date; resourceId: string | null };
export type MoveRequest = { session: CalendarSession; start: Date; end: Date; roomId: string | null; revert: () => void };

type Props = {
  /** rooms: a column per room; people: a column per specialist; plain: one calendar. */
  mode: "rooms" | "people" | "plain";
  resources?: CalendarResource[];
  sessions: CalendarSession[];
  initialDate?: string;
  initialView: "day" | "week";
  canEdit: boolean;
  onRange: (range: { from: Date; to: Date }) => void;
  onSelect: (slot: SelectedSlot) => void;
  onMove: (move: MoveRequest) => void;
  onOpen: (session: VisibleSession) => void;
  /** A move is being decided or saved: keep showing the sessions as they were when it began. */
  holding: boolean;
};

const LICENSE_KEY = "GPL-My-Project-Is-Open-Source"; // the project is AGPL-3.0-only
const VIEWS = {
  rooms: ["resourceTimeGridDay", "resourceTimeGridWeek"],
  people: ["resourceTimeGridDay", "resourceTimeGridWeek"],
  plain: ["timeGridDay", "timeGridWeek"],
} as const;
/** A phone has no room for seven day columns: its week is a list, its day keeps the time grid. */
const NARROW_VIEWS = {
  rooms: ["resourceTimeGridDay", "listWeek"],
  people: ["resourceTimeGridDay", "listWeek"],
  plain: ["timeGridDay", "listWeek"],
} as const;
const NARROW = "(max-width: 640px)";
const COARSE = "(pointer: coarse)";
/** A click selects one 15-minute snap; it books an hour, a drag books what was dragged. */
const CLICK_MINUTES = 15;

// scrollgrid lets a phone's room columns keep a readable width and scroll inside the calendar.
const PLUGINS = [luxonPlugin, interactionPlugin, timeGridPlugin, resourceTimeGridPlugin, listPlugin, scrollGridPlugin];
const LOCALES = [etLocale, enGbLocale];
const TIME_FORMAT = { hour: "2-digit", minute: "2-digit", hour12: false } as const;
// Day before month with two digits each, as lib/format.ts weekdayDay writes it: "T 01.12", "Tue 01/12".
const DAY_HEADER_FORMAT = { weekday: "short", day: "2-digit", month: "2-digit", omitCommas: true } as const;
const timedOnly = (span: { allDay: boolean }) => !span.allDay;

/** Follows a media query, so a phone turned sideways gets the wide calendar. */
function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setMatches(list.matches);
    list.addEventListener("change", changed);
    return () => list.removeEventListener("change", changed);
  }, [query]);
  return matches;
}

/**
 * FullCalendar 6 in Tallinn time: Estonian (or English) texts, weeks from Monday, business
 * hours, public holidays and shortened days as background. Loaded only in the browser.
 *
 * FullCalendar rebuilds itself whenever an option is a new object or function, and a drag in
 * hand does not survive that: every option here keeps its identity across renders (handlers
 * reach the latest props through a ref), so a parent re-rendering mid-drag changes nothing.
 */
export default function SessionCalendar(props: Props) {
  const { mode, resources, sessions, initialDate, initialView, canEdit, holding } = props;
  const t = useTranslations("scheduling");
  const format = useFormat();
  const locale = useLocale();
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const narrow = useMedia(NARROW);
  const touch = useMedia(COARSE);
  const views = (narrow ? NARROW_VIEWS : VIEWS)[mode];
  const calendarRef = useRef<FullCalendar>(null);
  const resourceKind: ResourceKind = mode === "rooms" ? "room" : mode === "people" ? "specialist" : null;
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  const serviceName = useCallback((s: VisibleSession) => (locale === "en" ? s.service.nameEn : s.service.nameEt), [locale]);
  const when = useCallback((start: Date, end: Date) => format.slot(start, end), [format]);

  const events = useMemo<EventInput[]>(() => {
    const list = sessions.map((s) => sessionEvent(s, resourceKind, { busy: t("busy"), serviceName }));
    if (range) list.push(...holidayEvents(range.from, range.to, (key: HolidayKey) => t(`holidays.${key}`), t("shortened")));
    return list;
  }, [sessions, resourceKind, range, t, serviceName]);

  // New events replace FullCalendar's whole event store, and a drag in hand is lost with it: while
  // a session is dragged or resized, and until its move is decided and saved, live refetches wait.
  const [dragging, setDragging] = useState(false);
  const held = dragging || holding;
  const [shown, setShown] = useState(events);
  if (!held && shown !== events) setShown(events);
  const dragStarted = useCallback(() => setDragging(true), []);
  const dragStopped = useCallback(() => setDragging(false), []);

  // Day headers are drawn before the range is known: look the holiday up by the date itself.
  const holidayOf = useCallback(
    (date: Date) => {
      const day = tallinnDate(date);
      const found = publicHolidays(Number(day.slice(0, 4))).find((h) => h.date === day);
      return found ? t(`holidays.${found.key}`) : null;
    },
    [t],
  );

  const datesSet = useCallback((arg: DatesSetArg) => {
    const next = { from: tallinnDate(arg.start), to: tallinnDate(arg.end) };
    setRange((prev) => (prev?.from === next.from && prev.to === next.to ? prev : next));
    latest.current.onRange({ from: arg.start, to: arg.end });
    // FullCalendar draws its arrows as role="img" without a name (axe: role-img-alt); the button's
    // title names it, so the icon is hidden from assistive technology.
    for (const icon of document.querySelectorAll('.fc .fc-button .fc-icon[role="img"]')) icon.setAttribute("aria-hidden", "true");
  }, []);

  const select = useCallback((arg: DateSelectArg) => {
    arg.view.calendar.unselect();
    if (!latest.current.canEdit || arg.allDay) return;
    const clicked = arg.end.getTime() - arg.start.getTime() <= CLICK_MINUTES * 60_000;
    const end = clicked ? new Date(arg.start.getTime() + 60 * 60_000) : arg.end;
    latest.current.onSelect({ start: arg.start, end, resourceId: arg.resource?.id ?? null });
  }, []);

  // A tap on a free slot books it on a touch screen; a drag there scrolls the page, so the
  // long-press selection stays for choosing a length.
  const tapped = useCallback((arg: DateClickArg) => {
    if (!latest.current.canEdit || arg.allDay) return;
    latest.current.onSelect({ start: arg.date, end: new Date(arg.date.getTime() + 60 * 60_000), resourceId: arg.resource?.id ?? null });
  }, []);

  const moved = useCallback((arg: EventDropArg | EventResizeDoneArg) => {
    const { session } = arg.event.extendedProps as SessionEventProps;
    if (session.busy || !arg.event.start || !arg.event.end) return arg.revert();
    const newResource = "newResource" in arg ? arg.newResource : null;
    const roomId = latest.current.mode === "rooms" && newResource ? newResource.id : session.roomId;
    latest.current.onMove({ session, start: arg.event.start, end: arg.event.end, roomId, revert: arg.revert });
  }, []);

  const click = useCallback((arg: EventClickArg) => {
    const props = arg.event.extendedProps as Partial<SessionEventProps>;
    if (props.session && !props.session.busy) latest.current.onOpen(props.session);
  }, []);

  const label = useCallback(
    (s: CalendarSession) => {
      const time = when(s.startsAt, s.endsAt);
      if (s.busy) return t("busyLabel", { when: time });
      const clients = s.participants.map((p) => p.name).join(", ");
      return `${t("eventLabel", { service: serviceName(s), when: time, clients: clients ? `, ${clients}` : "" })} (${t(`statuses.${s.status}`)})${s.roomName ? `, ${s.roomName}` : ""}`;
    },
    [t, when, serviceName],
  );

  // Events are links without an address: an open one acts as a button. Its name is the full
  // description in the content below, which (unlike attributes set at mount) follows changes.
  const mounted = useCallback((arg: EventMountArg) => {
    const { session } = arg.event.extendedProps as Partial<SessionEventProps>;
    if (session && !session.busy) arg.el.setAttribute("role", "button");
  }, []);

  const content = useCallback(
    (arg: EventContentArg) => {
      const { session } = arg.event.extendedProps as Partial<SessionEventProps>;
      if (!session) return <div className="fc-event-title">{arg.event.title}</div>;
      const described = <span className="visually-hidden">{label(session)}</span>;
      if (session.busy) {
        return (
          <div className="session-body">
            {described}
            <span aria-hidden="true">
              <span className="session-time">{arg.timeText}</span> <strong>{t("busy")}</strong>
            </span>
          </div>
        );
      }
      // Who comes first: in an hour-high event of the week view only the first lines show, and the
      // client is what a specialist looks for; the service follows.
      const clients = session.participants.map((p) => p.name).join(", ");
      // The list view has its own time column.
      const listed = arg.view.type.startsWith("list");
      return (
        <div className="session-body">
          {described}
          <span aria-hidden="true">
            {session.status === "done" ? <span className="session-done-mark">✓ </span> : null}
            {listed ? null : (
              <>
                <span className="session-time">{arg.timeText}</span>{" "}
              </>
            )}
            {clients ? <strong>{clients}</strong> : null}
            {session.hiddenParticipants ? (
              <span className={clients ? "session-line" : undefined}>{t("hiddenClients", { count: session.hiddenParticipants })}</span>
            ) : null}
            {clients ? (
              <span className="session-line">{serviceName(session)}</span>
            ) : (
              <strong className="session-line">{serviceName(session)}</strong>
            )}
            {mode !== "rooms" && session.roomName ? <span className="session-line">{session.roomName}</span> : null}
            {session.status !== "planned" ? <span className="session-line session-status">{t(`statuses.${session.status}`)}</span> : null}
          </span>
        </div>
      );
    },
    [t, label, serviceName, mode],
  );

  const dayHeader = useCallback(
    (arg: DayHeaderContentArg) => {
      const holiday = holidayOf(arg.date);
      return holiday ? (
        <span className="holiday-header">
          {arg.text}
          <small>{holiday}</small>
        </span>
      ) : (
        arg.text
      );
    },
    [holidayOf],
  );

  // FullCalendar names a day column by its date only: add the holiday for screen readers too.
  const dayHeaderMounted = useCallback(
    (arg: DayHeaderMountArg) => {
      const holiday = holidayOf(arg.date);
      const named = arg.el.querySelector("[aria-label]");
      const name = named?.getAttribute("aria-label");
      if (holiday && named && name && !name.includes(holiday)) named.setAttribute("aria-label", `${name}, ${holiday}`);
    },
    [holidayOf],
  );

  const headerToolbar = useMemo(
    () =>
      narrow
        ? { left: "prev,next", center: "title", right: "today" }
        : { left: "prev,next today", center: "title", right: views.join(",") },
    [views, narrow],
  );
  const footerToolbar = useMemo(() => (narrow ? { center: views.join(",") } : false), [views, narrow]);
  // Turning a phone (or narrowing a window) swaps the week grid for the list and back.
  useEffect(() => {
    const api = calendarRef.current?.getApi();
    const wanted = api?.view.type.includes("Day") ? views[0] : views[1];
    if (api && api.view.type !== wanted) api.changeView(wanted);
  }, [views]);
  const buttonHints = useMemo(
    () => ({
      prev: (_text: string, unit: string) => (unit === "day" ? t("hints.prevDay") : t("hints.prevWeek")),
      next: (_text: string, unit: string) => (unit === "day" ? t("hints.nextDay") : t("hints.nextWeek")),
      today: (_text: string, unit: string) => (unit === "day" ? t("hints.today") : t("hints.thisWeek")),
    }),
    [t],
  );
  const viewHint = useCallback((text: string) => t("hints.view", { view: text }), [t]);
  const buttonText = useMemo(
    () => ({ today: t("buttons.today"), day: t("buttons.day"), week: t("buttons.week"), list: t("buttons.list") }),
    [t],
  );

  return (
    <>
      <FullCalendar
        ref={calendarRef}
        plugins={PLUGINS}
        schedulerLicenseKey={LICENSE_KEY}
        timeZone={ZONE}
        locales={LOCALES}
        locale={locale === "en" ? "en-gb" : "et"}
        firstDay={1}
        initialView={initialView === "day" ? views[0] : views[1]}
        initialDate={initialDate}
        headerToolbar={headerToolbar}
        footerToolbar={footerToolbar}
        noEventsText={t("noSessionsInView")}
        buttonHints={buttonHints}
        viewHint={viewHint}
        buttonText={buttonText}
        allDayText={t("buttons.allDay")}
        slotMinTime="07:00:00"
        slotMaxTime="20:00:00"
        slotDuration="00:30:00"
        snapDuration={`00:${CLICK_MINUTES}:00`}
        scrollTime="08:00:00"
        dayHeaderFormat={DAY_HEADER_FORMAT}
        slotLabelFormat={TIME_FORMAT}
        eventTimeFormat={TIME_FORMAT}
        businessHours={BUSINESS_HOURS}
        nowIndicator
        height="auto"
        allDaySlot
        resources={resources}
        resourceOrder="order"
        datesAboveResources
        dayMinWidth={narrow && mode !== "plain" ? 96 : undefined}
        events={held ? shown : events}
        selectable={canEdit}
        selectMirror
        selectAllow={timedOnly}
        editable={canEdit}
        eventDurationEditable={canEdit}
        eventResourceEditable={canEdit && mode === "rooms"}
        select={select}
        dateClick={touch ? tapped : undefined}
        eventLongPressDelay={400}
        selectLongPressDelay={400}
        eventDragStart={dragStarted}
        eventDragStop={dragStopped}
        eventResizeStart={dragStarted}
        eventResizeStop={dragStopped}
        eventDrop={moved}
        eventResize={moved}
        eventClick={click}
        eventDidMount={mounted}
        eventContent={content}
        dayHeaderContent={dayHeader}
        dayHeaderDidMount={dayHeaderMounted}
        datesSet={datesSet}
      />
      <CalendarLegend />
    </>
  );
}

const LEGEND = SESSION_STATUSES;

/** What the colours mean: a done session is told apart by its mark and its name, not by guessing. */
function CalendarLegend() {
  const t = useTranslations("scheduling");
  return (
    <div className="calendar-legend">
      <h3 className="visually-hidden">{t("legend.title")}</h3>
      <ul aria-label={t("legend.title")}>
        {LEGEND.map((status) => (
          <li key={status}>
            <span className={`legend-swatch session-${status === "no_show" ? "no-show" : status}`} aria-hidden="true">
              {status === "done" ? "✓" : ""}
            </span>
            {t(`statuses.${status}`)}
          </li>
        ))}
        <li>
          <span className="legend-swatch session-busy" aria-hidden="true" />
          {t("legend.busy")}
        </li>
        <li>
          <span className="legend-swatch holiday" aria-hidden="true" />
          {t("legend.holiday")}
        </li>
        <li>
          <span className="legend-swatch shortened-day" aria-hidden="true" />
          {t("legend.shortened")}
        </li>
      </ul>
    </div>
  );
}
