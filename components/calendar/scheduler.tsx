"use client";
import { ExportButtons } from "@/components/ui/export-buttons";
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { LiveStatus } from "@/components/realtime/live-status";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import type { BookingPreset } from "./book-dialog";
import { withDates, type VisibleSession } from "./events";
import type { CalendarResource, MoveRequest, SelectedSlot } from "./full-calendar";
import type { MoveScope } from "./move-form";
import type { PickOption } from "./pick-list";
import { addMinutes, suggestedStart } from "./time";
import { useSchedulingError } from "./use-scheduling-error";
import { useFormat } from "@/components/ui/use-format";
import { useEverTrue } from "@/components/ui/use-ever-true";
// Here, not in the lazily loaded FullCalendar module: the toolbar, the frame and the placeholder
// below are styled from the first paint. Loaded with that module, these styles arrived a second or
// two late and the toolbar, the frame and everything under it jumped (Lighthouse CLS 0.37).
import "./calendar.css";

/** Takes the room the calendar will take (see .calendar-placeholder), so nothing under it moves when it comes. */
function CalendarLoading() {
  const tc = useTranslations("common");
  return (
    <div className="calendar-placeholder">
      <p>{tc("loading")}</p>
    </div>
  );
}

// FullCalendar measures the DOM: it renders in the browser only.
const SessionCalendar = dynamic(() => import("./full-calendar"), { ssr: false, loading: CalendarLoading });
// The dialogs open on a click: their forms, schemas (zod) and pickers load on the first click that
// opens them (useEverTrue), neither in the first-load JavaScript (npm run bench:bundle, target
// 300 kB) nor right after it, when running them made the page slow to answer (Lighthouse TBT).
const BookDialog = dynamic(() => import("./book-dialog").then((m) => m.BookDialog), { ssr: false });
const SessionDialog = dynamic(() => import("./session-dialog").then((m) => m.SessionDialog), { ssr: false });
const SeriesMoveDialog = dynamic(() => import("./series-move-dialog").then((m) => m.SeriesMoveDialog), { ssr: false });

export type SchedulerProps = {
  mode: "rooms" | "people" | "plain";
  resources?: CalendarResource[];
  filter: { roomIds?: string[]; specialistIds?: string[]; clientId?: string };
  /** Socket.io rooms whose "session.changed" concern this view. */
  liveRooms: string[];
  /** More queries to refetch on a change (e.g. the client's dataset). */
  alsoRefresh?: QueryKey[];
  initialDate?: string;
  initialView: "day" | "week";
  me: PickOption;
  canBook: boolean;
  /** Who and what a new booking starts with, given the slot chosen. */
  presetFor?: (slot: SelectedSlot) => Partial<Pick<BookingPreset, "specialists" | "clients" | "roomId">>;
  toolbar?: ReactNode;
  /** The first day shown, whenever the person moves in time. */
  onRangeStart?: (start: Date) => void;
};

type Notice = { kind: "success" | "error" | "info"; text: string };

/**
 * One calendar with everything around it: the sessions of the visible range, live refetching,
 * booking by selecting a slot, moving and resizing by drag (reverted when refused), details.
 */
export function Scheduler(props: SchedulerProps) {
  const { mode, resources, filter, liveRooms, alsoRefresh, initialDate, initialView, me, canBook, presetFor, toolbar, onRangeStart } =
    props;
  const t = useTranslations("scheduling");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schedulingError = useSchedulingError();
  const [range, setRange] = useState<{ from: Date; to: Date } | null>(null);
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const [booking, setBooking] = useState<BookingPreset | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  /** A dragged session of a series, waiting for "this, the following or all". */
  const [seriesMove, setSeriesMove] = useState<MoveRequest | null>(null);
  /** From a drop until its move is saved (and refetched) or refused: the calendar holds still. */
  const [holding, setHolding] = useState(false);
  useLiveRefresh(liveRooms, alsoRefresh);

  const hasFilter = Boolean(filter.roomIds?.length || filter.specialistIds?.length || filter.clientId);
  const sessions = useQuery({
    ...trpc.scheduling.sessions.list.queryOptions({
      from: range?.from ?? new Date(0),
      to: range?.to ?? new Date(1),
      ...filter,
      includeCancelled,
    }),
    enabled: range !== null && hasFilter,
    placeholderData: keepPreviousData,
    select: withDates,
  });
  const refresh = () => {
    for (const queryKey of alsoRefresh ?? []) void queryClient.invalidateQueries({ queryKey });
    return queryClient.invalidateQueries({ queryKey: trpc.scheduling.sessions.list.queryKey() });
  };
  /** Shows the saved move once the calendar has it, so the session never jumps back meanwhile. */
  const release = () => void refresh().finally(() => setHolding(false));
  const refused = (revert: () => void, e: unknown) => {
    revert();
    setHolding(false);
    setNotice({ kind: "error", text: schedulingError(e).message });
  };
  const when = (start: Date, end: Date) => format.slot(start, end);

  const move = useMutation(trpc.scheduling.sessions.move.mutationOptions());
  const moveSeries = useMutation(trpc.scheduling.series.move.mutationOptions());
  const moveOne = ({ session, start, end, roomId, revert }: MoveRequest) => {
    move.mutate(
      { sessionId: session.id, startsAt: start, endsAt: end, roomId },
      {
        onSuccess: () => {
          setNotice({ kind: "success", text: t("moved", { when: when(start, end) }) });
          release();
        },
        onError: (e) => refused(revert, e),
      },
    );
  };
  const onMove = (request: MoveRequest) => {
    setNotice(null);
    setHolding(true);
    if (!request.session.busy && request.session.seriesId) setSeriesMove(request);
    else moveOne(request);
  };
  const onSeriesScope = (scope: MoveScope) => {
    const request = seriesMove;
    setSeriesMove(null);
    if (!request) return setHolding(false);
    if (scope === "this") return moveOne(request);
    const { session, start, end, roomId, revert } = request;
    moveSeries.mutate(
      { sessionId: session.id, startsAt: start, endsAt: end, roomId, scope },
      {
        onSuccess: ({ moved }) => {
          const first = [...moved].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? { startsAt: start, endsAt: end };
          setNotice({ kind: "success", text: t("series.move.moved", { count: moved.length, when: when(first.startsAt, first.endsAt) }) });
          release();
        },
        onError: (e) => refused(revert, e),
      },
    );
  };

  const startBooking = (slot: SelectedSlot) => {
    setNotice(null);
    const extra = presetFor?.(slot) ?? {};
    setBooking({
      start: slot.start,
      end: slot.end,
      roomId: extra.roomId ?? null,
      specialists: extra.specialists ?? [me],
      clients: extra.clients ?? [],
    });
  };
  const bookNow = () => {
    const start = suggestedStart(range);
    startBooking({ start, end: addMinutes(start, 60), resourceId: null });
  };

  const list = sessions.data ?? [];
  const opened = list.find((s): s is VisibleSession => s.id === openId && !s.busy) ?? null;
  const bookDialogUsed = useEverTrue(booking !== null);
  const sessionDialogUsed = useEverTrue(opened !== null);
  return (
    <>
      <div className="calendar-toolbar">
        {toolbar}
        <span className="spacer" />
        <label>
          <input type="checkbox" checked={includeCancelled} onChange={(e) => setIncludeCancelled(e.target.checked)} /> {t("showCancelled")}
        </label>
        <LiveStatus />
        {/* There from the first paint, usable once the calendar has said which days it shows: appearing
            then, they pushed the Book button (and on a phone the calendar) aside. */}
        {hasFilter ? (
          <ExportButtons
            list="sessions"
            disabled={!range}
            params={{
              from: range?.from.toISOString(),
              to: range?.to.toISOString(),
              clientId: filter.clientId,
              roomIds: filter.roomIds?.join(","),
              specialistIds: filter.specialistIds?.join(","),
              includeCancelled: String(includeCancelled),
            }}
          />
        ) : null}
        {canBook ? (
          <button type="button" className="btn" onClick={bookNow}>
            {t("book")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {sessions.isError ? <Alert kind="error">{schedulingError(sessions.error).message}</Alert> : null}
      <div className="calendar-frame" aria-busy={sessions.isFetching}>
        {sessions.isFetching ? <span className="calendar-loading">{t("loading")}</span> : null}
        <SessionCalendar
          mode={mode}
          resources={resources}
          sessions={list}
          initialDate={initialDate}
          initialView={initialView}
          canEdit={canBook}
          onRange={(r) => {
            onRangeStart?.(r.from);
            setRange((prev) => (prev && prev.from.getTime() === r.from.getTime() && prev.to.getTime() === r.to.getTime() ? prev : r));
          }}
          holding={holding}
          onSelect={startBooking}
          onMove={onMove}
          onOpen={(s) => {
            setNotice(null);
            setOpenId(s.id);
          }}
        />
      </div>
      {sessions.isSuccess && list.length === 0 ? <EmptyState>{canBook ? t("noSessions") : t("noSessionsReadOnly")}</EmptyState> : null}
      {canBook ? <p className="calendar-hint">{t("selectHint")}</p> : null}
      {bookDialogUsed ? (
        <BookDialog
          preset={booking}
          onClose={() => setBooking(null)}
          onBooked={(b) => {
            setBooking(null);
            const done =
              b.count > 1 ? t("bookedSeries", { count: b.count, when: when(b.start, b.end) }) : t("booked", { when: when(b.start, b.end) });
            // A hard limit the session would break once done: booked, but said out loud.
            setNotice({ kind: b.warnings.length ? "info" : "success", text: [done, ...b.warnings].join(" ") });
            void refresh();
          }}
        />
      ) : null}
      {seriesMove ? (
        <SeriesMoveDialog
          key={`${seriesMove.session.id}-${seriesMove.start.getTime()}`}
          when={when(seriesMove.start, seriesMove.end)}
          onChoose={onSeriesScope}
          onCancel={() => {
            seriesMove.revert();
            setSeriesMove(null);
            setHolding(false);
          }}
        />
      ) : null}
      {sessionDialogUsed ? (
        <SessionDialog
          session={opened}
          canBook={canBook}
          onClose={() => setOpenId(null)}
          onRefresh={refresh}
          onChanged={(text) => {
            setOpenId(null);
            setNotice({ kind: "success", text });
            void refresh();
          }}
        />
      ) : null}
    </>
  );
}
