"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { timeEntryForm, type SaveTimeEntry, type TimeEntryValues } from "@/server/workload/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { useLocalName } from "@/components/ui/use-local-name";

export type EntryDraft = { id: string | null; workDate: string; workTypeId: string; hours: string; note: string };
type WorkType = { id: string; name: string; nameEn?: string; unitName: string | null };

/** Adds or corrects one general-work entry; a refusal is shown at the field it concerns. */
export function TimeEntryDialog({
  draft,
  employeeId,
  types,
  onClose,
  onSaved,
}: {
  draft: EntryDraft | null;
  employeeId: string;
  types: WorkType[];
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations("workload");
  return (
    <Dialog open={draft !== null} title={draft?.id ? t("editEntryTitle") : t("addEntryTitle")} onClose={onClose}>
      {draft ? (
        <EntryForm key={draft.id ?? "new"} draft={draft} employeeId={employeeId} types={types} onClose={onClose} onSaved={onSaved} />
      ) : null}
    </Dialog>
  );
}

function EntryForm({
  draft,
  employeeId,
  types,
  onClose,
  onSaved,
}: {
  draft: EntryDraft;
  employeeId: string;
  types: WorkType[];
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  // The procedure's own schema checks the entry before it is sent; the hint texts stay the form's.
  const resolver = useSchemaResolver(timeEntryForm, { workTypeId: t("chooseWorkType"), "hours:invalid_type": t("hoursAsNumber") });
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<TimeEntryValues, unknown, SaveTimeEntry>({ defaultValues: { ...draft, employeeId }, resolver });
  // Sending the same entry again (after an error or a lost answer) cannot log it twice.
  const submission = useSubmissionKey();
  const save = useMutation(
    trpc.workload.timeEntries.save.mutationOptions({
      onSuccess: () => {
        submission.done();
        onSaved(draft.id ? t("entryUpdated") : t("entryAdded"));
      },
      onError: (e) => setError(errorText(e)),
    }),
  );
  const submit = (entry: SaveTimeEntry) => {
    setError(null);
    save.mutate({ ...entry, idempotencyKey: submission.keyFor(entry) });
  };
  const fields = error?.fields ?? {};
  const err = (f: keyof TimeEntryValues) => errors[f]?.message ?? fields[f];
  // A refusal that names no field of this form (the month is approved, no permission) is said on top.
  const general = error?.message && !["workTypeId", "workDate", "hours", "note"].some((f) => fields[f]) ? error.message : null;
  // Keep the entry's own type listed even if it has been retired since.
  const workTypeId = watch("workTypeId");
  const localName = useLocalName();
  const options =
    workTypeId && !types.some((x) => x.id === workTypeId) ? [{ id: workTypeId, name: t("retiredType"), unitName: null }, ...types] : types;
  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <Controller
        control={control}
        name="workDate"
        render={({ field }) => (
          <DateField label={t("date")} error={err("workDate")} required autoFocus value={field.value ?? ""} onChange={field.onChange} />
        )}
      />
      <SelectField label={t("workType")} error={err("workTypeId")} required {...register("workTypeId")}>
        <option value="">{t("chooseWorkType")}</option>
        {options.map((x) => (
          <option key={x.id} value={x.id}>
            {x.unitName ? `${localName(x)} (${x.unitName})` : localName(x)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("hours")}
        type="number"
        inputMode="decimal"
        step="0.25"
        error={err("hours")}
        hint={t("hoursHint")}
        required
        {...register("hours")}
      />
      <TextArea label={t("note")} rows={2} error={err("note")} maxLength={2000} {...register("note")} />
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={save.isPending}>
          {tc("save")}
        </button>
      </div>
    </form>
  );
}
