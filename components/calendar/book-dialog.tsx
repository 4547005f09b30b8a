"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { useServiceChoice } from "@/components/catalogue/service-choice";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import type { ErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { PickList, type PickOption } from "./pick-list";
import { fromTallinn, tallinnParts } from "./time";
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
  const [serviceId, setServiceId] = useState("");
  const [date, setDate] = useState(start.date);
  const [startTime, setStartTime] = useState(start.time);
  const [endTime, setEndTime] = useState(tallinnParts(preset.end).time);
  const [roomId, setRoomId] = useState(preset.roomId ?? "");
  const [notes, setNotes] = useState("");
  const [clients, setClients] = useState<PickOption[]>(preset.clients);
  const [specialists, setSpecialists] = useState<PickOption[]>(preset.specialists);
  const [clientSearch, setClientSearch] = useState("");
  const [peopleSearch, setPeopleSearch] = useState("");
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [repeat, setRepeat] = useState(false);
  const [intervalWeeks, setIntervalWeeks] = useState("1");
  const [endMode, setEndMode] = useState<"count" | "until">("count");
  const [count, setCount] = useState("6");
  const [until, setUntil] = useState("");
  const [clashes, setClashes] = useState<{ list: Clash[]; total: number } | null>(null);
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
  const peopleMatches = (people.data ?? [])
    .filter((p) => !needle || `${p.firstName} ${p.lastName}`.toLowerCase().includes(needle))
    .map((p) => ({ id: p.id, label: `${p.firstName} ${p.lastName}${p.specialtyNames.length ? ` (${p.specialtyNames.join(", ")})` : ""}` }));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const startsAt = fromTallinn(date, startTime);
    const endsAt = fromTallinn(date, endTime);
    const fields: Record<string, string> = {};
    if (!service) fields.serviceId = t("serviceRequired");
    if (!startsAt) fields.startTime = t("timeInvalid");
    if (!endsAt) fields.endTime = t("timeInvalid");
    if (clients.length === 0) fields.clients = te("clientRequired");
    if (specialists.length === 0) fields.specialists = te("specialistRequired");
    if (Object.keys(fields).length || !startsAt || !endsAt || !service) {
      setFormError({ message: "", fields });
      return;
    }
    setFormError(null);
    const booking = {
      serviceId: service.id,
      roomId: roomId || null,
      startsAt,
      endsAt,
      notes,
      specialistIds: specialists.map((s) => s.id),
      participants: clients.map((c) => ({ clientId: c.id, decisionId: null })),
    };
    if (!repeat) {
      book.mutate({ ...booking, idempotencyKey: submission.keyFor(booking) });
      return;
    }
    const recurrence = {
      intervalWeeks: Number(intervalWeeks),
      count: endMode === "count" ? Number(count) : null,
      until: endMode === "until" ? until || null : null,
    };
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

  function bookFree() {
    const startsAt = fromTallinn(date, startTime);
    const endsAt = fromTallinn(date, endTime);
    if (!service || !startsAt || !endsAt) return;
    const series = {
      booking: {
        serviceId: service.id,
        roomId: roomId || null,
        startsAt,
        endsAt,
        notes,
        specialistIds: specialists.map((s) => s.id),
        participants: clients.map((c) => ({ clientId: c.id, decisionId: null })),
      },
      recurrence: {
        intervalWeeks: Number(intervalWeeks),
        count: endMode === "count" ? Number(count) : null,
        until: endMode === "until" ? until || null : null,
      },
      mode: "free" as const,
    };
    bookSeries.mutate({ ...series, idempotencyKey: submission.keyFor(series) });
  }

  const fieldErrors = formError?.fields ?? {};
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
    <form onSubmit={submit} noValidate>
      {/* A refusal from the server (a clash, a limit) is one message for the whole booking. */}
      <div ref={top}>{formError?.message ? <Alert kind="error">{formError.message}</Alert> : null}</div>
      <SelectField
        label={t("service")}
        name="serviceId"
        value={serviceId}
        onChange={(e) => setServiceId(e.target.value)}
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
      >
        <option value="">{t("chooseService")}</option>
        {serviceChoice.options}
      </SelectField>
      {serviceChoice.toggle}
      <div className="time-row">
        <TextField label={t("date")} name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        <TextField
          label={t("start")}
          name="startTime"
          type="time"
          step={300}
          value={startTime}
          onChange={(e) => setStartTime(e.target.value)}
          error={fieldErrors.startTime}
          required
        />
        <TextField
          label={t("end")}
          name="endTime"
          type="time"
          step={300}
          value={endTime}
          onChange={(e) => setEndTime(e.target.value)}
          error={fieldErrors.endTime}
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
      <div className="grid-2">
        <PickList
          legend={t("clients")}
          name="clients"
          searchLabel={t("searchClients")}
          searchHint={t("searchClientsHint")}
          search={clientSearch}
          onSearch={setClientSearch}
          matches={clientMatches}
          chosen={clients}
          onChange={setClients}
          status={clientStatus}
          error={fieldErrors.clients}
        />
        <PickList
          legend={t("specialists")}
          name="specialists"
          searchLabel={t("searchSpecialists")}
          search={peopleSearch}
          onSearch={setPeopleSearch}
          matches={peopleMatches}
          chosen={specialists}
          onChange={setSpecialists}
          error={fieldErrors.specialists}
          status={
            people.isError ? schedulingError(people.error).message : peopleMatches.length === 0 && needle ? t("noSpecialistMatches") : null
          }
        />
      </div>
      <TextArea label={t("notes")} name="notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={5000} />
      <fieldset className="field series">
        <legend>{t("series.legend")}</legend>
        <label>
          <input
            type="checkbox"
            checked={repeat}
            onChange={(e) => {
              setRepeat(e.target.checked);
              setClashes(null);
            }}
          />{" "}
          {t("series.repeat")}
        </label>
        {repeat ? (
          <div className="time-row">
            <SelectField
              label={t("series.every")}
              name="intervalWeeks"
              value={intervalWeeks}
              onChange={(e) => {
                setIntervalWeeks(e.target.value);
                setClashes(null);
              }}
            >
              {[1, 2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {t("series.weeks", { count: n })}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t("series.ends")}
              name="endMode"
              value={endMode}
              onChange={(e) => {
                setEndMode(e.target.value as "count" | "until");
                setClashes(null);
              }}
            >
              <option value="count">{t("series.afterCount")}</option>
              <option value="until">{t("series.onDate")}</option>
            </SelectField>
            {endMode === "count" ? (
              <TextField
                label={t("series.count")}
                name="count"
                type="number"
                min={1}
                max={104}
                value={count}
                onChange={(e) => {
                  setCount(e.target.value);
                  setClashes(null);
                }}
                error={fieldErrors.count}
              />
            ) : (
              <TextField
                label={t("series.until")}
                name="until"
                type="date"
                value={until}
                onChange={(e) => {
                  setUntil(e.target.value);
                  setClashes(null);
                }}
                error={fieldErrors.until}
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
            <button type="button" className="btn" onClick={bookFree} disabled={bookSeries.isPending}>
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
