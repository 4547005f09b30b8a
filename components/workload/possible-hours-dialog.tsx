"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { possibleHoursForm, type PossibleHoursValues, type SetPossibleHours } from "@/server/workload/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
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
  const [error, setError] = useState<ErrorText | null>(null);
  const resolver = useSchemaResolver(possibleHoursForm, { "hours:invalid_type": t("hoursAsNumber") });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<PossibleHoursValues, unknown, SetPossibleHours>({
    defaultValues: {
      employeeId: plan.employee.id,
      month: plan.month,
      hours: String(plan.possible.hours),
      note: plan.possible.override?.note ?? "",
    },
    resolver,
  });
  const save = useMutation(
    trpc.workload.plan.setPossibleHours.mutationOptions({
      onSuccess: (_r, input) => onSaved(input.hours === null ? t("possibleReset") : t("possibleSaved")),
      onError: (e) => setError(errorText(e)),
    }),
  );
  const submit = (input: SetPossibleHours) => {
    setError(null);
    save.mutate(input);
  };
  const p = plan.possible;
  // The domain names the field possibleHours; the form's field is the procedure's "hours".
  const hoursError = errors.hours?.message ?? error?.fields.possibleHours ?? error?.fields.hours;
  const noteError = errors.note?.message ?? error?.fields.note;
  return (
    <form onSubmit={handleSubmit(submit)} noValidate>
      {error?.message && !hoursError && !noteError ? <Alert kind="error">{error.message}</Alert> : null}
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
        type="number"
        inputMode="decimal"
        step="0.5"
        error={hoursError}
        required
        autoFocus
        {...register("hours")}
      />
      <TextField label={t("possibleNote")} maxLength={500} error={noteError} {...register("note")} />
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
