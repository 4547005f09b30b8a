"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useHours } from "./format";
import type { Plan } from "./plan-tables";

/** A manager sets the month's possible hours by hand (leave, a shorter month), or goes back to the computed ones. */
export function PossibleHoursDialog({
  open,
  plan,
  onClose,
  onSaved,
}: {
  open: boolean;
  plan: Plan;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useTranslations("workload");
  return (
    <Dialog open={open} title={t("possibleTitle", { name: plan.employee.name })} onClose={onClose}>
      {open ? <PossibleForm plan={plan} onClose={onClose} onSaved={onSaved} /> : null}
    </Dialog>
  );
}

function PossibleForm({ plan, onClose, onSaved }: { plan: Plan; onClose: () => void; onSaved: (text: string) => void }) {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const hours = useHours();
  const errorText = useErrorText();
  const [value, setValue] = useState(String(plan.possible.hours));
  const [note, setNote] = useState(plan.possible.override?.note ?? "");
  const [error, setError] = useState<ErrorText | null>(null);
  const save = useMutation(
    trpc.workload.plan.setPossibleHours.mutationOptions({
      onSuccess: (_r, input) => onSaved(input.hours === null ? t("possibleReset") : t("possibleSaved")),
      onError: (e) => setError(errorText(e)),
    }),
  );
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = Number(value.replace(",", "."));
    if (value.trim() === "" || !Number.isFinite(parsed)) {
      setError({ message: "", fields: { possibleHours: t("hoursAsNumber") } });
      return;
    }
    setError(null);
    save.mutate({ employeeId: plan.employee.id, month: plan.month, hours: parsed, note });
  };
  const p = plan.possible;
  const fieldError = error?.fields.possibleHours;
  return (
    <form onSubmit={submit} noValidate>
      {error?.message && !fieldError ? <Alert kind="error">{error.message}</Alert> : null}
      <p>
        {t("possibleExplained", {
          computed: hours(p.computed),
          days: p.workingDays,
          shortened: p.shortenedDays.length,
          weekly: hours(plan.employee.weeklyHours),
        })}
      </p>
      <TextField
        label={t("possible")}
        name="possibleHours"
        type="number"
        inputMode="decimal"
        step="0.5"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={fieldError}
        required
        autoFocus
      />
      <TextField
        label={t("possibleNote")}
        name="note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        error={error?.fields.note}
      />
      <div className="actions">
        {p.override ? (
          <button
            type="button"
            className="btn secondary"
            disabled={save.isPending}
            onClick={() => save.mutate({ employeeId: plan.employee.id, month: plan.month, hours: null, note: "" })}
          >
            {t("useComputed")}
          </button>
        ) : null}
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
