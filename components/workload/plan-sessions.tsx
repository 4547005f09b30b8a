"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { withDates, type VisibleSession } from "@/components/calendar/events";
import { useSchedulingError } from "@/components/calendar/use-scheduling-error";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { tallinnMonthRange } from "@/lib/tallinn-time";
import { useFormat } from "@/components/ui/use-format";
import { useEverTrue } from "@/components/ui/use-ever-true";

// The dialog's code (forms, schemas, pickers) loads on the first click that opens it (useEverTrue),
// not with the page: as in the calendar (scheduler.tsx).
const SessionDialog = dynamic(() => import("@/components/calendar/session-dialog").then((m) => m.SessionDialog), { ssr: false });

/**
 * The person's sessions of the month, from the calendar's own list (so client details are
 * masked the same way); opening one gives the calendar's session dialog: agreed, done, cancel…
 */
export function PlanSessions({
  employeeId,
  month,
  canBook,
  onChanged,
}: {
  employeeId: string;
  month: string;
  canBook: boolean;
  onChanged: (text: string) => void;
}) {
  const t = useTranslations("workload");
  const ts = useTranslations("scheduling");
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormat();
  const trpc = useTRPC();
  const schedulingError = useSchedulingError();
  const [openId, setOpenId] = useState<string | null>(null);
  const range = tallinnMonthRange(month);
  const sessions = useQuery({
    ...trpc.scheduling.sessions.list.queryOptions({ ...range, specialistIds: [employeeId], includeCancelled: false }),
    placeholderData: keepPreviousData,
    select: withDates,
  });
  const list = sessions.data ?? [];
  const opened = list.find((s): s is VisibleSession => s.id === openId && !s.busy) ?? null;
  const sessionDialogUsed = useEverTrue(opened !== null);
  const when = (start: Date, end: Date) => format.slot(start, end);
  return (
    <section className="workload-section" aria-labelledby="plan-sessions">
      <h2 id="plan-sessions">{t("monthSessions")}</h2>
      {sessions.isError ? <Alert kind="error">{schedulingError(sessions.error).message}</Alert> : null}
      {sessions.isPending ? (
        <p>{tc("loading")}</p>
      ) : list.length === 0 ? (
        <EmptyState>{t("noSessionsInMonth")}</EmptyState>
      ) : (
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("service")}</th>
                <th scope="col">{t("clients")}</th>
                <th scope="col">{t("room")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) =>
                s.busy ? (
                  <tr key={s.id}>
                    <td>{when(s.startsAt, s.endsAt)}</td>
                    <td colSpan={5}>{ts("busy")}</td>
                  </tr>
                ) : (
                  <tr key={s.id}>
                    <td>{when(s.startsAt, s.endsAt)}</td>
                    <td>
                      {s.service.code} {locale === "en" ? s.service.nameEn : s.service.nameEt}
                    </td>
                    <td>
                      {[
                        ...s.participants.map((p) => p.name),
                        ...(s.hiddenParticipants ? [t("moreClients", { count: s.hiddenParticipants })] : []),
                      ].join(", ")}
                    </td>
                    <td>{s.roomName ?? ts("noRoom")}</td>
                    <td>
                      <span
                        className={`badge ${s.status === "done" || s.status === "agreed" ? "ok" : s.status === "planned" ? "" : "warn"}`}
                      >
                        {ts(`statuses.${s.status}`)}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn link"
                        onClick={() => setOpenId(s.id)}
                        aria-label={t("openSession", { when: when(s.startsAt, s.endsAt) })}
                      >
                        {t("open")}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {sessionDialogUsed ? (
        <SessionDialog
          session={opened}
          canBook={canBook}
          onClose={() => setOpenId(null)}
          onRefresh={() => void sessions.refetch()}
          onChanged={(text) => {
            setOpenId(null);
            onChanged(text);
          }}
        />
      ) : null}
    </section>
  );
}
