"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import type { VisibleSession } from "./events";
import { fromTallinn, tallinnParts } from "./time";
import { useSchedulingError } from "./use-scheduling-error";
import { useFormat } from "@/components/ui/use-format";

export type MoveScope = "this" | "following" | "all";
const SCOPES: MoveScope[] = ["this", "following", "all"];

/**
 * The keyboard's way to do what dragging does: a new date, time or room for a session, with
 * the same clash handling (the refusal says what is in the way and nothing changes). For a
 * session of a series, also the others: this and the following ones, or all, moved as much.
 */
export function MoveForm({
  session,
  onMoved,
  onCancel,
}: {
  session: VisibleSession;
  onMoved: (message: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const schedulingError = useSchedulingError();
  const start = tallinnParts(session.startsAt);
  const [date, setDate] = useState(start.date);
  const [startTime, setStartTime] = useState(start.time);
  const [endTime, setEndTime] = useState(tallinnParts(session.endsAt).time);
  const [roomId, setRoomId] = useState(session.roomId ?? "");
  const [scope, setScope] = useState<MoveScope>("this");
  const [error, setError] = useState<string | null>(null);
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const when = (start: Date, end: Date) => format.slot(start, end);
  const onError = (e: unknown) => setError(schedulingError(e).message);
  const move = useMutation(
    trpc.scheduling.sessions.move.mutationOptions({
      onSuccess: (moved) => onMoved(t("moved", { when: when(moved.startsAt, moved.endsAt) })),
      onError,
    }),
  );
  const moveSeries = useMutation(
    trpc.scheduling.series.move.mutationOptions({
      onSuccess: ({ moved }) => {
        const first = [...moved].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]!;
        onMoved(t("series.move.moved", { count: moved.length, when: when(first.startsAt, first.endsAt) }));
      },
      onError,
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const startsAt = fromTallinn(date, startTime);
    const endsAt = fromTallinn(date, endTime);
    if (!startsAt || !endsAt) {
      setError(t("timeInvalid"));
      return;
    }
    setError(null);
    const change = { sessionId: session.id, startsAt, endsAt, roomId: roomId || null };
    if (session.seriesId && scope !== "this") moveSeries.mutate({ ...change, scope });
    else move.mutate(change);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t("changeTime")}>
      <h3>{t("changeTime")}</h3>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <div className="time-row">
        <TextField label={t("date")} name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required autoFocus />
        <TextField
          label={t("start")}
          name="startTime"
          type="time"
          step={300}
          value={startTime}
          onChange={(e) => setStartTime(e.target.value)}
          required
        />
        <TextField
          label={t("end")}
          name="endTime"
          type="time"
          step={300}
          value={endTime}
          onChange={(e) => setEndTime(e.target.value)}
          required
        />
      </div>
      <SelectField label={t("room")} name="roomId" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
        <option value="">{t("noRoom")}</option>
        {(rooms.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({t("capacity", { count: r.capacity })})
          </option>
        ))}
      </SelectField>
      {session.seriesId ? (
        <fieldset className="series">
          <legend>{t("series.move.legend")}</legend>
          {SCOPES.map((s) => (
            <label key={s}>
              <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} /> {t(`series.move.${s}`)}
            </label>
          ))}
          <span className="hint">{t("series.move.hint")}</span>
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={move.isPending || moveSeries.isPending}>
          {t("saveTime")}
        </button>
      </div>
    </form>
  );
}
