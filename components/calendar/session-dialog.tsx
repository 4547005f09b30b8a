"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { SelectField } from "@/components/ui/field";
import type { VisibleSession } from "./events";
import { MoveForm } from "./move-form";
import { useSchedulingError } from "./use-scheduling-error";
import { ATTENDANCE } from "@/db/schema/enums";
import { SERIES_SCOPES, type SETTABLE_STATUSES } from "@/server/scheduling/schemas";
import { useFormat } from "@/components/ui/use-format";

type Status = (typeof SETTABLE_STATUSES)[number];

/**
 * A session's details and what can be done with it: attendance per client, agreed, no-show,
 * cancelled (asked first), reinstated, or done (which writes the dataset and may be refused
 * by a client's hard limit: the refusal names the client).
 */
export function SessionDialog({
  session,
  canBook,
  onClose,
  onChanged,
  onRefresh,
}: {
  session: VisibleSession | null;
  canBook: boolean;
  onClose: () => void;
  /** A change that ends the dialog: the message to show beside the calendar. */
  onChanged: (message: string) => void;
  /** A change the dialog stays open for (attendance). */
  onRefresh: () => void;
}) {
  const t = useTranslations("scheduling");
  return (
    <Dialog open={session !== null} title={t("sessionTitle")} onClose={onClose}>
      {session ? (
        <SessionDetails
          key={session.id}
          session={session}
          canBook={canBook}
          onClose={onClose}
          onChanged={onChanged}
          onRefresh={onRefresh}
        />
      ) : null}
    </Dialog>
  );
}

function SessionDetails({
  session,
  canBook,
  onClose,
  onChanged,
  onRefresh,
}: {
  session: VisibleSession;
  canBook: boolean;
  onClose: () => void;
  onChanged: (message: string) => void;
  onRefresh: () => void;
}) {
  const t = useTranslations("scheduling");
  const format = useFormat();
  const locale = useLocale();
  const trpc = useTRPC();
  const schedulingError = useSchedulingError();
  const [error, setError] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  /** For a session of a series: cancel this one, this and the following, or all open ones. */
  const [seriesScope, setSeriesScope] = useState<"this" | "following" | "all" | null>(null);
  const [moving, setMoving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // The chosen attendance shows at once; the list catches up when it refetches.
  const [marked, setMarked] = useState<Record<string, string>>({});
  const onError = (e: unknown) => {
    setSaved(null);
    setError(schedulingError(e).message);
  };

  const setStatus = useMutation(
    trpc.scheduling.sessions.setStatus.mutationOptions({
      onSuccess: (_data, input) => {
        setConfirmCancel(false);
        onChanged(t("statusChanged", { status: t(`statuses.${input.status}`) }));
      },
      onError: (e) => {
        setConfirmCancel(false);
        onError(e);
      },
    }),
  );
  const cancelSeries = useMutation(
    trpc.scheduling.series.cancel.mutationOptions({
      onSuccess: (r) => {
        setSeriesScope(null);
        onChanged(t("series.cancelled", { count: r.cancelled.length }));
      },
      onError: (e) => {
        setSeriesScope(null);
        onError(e);
      },
    }),
  );
  const complete = useMutation(
    trpc.scheduling.sessions.complete.mutationOptions({
      onSuccess: (done) => onChanged(t("completed", { count: done.entries })),
      onError,
    }),
  );
  const attendance = useMutation(
    trpc.scheduling.sessions.setAttendance.mutationOptions({
      onSuccess: () => {
        setError(null);
        setSaved(t("attendanceSaved"));
        onRefresh();
      },
      onError: (e, input) => {
        setMarked(({ [input.clientId]: _dropped, ...rest }) => rest);
        onError(e);
      },
    }),
  );

  const serviceName = locale === "en" ? session.service.nameEn : session.service.nameEt;
  const when = `${format.longDate(session.startsAt)}, ${format.time(session.startsAt)}–${format.time(session.endsAt)}`;
  const open = session.status === "planned" || session.status === "agreed";
  // The server sends what this viewer may do (the mutations' own rules); nothing else is offered.
  const may = (action: VisibleSession["actions"][number]) => canBook && session.actions.includes(action);
  const busy = setStatus.isPending || complete.isPending || attendance.isPending;
  const change = (status: Status) => {
    setError(null);
    setSaved(null);
    setStatus.mutate({ sessionId: session.id, status });
  };

  if (moving) return <MoveForm session={session} onMoved={onChanged} onCancel={() => setMoving(false)} />;
  return (
    <>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {saved ? <Alert kind="success">{saved}</Alert> : null}
      <dl className="facts session-facts">
        <dt>{t("service")}</dt>
        <dd>
          {session.service.code} {serviceName}
        </dd>
        <dt>{t("when")}</dt>
        <dd>{when}</dd>
        <dt>{t("room")}</dt>
        <dd>{session.roomName ?? t("noRoom")}</dd>
        <dt>{t("specialists")}</dt>
        <dd>{session.specialists.map((s) => s.name).join(", ")}</dd>
        <dt>{t("status")}</dt>
        <dd>
          <span
            className={`badge ${session.status === "done" || session.status === "agreed" ? "ok" : session.status === "planned" ? "" : "warn"}`}
          >
            {t(`statuses.${session.status}`)}
          </span>
        </dd>
        {session.notes ? (
          <>
            <dt>{t("notes")}</dt>
            <dd style={{ whiteSpace: "pre-wrap" }}>{session.notes}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t("clients")}</h3>
      {session.participants.length === 0 ? (
        <p>{t("noClientsVisible")}</p>
      ) : (
        <ul className="attendance-list">
          {session.participants.map((p) => (
            <li key={p.clientId}>
              <Link href={`/clients/${p.clientId}`} aria-label={t("openClient", { name: p.name })}>
                {p.name}
              </Link>
              <SelectField
                label={t("attendanceOf", { name: p.name })}
                name={`attendance-${p.clientId}`}
                value={marked[p.clientId] ?? p.attendance}
                disabled={!may("attendance") || busy}
                onChange={(e) => {
                  setError(null);
                  setMarked((m) => ({ ...m, [p.clientId]: e.target.value }));
                  attendance.mutate({
                    sessionId: session.id,
                    clientId: p.clientId,
                    attendance: e.target.value as (typeof ATTENDANCE)[number],
                  });
                }}
              >
                {ATTENDANCE.map((a) => (
                  <option key={a} value={a}>
                    {t(`attendance.${a}`)}
                  </option>
                ))}
              </SelectField>
            </li>
          ))}
        </ul>
      )}
      {session.hiddenParticipants ? <p className="hint">{t("hiddenClients", { count: session.hiddenParticipants })}</p> : null}
      {open && !may("move") && !may("attendance") ? <p className="hint">{t("actionsWho")}</p> : null}
      {open && may("move") && !may("complete") ? <p className="hint">{t("completeWho")}</p> : null}
      <div className="actions">
        {may("agree") ? (
          <button type="button" className="btn secondary" disabled={busy} onClick={() => change("agreed")}>
            {t("markAgreed")}
          </button>
        ) : null}
        {may("move") ? (
          <button
            type="button"
            className="btn secondary"
            disabled={busy}
            onClick={() => {
              setError(null);
              setSaved(null);
              setMoving(true);
            }}
          >
            {t("changeTime")}
          </button>
        ) : null}
        {may("no_show") ? (
          <button type="button" className="btn secondary" disabled={busy} onClick={() => change("no_show")}>
            {t("markNoShow")}
          </button>
        ) : null}
        {may("cancel") && !session.seriesId ? (
          <button type="button" className="btn danger" disabled={busy} onClick={() => setConfirmCancel(true)}>
            {t("cancelSession")}
          </button>
        ) : null}
        {may("cancel") && session.seriesId
          ? SERIES_SCOPES.map((scope) => (
              <button key={scope} type="button" className="btn danger" disabled={busy} onClick={() => setSeriesScope(scope)}>
                {t(`series.cancel.${scope}`)}
              </button>
            ))
          : null}
        {may("reinstate") ? (
          <button type="button" className="btn secondary" disabled={busy} onClick={() => change("planned")}>
            {t("reinstate")}
          </button>
        ) : null}
        {may("complete") ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => {
              setError(null);
              setSaved(null);
              complete.mutate({ sessionId: session.id });
            }}
          >
            {t("complete")}
          </button>
        ) : null}
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
      <ConfirmDialog
        open={confirmCancel}
        title={t("cancelTitle")}
        message={t("cancelConfirm", { service: serviceName, when })}
        confirmLabel={t("cancelSession")}
        busy={setStatus.isPending}
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => change("cancelled")}
      />
      <ConfirmDialog
        open={seriesScope !== null}
        title={t("cancelTitle")}
        message={seriesScope ? t(`series.confirm.${seriesScope}`, { service: serviceName, when }) : ""}
        confirmLabel={seriesScope ? t(`series.cancel.${seriesScope}`) : ""}
        busy={cancelSeries.isPending}
        onCancel={() => setSeriesScope(null)}
        onConfirm={() => seriesScope && cancelSeries.mutate({ sessionId: session.id, scope: seriesScope })}
      />
    </>
  );
}
