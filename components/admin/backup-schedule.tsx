"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { backupScheduleInput, type BackupScheduleInput } from "@/server/settings/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/editing";
import { SelectField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

export type BackupState = {
  nightlyBackup: boolean;
  nightlyBackupHour: number;
  timeZone: string;
  lastBackupAt: Date | null;
  lastBackupOk: boolean | null;
  lastBackupDetail: string | null;
};

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The nightly backup switch and hour, and how the last nightly backup went. */
export function BackupSchedule({ state, canManage }: { state: BackupState; canManage: boolean }) {
  const t = useTranslations("backup");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  // The procedure's own schema: a switch and a whole hour of the day.
  const resolver = useSchemaResolver(backupScheduleInput);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<BackupScheduleInput>({
    defaultValues: { enabled: state.nightlyBackup, hour: state.nightlyBackupHour },
    resolver,
  });
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const save = useMutation(
    trpc.settings.setBackupSchedule.mutationOptions({
      onSuccess: () => {
        setNotice({ kind: "success", text: t("saved") });
        void queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
      onError: (e) => setNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  const last = state.lastBackupAt
    ? t(state.lastBackupOk ? "lastOk" : "lastFailed", {
        when: format.dateTime(state.lastBackupAt),
        detail: state.lastBackupDetail ?? "",
      })
    : t("never");

  return (
    <section className="panel" aria-labelledby="backup-heading">
      <h2 id="backup-heading" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <p className="hint">{t("explain")}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <form noValidate onSubmit={handleSubmit((input) => save.mutate(input))}>
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="grid-2">
            <CheckboxField caption={t("nightly")} label={t("nightlyLabel")} {...register("enabled")} />
            <SelectField
              label={t("hour")}
              hint={t("hourHint", { zone: state.timeZone })}
              error={errors.hour?.message}
              {...register("hour", { valueAsNumber: true })}
            >
              {HOURS.map((h) => (
                <option key={h} value={h}>{`${String(h).padStart(2, "0")}:00`}</option>
              ))}
            </SelectField>
          </div>
          {canManage ? (
            <div className="actions">
              <button type="submit" className="btn" disabled={save.isPending}>
                {t("save")}
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
      <h3>{t("lastTitle")}</h3>
      {state.lastBackupAt && state.lastBackupOk === false ? <Alert kind="error">{last}</Alert> : <p>{last}</p>}
    </section>
  );
}
