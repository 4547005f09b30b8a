"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import type { VisibleSession } from "./events";
import { fromTallinn, tallinnParts } from "./time";
import { useSchedulingError } from "./use-scheduling-error";

/**
 * The keyboard's way to do what dragging does: a new date, time or room for a session, with
 * the same clash handling (the refusal says what is in the way and nothing changes).
 */
export function MoveForm({ session, onMoved, onCancel }: { session: VisibleSession; onMoved: (message: string) => void; onCancel: () => void }) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const schedulingError = useSchedulingError();
  const start = tallinnParts(session.startsAt);
  const [date, setDate] = useState(start.date);
  const [startTime, setStartTime] = useState(start.time);
  const [endTime, setEndTime] = useState(tallinnParts(session.endsAt).time);
  const [roomId, setRoomId] = useState(session.roomId ?? "");
  const [error, setError] = useState<string | null>(null);
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const move = useMutation(trpc.scheduling.sessions.move.mutationOptions({
    onSuccess: (moved) => onMoved(t("moved", {
      when: `${format.dateTime(moved.startsAt, { weekday: "short", day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" })}–${format.dateTime(moved.endsAt, { hour: "2-digit", minute: "2-digit" })}`,
    })),
    onError: (e) => setError(schedulingError(e).message),
  }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const startsAt = fromTallinn(date, startTime);
    const endsAt = fromTallinn(date, endTime);
    if (!startsAt || !endsAt) { setError(t("timeInvalid")); return; }
    setError(null);
    move.mutate({ sessionId: session.id, startsAt, endsAt, roomId: roomId || null });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t("changeTime")}>
      <h3>{t("changeTime")}</h3>
      {error ? <Alert kind="error">{error}</Alert> : null}
      <div className="time-row">
        <TextField label={t("date")} name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required autoFocus />
        <TextField label={t("start")} name="startTime" type="time" step={300} value={startTime} onChange={(e) => setStartTime(e.target.value)} required />
        <TextField label={t("end")} name="endTime" type="time" step={300} value={endTime} onChange={(e) => setEndTime(e.target.value)} required />
      </div>
      <SelectField label={t("room")} name="roomId" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
        <option value="">{t("noRoom")}</option>
        {(rooms.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name} ({t("capacity", { count: r.capacity })})</option>)}
      </SelectField>
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>{tc("cancel")}</button>
        <button type="submit" className="btn" disabled={move.isPending}>{t("saveTime")}</button>
      </div>
    </form>
  );
}
