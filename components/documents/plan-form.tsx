"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useFieldArray, useForm, type FieldErrors } from "react-hook-form";
import { LIFE_AREAS, planContent, type PlanContent } from "@/lib/plan-inputs";
import { z } from "@/lib/zod";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

const planForm = planContent.extend({ decisionId: z.string() });
type Values = z.infer<typeof planForm>;

export const emptyPlan = (decisionId: string): Values => ({
  decisionId,
  firstMeetingDate: "",
  assessmentDate: "",
  validFrom: "",
  validTo: "",
  team: [
    { name: "", specialtyId: "" },
    { name: "", specialtyId: "" },
    { name: "", specialtyId: "" },
  ],
  functioning: Object.fromEntries(LIFE_AREAS.map((a) => [a, ""])) as PlanContent["functioning"],
  problems: "",
  goals: [{ text: "" }],
  services: [],
  assistiveDevices: "",
  recommendations: "",
  network: "",
});

/**
 * The rehabilitation / action plan editor: the same shape the server validates (lib/plan-inputs),
 * with the team, goals and services as rows. The server's refusals (a team too small, no goals)
 * come back naming the field and are shown at it.
 */
export function PlanForm({
  clientId,
  planId,
  initial,
  decisions,
  onSaved,
  onCancel,
}: {
  clientId: string;
  planId: string | null;
  initial: Values;
  decisions: { id: string; label: string }[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations("plans");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [serverError, setServerError] = useState<ErrorText | null>(null);
  const specialties = useQuery(trpc.specialties.list.queryOptions());
  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ defaultValues: initial, resolver: zodResolver(planForm) });
  const team = useFieldArray({ control, name: "team" });
  const goals = useFieldArray({ control, name: "goals" });
  const planned = useFieldArray({ control, name: "services" });
  const options = { onSuccess: onSaved, onError: (e: unknown) => setServerError(errorText(e)) };
  const create = useMutation(trpc.plans.create.mutationOptions(options));
  const update = useMutation(trpc.plans.update.mutationOptions(options));
  const busy = create.isPending || update.isPending;
  const fieldError = (name: string, has: unknown) => (has ? t("form.checkField") : undefined) ?? serverError?.fields[name];
  const listError = (name: "team" | "goals" | "services", e: FieldErrors<Values>) =>
    serverError?.fields[name] ?? (e[name] ? t("form.checkRows") : undefined);

  const submit = handleSubmit(({ decisionId, ...content }) => {
    setServerError(null);
    if (planId) update.mutate({ planId, ...content });
    else create.mutate({ clientId, decisionId, ...content });
  });

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="plan-form-title">
      <h2 id="plan-form-title" style={{ marginTop: 0 }}>
        {planId ? t("form.editTitle") : t("form.newTitle")}
      </h2>
      {serverError ? <Alert kind="error">{serverError.message}</Alert> : null}
      <div className="grid-2">
        {planId ? null : (
          <SelectField label={t("form.decision")} error={fieldError("decisionId", errors.decisionId)} {...register("decisionId")}>
            {decisions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </SelectField>
        )}
        <Controller
          control={control}
          name="firstMeetingDate"
          render={({ field }) => (
            <DateField
              label={t("form.firstMeetingDate")}
              hint={t("form.firstMeetingHint")}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldError("firstMeetingDate", errors.firstMeetingDate)}
            />
          )}
        />
        <Controller
          control={control}
          name="assessmentDate"
          render={({ field }) => (
            <DateField
              label={t("form.assessmentDate")}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldError("assessmentDate", errors.assessmentDate)}
            />
          )}
        />
        <Controller
          control={control}
          name="validFrom"
          render={({ field }) => (
            <DateField
              label={t("form.validFrom")}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldError("validFrom", errors.validFrom)}
            />
          )}
        />
        <Controller
          control={control}
          name="validTo"
          render={({ field }) => (
            <DateField
              label={t("form.validTo")}
              value={field.value ?? ""}
              onChange={field.onChange}
              error={fieldError("validTo", errors.validTo)}
            />
          )}
        />
      </div>

      <fieldset>
        <legend>{t("form.team")}</legend>
        <p className="hint">{t("form.teamHint")}</p>
        {listError("team", errors) ? (
          <p className="error" role="alert">
            {listError("team", errors)}
          </p>
        ) : null}
        {team.fields.map((f, i) => (
          <div className="row-inputs" key={f.id}>
            <TextField label={t("form.memberName", { n: i + 1 })} {...register(`team.${i}.name`)} />
            <SelectField label={t("form.memberSpecialty", { n: i + 1 })} {...register(`team.${i}.specialtyId`)}>
              <option value="">{t("form.choose")}</option>
              {(specialties.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.nameEt}
                </option>
              ))}
            </SelectField>
            <button type="button" className="btn link" onClick={() => team.remove(i)} aria-label={t("form.removeMember", { n: i + 1 })}>
              {t("form.remove")}
            </button>
          </div>
        ))}
        <button type="button" className="btn secondary" onClick={() => team.append({ name: "", specialtyId: "" })}>
          {t("form.addMember")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("form.functioning")}</legend>
        {LIFE_AREAS.map((a) => (
          <TextArea key={a} label={t(`areas.${a}`)} rows={2} {...register(`functioning.${a}`)} />
        ))}
      </fieldset>

      <TextArea label={t("form.problems")} rows={3} error={fieldError("problems", errors.problems)} {...register("problems")} />

      <fieldset>
        <legend>{t("form.goals")}</legend>
        {listError("goals", errors) ? (
          <p className="error" role="alert">
            {listError("goals", errors)}
          </p>
        ) : null}
        {goals.fields.map((f, i) => (
          <div className="row-inputs" key={f.id}>
            <TextField label={t("form.goal", { n: i + 1 })} {...register(`goals.${i}.text`)} />
            <button type="button" className="btn link" onClick={() => goals.remove(i)} aria-label={t("form.removeGoal", { n: i + 1 })}>
              {t("form.remove")}
            </button>
          </div>
        ))}
        <button type="button" className="btn secondary" onClick={() => goals.append({ text: "" })}>
          {t("form.addGoal")}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t("form.services")}</legend>
        <p className="hint">{t("form.servicesHint")}</p>
        {listError("services", errors) ? (
          <p className="error" role="alert">
            {listError("services", errors)}
          </p>
        ) : null}
        {planned.fields.map((f, i) => (
          <div className="row-inputs" key={f.id}>
            <SelectField label={t("form.service", { n: i + 1 })} {...register(`services.${i}.serviceId`)}>
              <option value="">{t("form.choose")}</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.nameEt}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t("form.units", { n: i + 1 })}
              type="number"
              step="0.25"
              min="0"
              {...register(`services.${i}.units`, { valueAsNumber: true })}
            />
            <TextField label={t("form.frequency", { n: i + 1 })} {...register(`services.${i}.frequency`)} />
            <TextField label={t("form.specialists", { n: i + 1 })} {...register(`services.${i}.specialists`)} />
            <button type="button" className="btn link" onClick={() => planned.remove(i)} aria-label={t("form.removeService", { n: i + 1 })}>
              {t("form.remove")}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn secondary"
          onClick={() => planned.append({ serviceId: "", units: 1, frequency: "", specialists: "" })}
        >
          {t("form.addService")}
        </button>
      </fieldset>

      <TextArea label={t("form.assistiveDevices")} rows={2} {...register("assistiveDevices")} />
      <TextArea label={t("form.recommendations")} rows={3} {...register("recommendations")} />
      <TextArea label={t("form.network")} rows={2} hint={t("form.networkHint")} {...register("network")} />
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={busy}>
          {t("form.save")}
        </button>
      </div>
    </form>
  );
}
