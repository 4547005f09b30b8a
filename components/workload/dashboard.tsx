"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { LiveStatus } from "@/components/realtime/live-status";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { useHours, useMonthName } from "./format";
import "./workload.css";
import { useFormat } from "@/components/ui/use-format";

/**
 * The manager's dashboard: this month's hours per specialist, today's rooms and what comes next.
 * It listens to the dashboard rooms of the manager's units, so a session booked, moved, done or
 * cancelled anywhere shows here at once. Figures only: no client is named.
 */
export function WorkloadDashboard() {
  const t = useTranslations("workload");
  const ts = useTranslations("scheduling");
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormat();
  const hours = useHours();
  const monthName = useMonthName();
  const trpc = useTRPC();
  const errorText = useErrorText();
  // "Busy now" and "next" move with the clock even when nothing is booked: a quiet refresh every five minutes.
  const dashboard = useQuery({ ...trpc.workload.dashboard.queryOptions(), refetchInterval: 300_000 });
  useLiveRefresh(dashboard.data?.liveRooms ?? [], [trpc.workload.dashboard.queryKey()]);
  const time = (d: Date) => format.time(d);
  const h = (x: number) => t("hoursShort", { hours: hours(x) });

  if (dashboard.isPending)
    return (
      <>
        <h1>{t("dashboardTitle")}</h1>
        <p>{tc("loading")}</p>
      </>
    );
  if (dashboard.isError)
    return (
      <>
        <h1>{t("dashboardTitle")}</h1>
        <Alert kind="error">{errorText(dashboard.error).message}</Alert>
      </>
    );
  const d = dashboard.data;
  const fill = (s: { possibleHours: number; agreedHours: number; doneHours: number }) =>
    s.possibleHours > 0 ? Math.round(((s.agreedHours + s.doneHours) / s.possibleHours) * 100) : null;
  return (
    <>
      <div className="workload-toolbar">
        <h1 style={{ margin: 0 }}>{t("dashboardTitle")}</h1>
        <span>{monthName(d.month)}</span>
        <span className="spacer" />
        <LiveStatus />
      </div>
      <dl className="figures" aria-label={t("figures")}>
        <div>
          <dt>{t("possible")}</dt>
          <dd>{h(d.totals.possibleHours)}</dd>
        </div>
        <div>
          <dt>{t("agreed")}</dt>
          <dd>{h(d.totals.agreedHours)}</dd>
        </div>
        <div>
          <dt>{t("done")}</dt>
          <dd>{h(d.totals.doneHours)}</dd>
        </div>
      </dl>
      <section className="workload-section" aria-labelledby="dash-specialists">
        <h2 id="dash-specialists">{t("specialistsThisMonth")}</h2>
        {d.specialists.length === 0 ? (
          <EmptyState>{t("noSpecialists")}</EmptyState>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("specialist")}</th>
                  <th scope="col" className="num">
                    {t("possible")}
                  </th>
                  <th scope="col" className="num">
                    {t("agreed")}
                  </th>
                  <th scope="col" className="num">
                    {t("done")}
                  </th>
                  <th scope="col">{t("filled")}</th>
                </tr>
              </thead>
              <tbody>
                {d.specialists.map((s) => {
                  const pct = fill(s);
                  return (
                    <tr key={s.id}>
                      <th scope="row">{s.name}</th>
                      <td className="num">{hours(s.possibleHours)}</td>
                      <td className="num">{hours(s.agreedHours)}</td>
                      <td className="num">{hours(s.doneHours)}</td>
                      <td>
                        {pct === null ? (
                          "–"
                        ) : (
                          <>
                            {pct}%
                            <span className="meter" aria-hidden="true">
                              <span style={{ width: `${Math.min(100, pct)}%` }} />
                            </span>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="workload-section" aria-labelledby="dash-rooms">
        <h2 id="dash-rooms">{t("roomsToday")}</h2>
        {d.rooms.length === 0 ? (
          <EmptyState>{t("noRoomsInReach")}</EmptyState>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("room")}</th>
                  <th scope="col">{t("unit")}</th>
                  <th scope="col" className="num">
                    {t("sessions")}
                  </th>
                  <th scope="col" className="num">
                    {t("bookedHours")}
                  </th>
                  <th scope="col">{t("occupancy")}</th>
                  <th scope="col">{t("now")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rooms.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.name}</th>
                    <td>{r.unitName}</td>
                    <td className="num">{r.sessions}</td>
                    <td className="num">{hours(r.bookedHours)}</td>
                    <td>
                      {r.occupancyPct === null ? (
                        t("closedToday")
                      ) : (
                        <>
                          {r.occupancyPct}%
                          <span className="meter" aria-hidden="true">
                            <span style={{ width: `${Math.min(100, r.occupancyPct)}%` }} />
                          </span>
                        </>
                      )}
                    </td>
                    <td>
                      {r.busyUntil
                        ? t("busyUntil", { time: time(r.busyUntil) })
                        : r.nextStart
                          ? t("freeUntil", { time: time(r.nextStart) })
                          : t("freeRestOfDay")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="workload-section" aria-labelledby="dash-upcoming">
        <h2 id="dash-upcoming">{t("upcoming")}</h2>
        {d.upcoming.length === 0 ? (
          <EmptyState>{t("noUpcoming")}</EmptyState>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("when")}</th>
                  <th scope="col">{t("service")}</th>
                  <th scope="col">{t("room")}</th>
                  <th scope="col">{t("specialists")}</th>
                  <th scope="col" className="num">
                    {t("clientCount")}
                  </th>
                  <th scope="col">{t("status")}</th>
                </tr>
              </thead>
              <tbody>
                {d.upcoming.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {format.weekdayDay(s.startsAt)} {time(s.startsAt)}–{time(s.endsAt)}
                    </td>
                    <td>
                      {s.serviceCode} {locale === "en" ? s.serviceEn : s.serviceEt}
                    </td>
                    <td>{s.roomName ?? ts("noRoom")}</td>
                    <td>{s.specialists.join(", ")}</td>
                    <td className="num">{s.clients}</td>
                    <td>{ts(`statuses.${s.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
