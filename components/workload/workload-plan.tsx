"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { BookingPreset } from "@/components/calendar/book-dialog";
import { addMinutes, suggestedStart } from "@/components/calendar/time";
import { LiveStatus } from "@/components/realtime/live-status";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { tallinnMonthRange } from "@/lib/tallinn-time";
import { rememberInUrl } from "./format";
import { MonthPicker } from "./month-picker";
import { PlanFigures, PlanTables, type Plan } from "./plan-tables";
import { PlanSessions } from "./plan-sessions";
import { TimeEntries } from "./time-entries";
import "./workload.css";
import { useFormat } from "@/components/ui/use-format";
import { useEverTrue } from "@/components/ui/use-ever-true";

// The dialogs' code (forms, schemas, pickers) loads on the first click that opens them (useEverTrue),
// not with the page: as in the calendar (scheduler.tsx).
const BookDialog = dynamic(() => import("@/components/calendar/book-dialog").then((m) => m.BookDialog), { ssr: false });
const PossibleHoursDialog = dynamic(() => import("./possible-hours-dialog").then((m) => m.PossibleHoursDialog), { ssr: false });

type Notice = { kind: "success" | "error" | "info"; text: string };

/**
 * The workload plan ("Töö sisestamine") of a person and month: possible, agreed and done hours,
 * by service and by client, the month's sessions and the general work logged. Bookings made
 * here, or anywhere else, show up at once: the view listens to the person's specialist room.
 */
export function WorkloadPlan({
  initialEmployeeId,
  initialMonth,
  me,
  canBook,
  canSeeSessions,
}: {
  initialEmployeeId: string;
  initialMonth: string;
  me: { id: string; name: string };
  canBook: boolean;
  canSeeSessions: boolean;
}) {
  const t = useTranslations("workload");
  const ts = useTranslations("scheduling");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const format = useFormat();
  const [employeeId, setEmployeeId] = useState(initialEmployeeId);
  const [month, setMonth] = useState(initialMonth);
  const [booking, setBooking] = useState<BookingPreset | null>(null);
  const [editingPossible, setEditingPossible] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const bookDialogUsed = useEverTrue(booking !== null);
  const possibleDialogUsed = useEverTrue(editingPossible);
  const people = useQuery(trpc.workload.people.queryOptions());
  const plan = useQuery({ ...trpc.workload.plan.get.queryOptions({ employeeId, month }), placeholderData: keepPreviousData });
  // The person's room carries their sessions and their general work, whoever logged it.
  useLiveRefresh([`specialist:${employeeId}`], [trpc.workload.plan.get.queryKey(), trpc.workload.timeEntries.list.queryKey()]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workload.plan.get.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.scheduling.sessions.list.queryKey() });
  };
  const choose = (next: { employeeId?: string; month?: string }) => {
    setNotice(null);
    if (next.employeeId) setEmployeeId(next.employeeId);
    if (next.month) setMonth(next.month);
    rememberInUrl({
      employee: (next.employeeId ?? employeeId) === me.id ? null : (next.employeeId ?? employeeId),
      month: next.month ?? month,
    });
  };
  const data = plan.data as Plan | undefined;
  const person = data
    ? { id: data.employee.id, label: data.employee.name }
    : { id: employeeId, label: employeeId === me.id ? me.name : "" };
  const startBooking = (client?: { id: string; label: string }) => {
    setNotice(null);
    const start = suggestedStart(tallinnMonthRange(month));
    setBooking({ start, end: addMinutes(start, 60), roomId: null, specialists: [person], clients: client ? [client] : [] });
  };

  return (
    <>
      <h1>{data && employeeId !== me.id ? t("planTitleOf", { name: data.employee.name }) : t("planTitle")}</h1>
      <div className="workload-toolbar">
        {(people.data?.length ?? 0) > 1 ? (
          <label>
            {t("person")}
            <select
              value={employeeId}
              onChange={(e) => choose({ employeeId: e.target.value })}
              style={{ font: "inherit", padding: ".35rem" }}
            >
              {people.data!.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.lastName}, {p.firstName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <MonthPicker value={month} onChange={(m) => choose({ month: m })} />
        <span className="spacer" />
        <LiveStatus />
        {/* From the server, per person: booking this specialist passes the booking's own access check. */}
        {data?.mayBook ? (
          <button type="button" className="btn" onClick={() => startBooking()}>
            {t("bookSession")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {plan.isError ? <Alert kind="error">{errorText(plan.error).message}</Alert> : null}
      {plan.isPending ? <p>{tc("loading")}</p> : null}
      {data ? (
        <div aria-busy={plan.isFetching}>
          {data.locked ? <Alert kind="info">{t("monthLocked")}</Alert> : null}
          <PlanFigures plan={data} onEditPossible={data.canManage ? () => setEditingPossible(true) : undefined} />
          <PlanTables plan={data} onBook={data.mayBook ? startBooking : undefined} />
          {canSeeSessions ? (
            <PlanSessions
              employeeId={employeeId}
              month={month}
              canBook={canBook}
              onChanged={(text) => {
                setNotice({ kind: "success", text });
                refresh();
              }}
            />
          ) : null}
          <TimeEntries employeeId={employeeId} month={month} canLog={data.canLog} locked={data.locked} />
          {possibleDialogUsed ? (
            <PossibleHoursDialog
              open={editingPossible}
              plan={data}
              onClose={() => setEditingPossible(false)}
              onSaved={(text) => {
                setEditingPossible(false);
                setNotice({ kind: "success", text });
                refresh();
              }}
            />
          ) : null}
        </div>
      ) : null}
      {bookDialogUsed ? (
        <BookDialog
          preset={booking}
          onClose={() => setBooking(null)}
          onBooked={(b) => {
            setBooking(null);
            setNotice({
              kind: b.warnings.length ? "info" : "success",
              text: [
                ts("booked", {
                  when: format.slot(b.start, b.end),
                }),
                ...b.warnings,
              ].join(" "),
            });
            refresh();
          }}
        />
      ) : null}
    </>
  );
}
