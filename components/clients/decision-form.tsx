"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ServiceRows } from "./service-rows";
import { Controller, useFieldArray, useForm } from "react-hook-form";
import { centsToInput } from "@/lib/money";
import { decisionForm, type DecisionSubmission, type DecisionValues } from "@/server/funding/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import type { ErrorText } from "@/components/ui/use-error-text";

export type { DecisionValues };

export const EMPTY_DECISION: DecisionValues = {
  fundingSourceId: "",
  decisionNumber: "",
  decisionDate: "",
  startDate: "",
  endDate: "",
  targetGroup: "",
  periodCapCents: "",
  yearlyCapCents: "",
  monthlyCapCents: "",
  serviceLimits: [],
};

export function decisionValues(d: {
  fundingSourceId: string;
  decisionNumber: string;
  decisionDate: string;
  startDate: string;
  endDate: string;
  targetGroup: string;
  periodCapCents: number | null;
  yearlyCapCents: number | null;
  monthlyCapCents: number | null;
  serviceLimits: { serviceId: string; maxUnits: number }[];
}): DecisionValues {
  const money = (c: number | null) => (c === null ? "" : centsToInput(c));
  return {
    fundingSourceId: d.fundingSourceId,
    decisionNumber: d.decisionNumber,
    decisionDate: d.decisionDate,
    startDate: d.startDate,
    endDate: d.endDate,
    targetGroup: d.targetGroup,
    periodCapCents: money(d.periodCapCents),
    yearlyCapCents: money(d.yearlyCapCents),
    monthlyCapCents: money(d.monthlyCapCents),
    serviceLimits: d.serviceLimits.map((l) => ({ serviceId: l.serviceId, maxUnits: String(l.maxUnits) })),
  };
}

export type DecisionPayload = DecisionSubmission;

export function DecisionForm({
  initial,
  isNew,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: DecisionValues;
  isNew: boolean;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (p: DecisionPayload) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("clients.decisions");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const funders = useQuery(trpc.catalogue.fundingSources.list.queryOptions());
  const services = useQuery(trpc.catalogue.services.list.queryOptions({ activeOnly: true }));
  // The procedure's own schema checks the decision before it is sent; the hint texts stay the form's.
  const resolver = useSchemaResolver(decisionForm, {
    fundingSourceId: t("funderRequired"),
    "endDate:custom": t("endBeforeStart"),
    periodCapCents: t("moneyInvalid"),
    yearlyCapCents: t("moneyInvalid"),
    monthlyCapCents: t("moneyInvalid"),
  });
  const {
    register,
    control,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<DecisionValues, unknown, DecisionSubmission>({ defaultValues: initial, resolver });
  const limits = useFieldArray({ control, name: "serviceLimits" });
  const fundingSourceId = watch("fundingSourceId");
  const err = (f: keyof DecisionValues) => errors[f]?.message ?? serverError?.fields[f];
  // A row's refusal names its row: "Choose the service on row 2", the volume beside its field.
  const rowErrors = errors.serviceLimits;
  const serviceError = (i: number) => {
    const e = rowErrors?.[i]?.serviceId;
    if (!e) return undefined;
    return e.type === "custom" ? e.message : t("limitServiceRequired", { row: i + 1 });
  };
  const unitsError = (i: number) => (rowErrors?.[i]?.maxUnits ? t("volumeInvalid") : undefined);
  const limitsError = rowErrors?.message ?? rowErrors?.root?.message ?? serverError?.fields.serviceLimits;
  const date = (name: "decisionDate" | "startDate" | "endDate", label: string) => (
    <Controller
      control={control}
      name={name}
      render={({ field }) => <DateField label={label} value={field.value ?? ""} onChange={field.onChange} error={err(name)} />}
    />
  );

  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <div className="grid-2">
        <SelectField label={t("funder")} disabled={!isNew} error={err("fundingSourceId")} {...register("fundingSourceId")}>
          <option value="">{t("chooseFunder")}</option>
          {(funders.data ?? [])
            .filter((f) => f.active || f.id === fundingSourceId)
            .map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
        </SelectField>
        <TextField label={t("number")} error={err("decisionNumber")} hint={t("numberHint")} {...register("decisionNumber")} />
        {date("decisionDate", t("decisionDate"))}
        <TextField label={t("targetGroup")} list="target-groups" error={err("targetGroup")} {...register("targetGroup")} />
        <datalist id="target-groups">
          <option value={t("groupAdult")} />
          <option value={t("groupChild")} />
        </datalist>
        {date("startDate", t("startDate"))}
        {date("endDate", t("endDate"))}
      </div>
      <h3>{t("hardLimits")}</h3>
      <p style={{ color: "var(--muted)", marginTop: 0 }}>{t("hardLimitsHelp")}</p>
      <div className="grid-2">
        <TextField
          label={t("periodCap")}
          inputMode="decimal"
          error={err("periodCapCents")}
          hint={t("euros")}
          {...register("periodCapCents")}
        />
        <TextField
          label={t("yearlyCap")}
          inputMode="decimal"
          error={err("yearlyCapCents")}
          hint={t("euros")}
          {...register("yearlyCapCents")}
        />
        <TextField
          label={t("monthlyCap")}
          inputMode="decimal"
          error={err("monthlyCapCents")}
          hint={t("euros")}
          {...register("monthlyCapCents")}
        />
      </div>
      <fieldset className="field" style={{ border: "1px solid var(--line)", borderRadius: 6, padding: ".75rem" }}>
        <legend>{t("serviceLimits")}</legend>
        {limits.fields.length === 0 ? <p style={{ color: "var(--muted)", margin: 0 }}>{t("noServiceLimits")}</p> : null}
        <ServiceRows
          rows={limits.fields}
          services={services.data ?? []}
          labels={{ service: t("service"), chooseService: t("chooseService"), units: t("maxUnits"), remove: t("removeRow") }}
          serviceInput={(i) => register(`serviceLimits.${i}.serviceId`)}
          unitsInput={(i) => register(`serviceLimits.${i}.maxUnits`)}
          serviceError={serviceError}
          unitsError={unitsError}
          listError={limitsError}
          onRemove={limits.remove}
        />
        <div>
          <button type="button" className="btn secondary" onClick={() => limits.append({ serviceId: "", maxUnits: "" })}>
            {t("addServiceLimit")}
          </button>
        </div>
      </fieldset>
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={busy}>
          {tc("save")}
        </button>
      </div>
    </form>
  );
}
