"use client";
import { useLocale, useTranslations } from "next-intl";
import { useForm, Controller } from "react-hook-form";
import { LANGUAGES } from "@/db/schema/enums";
import { COUNTIES, COUNTY_NAMES } from "@/lib/counties";
import { personalCode } from "@/lib/schemas";
import { indent } from "@/components/admin/unit-options";
import { Alert } from "@/components/ui/alert";
import { CheckboxGroup, SelectField, TextArea, TextField } from "@/components/ui/field";
import type { ErrorText } from "@/components/ui/use-error-text";
import { useLocalName } from "@/components/ui/use-local-name";
import { DateField } from "@/components/ui/entry-field";
import { tallinnToday } from "@/lib/tallinn-time";
import type { ClientFormValues } from "./client-form-values";

export function ClientForm({
  initial,
  units,
  caseManagers,
  serverError,
  busy,
  onSubmit,
  onCancel,
  showNotes = true,
}: {
  initial: ClientFormValues;
  units: { id: string; name: string; depth: number }[];
  caseManagers: { id: string; name: string }[] | null;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: ClientFormValues) => void;
  onCancel: () => void;
  /** Off for someone who edits the administrative record only: the notes are clinical. */
  showNotes?: boolean;
}) {
  const t = useTranslations("clients");
  const localName = useLocalName();
  const tc = useTranslations("common");
  const locale = useLocale() === "en" ? "en" : "et";
  const {
    register,
    handleSubmit,
    control,
    watch,
    formState: { errors },
  } = useForm<ClientFormValues>({ defaultValues: initial });
  const foreign = watch("foreign");
  const err = (f: keyof ClientFormValues) => errors[f]?.message ?? serverError?.fields[f];
  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <label style={{ display: "flex", gap: ".4rem", alignItems: "center", marginBottom: ".75rem" }}>
        <input type="checkbox" {...register("foreign")} /> {t("foreignClient")}
      </label>
      <div className="grid-2">
        {foreign ? (
          <Controller
            control={control}
            name="birthDate"
            rules={{ validate: (v) => !foreign || v.length > 0 || t("birthDateRequired") }}
            render={({ field }) => (
              <DateField
                label={t("birthDate")}
                error={err("birthDate")}
                max={tallinnToday()}
                value={field.value ?? ""}
                onChange={field.onChange}
              />
            )}
          />
        ) : (
          <TextField
            label={t("personalCode")}
            inputMode="numeric"
            maxLength={11}
            autoFocus
            error={err("personalCode")}
            {...register("personalCode", { validate: (v) => foreign || personalCode.safeParse(v).success || t("personalCodeInvalid") })}
          />
        )}
        <SelectField label={t("preferredLanguage")} {...register("preferredLanguage")}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("firstName")}
          autoComplete="off"
          error={err("firstName")}
          {...register("firstName", { validate: (v) => v.trim().length > 0 || tc("required") })}
        />
        <TextField
          label={t("lastName")}
          autoComplete="off"
          error={err("lastName")}
          {...register("lastName", { validate: (v) => v.trim().length > 0 || tc("required") })}
        />
        <TextField label={t("phone")} type="tel" autoComplete="off" error={err("phone")} {...register("phone")} />
        <TextField label={t("email")} type="email" autoComplete="off" error={err("email")} {...register("email")} />
      </div>
      <TextField label={t("address")} autoComplete="off" error={err("address")} {...register("address")} />
      <SelectField label={t("county")} error={err("county")} {...register("county")}>
        <option value="">{t("countyUnknown")}</option>
        {COUNTIES.map((c) => (
          <option key={c} value={c}>
            {COUNTY_NAMES[c][locale]}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("legalRepresentative")}
        hint={t("legalRepresentativeHint")}
        autoComplete="off"
        error={err("legalRepresentative")}
        {...register("legalRepresentative")}
      />
      {caseManagers ? (
        <SelectField label={t("caseManager")} error={err("caseManagerId")} {...register("caseManagerId")}>
          <option value="">{t("noCaseManager")}</option>
          {caseManagers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <Controller
        control={control}
        name="unitIds"
        rules={{ validate: (v) => v.length > 0 || t("unitRequired") }}
        render={({ field }) => (
          <CheckboxGroup
            legend={t("units")}
            name="unitIds"
            options={units.map((u) => ({ id: u.id, label: `${indent(u.depth)}${localName(u)}` }))}
            value={field.value}
            onChange={field.onChange}
            error={err("unitIds")}
          />
        )}
      />
      {showNotes ? <TextArea label={t("notes")} rows={3} {...register("notes")} /> : null}
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
