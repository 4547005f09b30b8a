"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Controller, get, useForm } from "react-hook-form";
import { bookForm, bookFormWithSelf, type BookSubmission, type BookValues } from "@/server/scheduling/schemas";
import { useTRPC } from "@/components/trpc/client";
import { useServiceChoice } from "@/components/catalogue/service-choice";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { DateField, TimeField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import type { ErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { PickList, type PickOption } from "./pick-list";
import { tallinnParts } from "./time";
import { useSchedulingError } from "./use-scheduling-error";

export type BookingPreset = {
  start: Date;
  end: Date;
  roomId: string | null;
  specialists: PickOption[];
  clients: PickOption[];
};

/** Books a session; on a refusal (a clash, a limit) says why and keeps everything filled in. */
/** What the scheduler is told after a booking: when, and any hard limit it would break once done. */
export type Booked = { start: Date; end: Date; count: number; warnings: string[] };

export function BookDialog({
  preset,
  onClose,
  onBooked,
}: {
  preset: BookingPreset | null;
  onClose: () => void;
  onBooked: (booked: Booked) => void;
}) {
  const t = useTranslations("scheduling");
  return (
    <Dialog open={preset !== null} title={t("bookTitle")} onClose={onClose}>
      {preset ? <BookForm preset={preset} onClose={onClose} onBooked={onBooked} /> : null}
    </Dialog>
  );
}

type Clash = { startsAt: Date; message: string };

function BookForm({ preset, onClose, onBooked }: { preset: BookingPreset; onClose: () => void; onBooked: (booked: Booked) => void }) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const te = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const schedulingError = useSchedulingError();
  const start = tallinnParts(preset.start);
  const [clientSearch, setClientSearch] = useState("");
  const [peopleSearch, setPeopleSearch] = useState("");
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [clashes, setClashes] = useState<{ list: Clash[]; total: number } | null>(null);
  // Whom the booker's booking scope reaches (covers_specialists): only they are offered. With
  // scope own, oneself stays among the specialists and a colleague comes only alongside.
  const bookable = useQuery(trpc.scheduling.bookableSpecialists.queryOptions());
  const ownOnly = bookable.data?.scope === "own" ? bookable.data.selfId : null;
  const schema = useMemo(() => (ownOnly ? bookFormWithSelf(ownOnly) : bookForm), [ownOnly]);
  // The procedures' own schemas check the booking before it is sent; the hint texts stay the form's.
  const resolver = useSchemaResolver(schema, {
    serviceId: t("serviceRequired"),
    "startsAt:invalid_type": t("timeInvalid"),
    "endsAt:invalid_type": t("timeInvalid"),
    participants: te("clientRequired"),
    "specialistIds:too_small": te("specialistRequired"),
  });
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<BookValues, unknown, BookSubmission>({
    defaultValues: {
      serviceId: "",
      date: start.date,
      startsAt: start.time,
      endsAt: tallinnParts(preset.end).time,
      roomId: preset.roomId ?? "",
      notes: "",
      clients: preset.clients,
      specialists: preset.specialists,
      repeat: false,
      intervalWeeks: "1",
      endMode: "count",
      count: "6",
      until: "",
    },
    resolver,
  });
  // The clashes shown are those of the repeat settings they were found for.
  useEffect(() => {
    const watching = watch((_values, { name }) => {
      if (name && ["repeat", "intervalWeeks", "endMode", "count", "until"].includes(name)) setClashes(null);
    });
    return () => watching.unsubscribe();
  }, [watch]);
  const serviceId = watch("serviceId");
  const specialists = watch("specialists");
  const clients = watch("clients");
  const repeat = watch("repeat");
  const endMode = watch("endMode");
  const search = useDeferredValue(clientSearch.trim());
  const top = useRef<HTMLDivElement>(null);
  // The refusal is announced (role=alert); bring it into sight too, the form may be scrolled.
  useEffect(() => {
    if (formError?.message) top.current?.scrollIntoView({ block: "nearest" });
  }, [formError]);

  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const people = useQuery(trpc.employees.list.queryOptions({}));
  const found = useQuery(trpc.clients.list.queryOptions({ search: search || undefined }));
  const warningsOf = (list: { client: string; messageKey: string; params: Record<string, string | number> }[]) =>
    list.map(
      (w) =>
        `${t("limitWarning", { client: w.client })} ${te.has(w.messageKey.replace(/^errors\./, "")) ? te(w.messageKey.replace(/^errors\./, ""), w.params) : ""}`,
    );
  // Sending the same booking again (after an error or a lost answer) cannot book it twice.
  const submission = useSubmissionKey();
  const book = useMutation(
    trpc.scheduling.sessions.book.mutationOptions({
      onSuccess: (booked) => onBooked({ start: booked.startsAt, end: booked.endsAt, count: 1, warnings: warningsOf(booked.warnings) }),
      onError: (e) => setFormError(schedulingError(e)),
    }),
  );
  const bookSeries = useMutation(
    trpc.scheduling.series.book.mutationOptions({
      onSuccess: (r) =>
        onBooked({
          start: r.booked[0]!.startsAt,
          end: r.booked[0]!.endsAt,
          count: r.booked.length,
          warnings: warningsOf(r.booked.flatMap((b) => b.warnings)),
        }),
      onError: (e) => setFormError(schedulingError(e)),
    }),
  );
  const preview = useMutation(
    trpc.scheduling.series.preview.mutationOptions({
      onError: (e) => setFormError(schedulingError(e)),
    }),
  );

  // Services that happen at a time, not per day, month or kilometre: the server says which.
  const timed = (services.data ?? []).filter((s) => s.bookable);
  const service = timed.find((s) => s.id === serviceId);
  const name = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  // The chosen specialists' specialties' services first (no physiotherapy for a psychologist).
  const specialties = new Set((people.data ?? []).filter((p) => specialists.some((x) => x.id === p.id)).flatMap((p) => p.specialtyIds));
  const serviceChoice = useServiceChoice(
    timed,
    timed.filter((s) => s.specialtyId && specialties.has(s.specialtyId)).map((s) => s.id),
    serviceId,
    (s) => (
      <option key={s.id} value={s.id}>
        {s.code} {name(s)}
      </option>
    ),
  );
  const clientMatches = (found.data ?? []).map((c) => ({
    id: c.id,
    label: `${c.firstName} ${c.lastName}${c.personalCode ? ` (${c.personalCode})` : ""}`,
  }));
  const needle = peopleSearch.trim().toLowerCase();
  const offered = bookable.data?.scope === "unit" ? new Set(bookable.data.specialistIds) : null;
  const peopleMatches = (bookable.data?.scope ? (people.data ?? []) : [])
    .filter((p) => !offered || offered.has(p.id))
    .filter((p) => !needle || `${p.firstName} ${p.lastName}`.toLowerCase().includes(needle))
    // Scope own: oneself first, the colleagues who may come along after.
    .sort((a, b) => Number(b.id === ownOnly) - Number(a.id === ownOnly))
    .map((p) => ({ id: p.id, label: `${p.firstName} ${p.lastName}${p.specialtyNames.length ? ` (${p.specialtyNames.join(", ")})` : ""}` }));

  function submit({ recurrence, ...booking }: BookSubmission) {
    setFormError(null);
    if (!recurrence) {
      book.mutate({ ...booking, idempotencyKey: submission.keyFor(booking) });
      return;
    }
    // A series: first see which dates clash, then let the person choose.
    preview.mutate(
      { booking, recurrence },
      {
        onSuccess: (r) => {
          if (r.clashes.length === 0)
            bookSeries.mutate({
              booking,
              recurrence,
              mode: "all",
              idempotencyKey: submission.keyFor({ booking, recurrence, mode: "all" }),
            });
          else
            setClashes({
              total: r.total,
              list: r.clashes.map((c) => ({
                startsAt: c.startsAt,
                message: schedulingError({ data: { app: { messageKey: c.messageKey, params: c.params, field: null } } }).message,
              })),
            });
        },
      },
    );
  }

  function bookFree({ recurrence, ...booking }: BookSubmission) {
    if (!recurrence) return;
    const series = { booking, recurrence, mode: "free" as const };
    bookSeries.mutate({ ...series, idempotencyKey: submission.keyFor(series) });
  }

  // The form's own refusals beside their fields; a refusal from the server (a clash, a limit) is said
  // once, on top, except the few it words for a field of this form.
  const server = formError?.fields ?? {};
  // The schema names the procedure's fields (participants, recurrence.count), not the form's.
  const errorAt = (path: string): string | undefined => (get(errors, path) as { message?: string } | undefined)?.message;
  const fieldErrors = {
    serviceId: errors.serviceId?.message ?? server.serviceId,
    startsAt: errors.startsAt?.message ?? server.startTime,
    endsAt: errors.endsAt?.message ?? server.endTime,
    roomId: errors.roomId?.message,
    clients: errorAt("participants") ?? server.clients,
    specialists: errorAt("specialistIds") ?? server.specialists,
    notes: errors.notes?.message,
    count: errorAt("recurrence.count") ?? server.count,
    until: errorAt("recurrence.until") ?? server.until,
  };

  const clientStatus = found.isError
    ? schedulingError(found.error).message
    : found.isPending
      ? tc("loading")
      : clientMatches.length === 0 && search
        ? t("noClientMatches")
        : !search && clients.length === 0 && clientMatches.length === 0
          ? t("typeToSearch")
          : null;
  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      {/* A refusal from the server (a clash, a limit) is one message for the whole booking. */}
      <div ref={top}>{formError?.message ? <Alert kind="error">{formError.message}</Alert> : null}</div>
      <SelectField
        label={t("service")}
        error={fieldErrors.serviceId}
        autoFocus
        hint={
          service
            ? service.isGroup
              ? service.maxGroupSize
                ? t("groupHint", { max: service.maxGroupSize })
                : t("groupHintOpen")
              : t("individualHint")
            : undefined
        }
        {...register("serviceId")}
      >
        <option value="">{t("chooseService")}</option>
        {serviceChoice.options}
      </SelectField>
      {serviceChoice.toggle}
      <div className="time-row">
        <Controller
          control={control}
          name="date"
          render={({ field }) => <DateField label={t("date")} value={field.value ?? ""} onChange={field.onChange} required />}
        />
        {(["startsAt", "endsAt"] as const).map((name) => (
          <Controller
            key={name}
            control={control}
            name={name}
            render={({ field }) => (
              <TimeField
                label={name === "startsAt" ? t("start") : t("end")}
                step={300}
                value={field.value ?? ""}
                onChange={field.onChange}
                error={fieldErrors[name]}
                required
              />
            )}
          />
        ))}
      </div>
      <SelectField label={t("room")} error={fieldErrors.roomId} {...register("roomId")}>
        <option value="">{t("noRoom")}</option>
        {(rooms.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} ({t("capacity", { count: r.capacity })})
          </option>
        ))}
      </SelectField>
      <div className="grid-2">
        <Controller
          control={control}
          name="clients"
          render={({ field }) => (
            <PickList
              legend={t("clients")}
              name="clients"
              searchLabel={t("searchClients")}
              searchHint={t("searchClientsHint")}
              search={clientSearch}
              onSearch={setClientSearch}
              matches={clientMatches}
              chosen={field.value}
              onChange={field.onChange}
              status={clientStatus}
              error={fieldErrors.clients}
            />
          )}
        />
        <Controller
          control={control}
          name="specialists"
          render={({ field }) => (
            <PickList
              legend={t("specialists")}
              name="specialists"
              searchLabel={t("searchSpecialists")}
              search={peopleSearch}
              onSearch={setPeopleSearch}
              matches={peopleMatches}
              chosen={field.value}
              onChange={field.onChange}
              error={fieldErrors.specialists}
              status={
                people.isError || bookable.isError
                  ? schedulingError(people.error ?? bookable.error).message
                  : people.isPending || bookable.isPending
                    ? tc("loading")
                    : peopleMatches.length === 0 && needle
                      ? t("noSpecialistMatches")
                      : null
              }
            />
          )}
        />
      </div>
      <TextArea label={t("notes")} rows={2} maxLength={5000} error={fieldErrors.notes} {...register("notes")} />
      <fieldset className="field series">
        <legend>{t("series.legend")}</legend>
        <label>
          <input type="checkbox" {...register("repeat")} /> {t("series.repeat")}
        </label>
        {repeat ? (
          <div className="time-row">
            <SelectField label={t("series.every")} {...register("intervalWeeks")}>
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {t("series.weeks", { count: n })}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("series.ends")} {...register("endMode")}>
              <option value="count">{t("series.afterCount")}</option>
              <option value="until">{t("series.onDate")}</option>
            </SelectField>
            {endMode === "count" ? (
              <TextField label={t("series.count")} type="number" min={1} max={104} error={fieldErrors.count} {...register("count")} />
            ) : (
              <Controller
                control={control}
                name="until"
                render={({ field }) => (
                  <DateField label={t("series.until")} value={field.value ?? ""} onChange={field.onChange} error={fieldErrors.until} />
                )}
              />
            )}
          </div>
        ) : null}
      </fieldset>
      {clashes ? (
        <div role="alert" className="alert info">
          <p>{t("series.clashes", { count: clashes.list.length, total: clashes.total })}</p>
          <ul>
            {clashes.list.map((c) => (
              <li key={c.startsAt.toISOString()}>
                {tallinnParts(c.startsAt).date}: {c.message}
              </li>
            ))}
          </ul>
          {clashes.list.length < clashes.total ? (
            <button type="button" className="btn" onClick={handleSubmit(bookFree)} disabled={bookSeries.isPending}>
              {t("series.bookFree", { count: clashes.total - clashes.list.length })}
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={book.isPending || preview.isPending || bookSeries.isPending}>
          {repeat ? t("series.submit") : t("submitBook")}
        </button>
      </div>
    </form>
  );
}
