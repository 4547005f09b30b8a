"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
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
  const [values, setValues] = useState(draft);
  const [error, setError] = useState<ErrorText | null>(null);
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
  const set = (key: keyof EntryDraft) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    const hours = Number(values.hours.replace(",", "."));
    if (!values.workTypeId) fields.workTypeId = t("chooseWorkType");
    if (!values.workDate) fields.workDate = t("dateRequired");
    if (values.hours.trim() === "" || !Number.isFinite(hours)) fields.hours = t("hoursAsNumber");
    if (Object.keys(fields).length) {
      setError({ message: "", fields });
      return;
    }
    setError(null);
    const entry = { id: draft.id, employeeId, workTypeId: values.workTypeId, workDate: values.workDate, hours, note: values.note };
    save.mutate({ ...entry, idempotencyKey: submission.keyFor(entry) });
  }
  const fields = error?.fields ?? {};
  // A refusal that names no field of this form (the month is approved, no permission) is said on top.
  const general = error?.message && !["workTypeId", "workDate", "hours", "note"].some((f) => fields[f]) ? error.message : null;
  // Keep the entry's own type listed even if it has been retired since.
  const localName = useLocalName();
  const options =
    values.workTypeId && !types.some((x) => x.id === values.workTypeId)
      ? [{ id: values.workTypeId, name: t("retiredType"), unitName: null }, ...types]
      : types;
  return (
    <form onSubmit={submit} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <TextField
        label={t("date")}
        name="workDate"
        type="date"
        value={values.workDate}
        onChange={set("workDate")}
        error={fields.workDate}
        required
        autoFocus
      />
      <SelectField
        label={t("workType")}
        name="workTypeId"
        value={values.workTypeId}
        onChange={set("workTypeId")}
        error={fields.workTypeId}
        required
      >
        <option value="">{t("chooseWorkType")}</option>
        {options.map((x) => (
          <option key={x.id} value={x.id}>
            {x.unitName ? `${localName(x)} (${x.unitName})` : localName(x)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("hours")}
        name="hours"
        type="number"
        inputMode="decimal"
        step="0.25"
        value={values.hours}
        onChange={set("hours")}
        error={fields.hours}
        hint={t("hoursHint")}
        required
      />
      <TextArea label={t("note")} name="note" rows={2} value={values.note} onChange={set("note")} error={fields.note} maxLength={2000} />
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
