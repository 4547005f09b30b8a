"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { moveForm, SERIES_SCOPES, type MoveSubmission, type MoveValues, type SeriesScope } from "@/server/scheduling/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField } from "@/components/ui/field";
import { DateField, TimeField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import type { ErrorText } from "@/components/ui/use-error-text";
import type { VisibleSession } from "./events";
import { tallinnParts } from "./time";
import { useSchedulingError } from "./use-scheduling-error";
import { useFormat } from "@/components/ui/use-format";

export type MoveScope = SeriesScope;

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
  const [error, setError] = useState<ErrorText | null>(null);
  const resolver = useSchemaResolver(moveForm, { "startsAt:invalid_type": t("timeInvalid"), "endsAt:invalid_type": t("timeInvalid") });
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<MoveValues, unknown, MoveSubmission>({
    defaultValues: {
      sessionId: session.id,
      date: start.date,
      startsAt: start.time,
      endsAt: tallinnParts(session.endsAt).time,
      roomId: session.roomId ?? "",
      scope: "this",
    },
    resolver,
  });
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const when = (start: Date, end: Date) => format.slot(start, end);
  const onError = (e: unknown) => setError(schedulingError(e));
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

  function submit({ scope, ...change }: MoveSubmission) {
    setError(null);
    if (session.seriesId && scope !== "this") moveSeries.mutate({ ...change, scope });
    else move.mutate(change);
  }
  // A refusal naming a time or the room is shown at that field; any other above the form.
  const fieldError = (f: "date" | "startsAt" | "endsAt" | "roomId") => errors[f]?.message ?? error?.fields[f];
  const general = error && !["startsAt", "endsAt", "roomId"].some((f) => error.fields[f]) ? error.message : null;

  return (
    <form onSubmit={handleSubmit(submit)} noValidate aria-label={t("changeTime")}>
      <h3>{t("changeTime")}</h3>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <div className="time-row">
        <Controller
          control={control}
          name="date"
          render={({ field }) => (
            <DateField
              label={t("date")}
              error={fieldError("date")}
              required
              autoFocus
              value={field.value ?? ""}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="startsAt"
          render={({ field }) => (
            <TimeField
              label={t("start")}
              step={15}
              error={fieldError("startsAt")}
              required
              value={field.value ?? ""}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="endsAt"
          render={({ field }) => (
            <TimeField
              label={t("end")}
              step={15}
              error={fieldError("endsAt")}
              required
              value={field.value ?? ""}
              onChange={field.onChange}
            />
          )}
        />
      </div>
      <SelectField label={t("room")} error={fieldError("roomId")} {...register("roomId")}>
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
          {SERIES_SCOPES.map((s) => (
            <label key={s}>
              <input type="radio" value={s} {...register("scope")} /> {t(`series.move.${s}`)}
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
