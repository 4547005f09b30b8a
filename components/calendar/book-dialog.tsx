"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import type { ErrorText } from "@/components/ui/use-error-text";
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

/** Services that happen at a time: not per day, month or kilometre. */
const TIMED_UNITS = new Set(["hour", "academic_hour", "session"]);

/** Books a session; on a refusal (a clash, a limit) says why and keeps everything filled in. */
export function BookDialog({ preset, onClose, onBooked }: { preset: BookingPreset | null; onClose: () => void; onBooked: (start: Date, end: Date) => void }) {
  const t = useTranslations("scheduling");
  return (
    <Dialog open={preset !== null} title={t("bookTitle")} onClose={onClose}>
      {preset ? <BookForm preset={preset} onClose={onClose} onBooked={onBooked} /> : null}
    </Dialog>
  );
}

function BookForm({ preset, onClose, onBooked }: { preset: BookingPreset; onClose: () => void; onBooked: (start: Date, end: Date) => void }) {
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
  const book = useMutation(trpc.scheduling.sessions.book.mutationOptions({
    onSuccess: (booked) => onBooked(booked.startsAt, booked.endsAt),
    onError: (e) => setFormError(schedulingError(e)),
  }));

  const timed = (services.data ?? []).filter((s) => TIMED_UNITS.has(s.billingUnit));
  const service = timed.find((s) => s.id === serviceId);
  const name = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  const clientMatches = (found.data ?? []).map((c) => ({ id: c.id, label: `${c.firstName} ${c.lastName}${c.personalCode ? ` (${c.personalCode})` : ""}` }));
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
    book.mutate({
      serviceId: service.id, roomId: roomId || null, startsAt, endsAt, notes,
      specialistIds: specialists.map((s) => s.id),
      participants: clients.map((c) => ({ clientId: c.id, decisionId: null })),
    });
  }

  const fieldErrors = formError?.fields ?? {};
  const clientStatus = found.isError ? schedulingError(found.error).message
    : found.isPending ? tc("loading")
    : clientMatches.length === 0 && search ? t("noClientMatches")
    : !search && clients.length === 0 && clientMatches.length === 0 ? t("typeToSearch") : null;
  return (
    <form onSubmit={submit} noValidate>
      {/* A refusal from the server (a clash, a limit) is one message for the whole booking. */}
      <div ref={top}>{formError?.message ? <Alert kind="error">{formError.message}</Alert> : null}</div>
      <SelectField label={t("service")} name="serviceId" value={serviceId} onChange={(e) => setServiceId(e.target.value)} error={fieldErrors.serviceId} autoFocus
        hint={service ? (service.isGroup ? (service.maxGroupSize ? t("groupHint", { max: service.maxGroupSize }) : t("groupHintOpen")) : t("individualHint")) : undefined}>
        <option value="">{t("chooseService")}</option>
        {timed.map((s) => <option key={s.id} value={s.id}>{s.code} {name(s)}</option>)}
      </SelectField>
      <div className="time-row">
        <TextField label={t("date")} name="date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        <TextField label={t("start")} name="startTime" type="time" step={300} value={startTime} onChange={(e) => setStartTime(e.target.value)} error={fieldErrors.startTime} required />
        <TextField label={t("end")} name="endTime" type="time" step={300} value={endTime} onChange={(e) => setEndTime(e.target.value)} error={fieldErrors.endTime} required />
      </div>
      <SelectField label={t("room")} name="roomId" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
        <option value="">{t("noRoom")}</option>
        {(rooms.data ?? []).map((r) => <option key={r.id} value={r.id}>{r.name} ({t("capacity", { count: r.capacity })})</option>)}
      </SelectField>
      <div className="grid-2">
        <PickList legend={t("clients")} name="clients" searchLabel={t("searchClients")} searchHint={t("searchClientsHint")}
          search={clientSearch} onSearch={setClientSearch} matches={clientMatches} chosen={clients} onChange={setClients} status={clientStatus} error={fieldErrors.clients} />
        <PickList legend={t("specialists")} name="specialists" searchLabel={t("searchSpecialists")}
          search={peopleSearch} onSearch={setPeopleSearch} matches={peopleMatches} chosen={specialists} onChange={setSpecialists} error={fieldErrors.specialists}
          status={people.isError ? schedulingError(people.error).message : peopleMatches.length === 0 && needle ? t("noSpecialistMatches") : null} />
      </div>
      <TextArea label={t("notes")} name="notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={5000} />
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>{tc("cancel")}</button>
        <button type="submit" className="btn" disabled={book.isPending}>{t("submitBook")}</button>
      </div>
    </form>
  );
}
