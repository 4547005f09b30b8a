"use client";
import { useTranslations } from "next-intl";
import { Controller, useForm } from "react-hook-form";
import { personalCode } from "@/lib/schemas";
import { Alert } from "@/components/ui/alert";
import { CheckboxGroup, TextField } from "@/components/ui/field";
import type { ErrorText } from "@/components/ui/use-error-text";
import { indent } from "./unit-options";

export type EmployeeFormValues = {
  personalCode: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  active: boolean;
  weeklyHours: string;
  unitIds: string[];
  specialtyIds: string[];
  roleIds: string[];
  password: string;
};

type Option = { id: string; label: string };

export function EmployeeForm({
  initial,
  isNew,
  units,
  specialties,
  roles,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: EmployeeFormValues;
  isNew: boolean;
  units: (Option & { depth: number })[];
  specialties: Option[];
  roles: Option[] | null;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (values: EmployeeFormValues) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("employees");
  const tc = useTranslations("common");
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<EmployeeFormValues>({ defaultValues: initial });
  const err = (field: keyof EmployeeFormValues) => errors[field]?.message ?? serverError?.fields[field];
  const general = serverError && Object.keys(serverError.fields).length === 0 ? serverError.message : null;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general ? <Alert kind="error">{general}</Alert> : null}
      <div className="grid-2">
        <TextField
          label={t("personalCode")}
          inputMode="numeric"
          maxLength={11}
          autoFocus
          error={err("personalCode")}
          {...register("personalCode", { validate: (v) => personalCode.safeParse(v).success || t("personalCodeInvalid") })}
        />
        <TextField
          label={t("weeklyHours")}
          type="number"
          min={0}
          max={60}
          step={0.5}
          error={err("weeklyHours")}
          {...register("weeklyHours", { validate: (v) => (Number(v) >= 0 && Number(v) <= 60) || t("weeklyHoursRange") })}
        />
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
        <TextField label={t("email")} type="email" autoComplete="off" error={err("email")} {...register("email")} />
        <TextField label={t("phone")} type="tel" autoComplete="off" error={err("phone")} {...register("phone")} />
      </div>
      <Controller
        control={control}
        name="unitIds"
        rules={{ validate: (v) => !isNew || v.length > 0 || t("unitRequired") }}
        render={({ field }) => (
          <CheckboxGroup
            legend={t("units")}
            name="unitIds"
            options={units.map((u) => ({ id: u.id, label: `${indent(u.depth)}${u.label}` }))}
            value={field.value}
            onChange={field.onChange}
            error={err("unitIds")}
          />
        )}
      />
      <Controller
        control={control}
        name="specialtyIds"
        render={({ field }) => (
          <CheckboxGroup
            legend={t("specialties")}
            name="specialtyIds"
            options={specialties}
            value={field.value}
            onChange={field.onChange}
            error={err("specialtyIds")}
          />
        )}
      />
      {roles ? (
        <Controller
          control={control}
          name="roleIds"
          render={({ field }) => (
            <CheckboxGroup
              legend={t("roles")}
              name="roleIds"
              options={roles}
              value={field.value}
              onChange={field.onChange}
              error={err("roleIds")}
            />
          )}
        />
      ) : null}
      <div className="grid-2">
        <TextField
          label={isNew ? t("password") : t("newPassword")}
          type="password"
          autoComplete="new-password"
          error={err("password")}
          hint={isNew ? t("passwordHintNew") : t("passwordHintEdit")}
          {...register("password", { validate: (v) => v.length === 0 || v.length >= 10 || t("passwordTooShort") })}
        />
        <div className="field">
          <span style={{ fontWeight: 600, fontSize: ".92rem" }}>{t("status")}</span>
          <label style={{ display: "flex", gap: ".4rem", alignItems: "center" }}>
            <input type="checkbox" {...register("active")} /> {t("activeLabel")}
          </label>
          {err("active") ? (
            <span className="error" role="alert">
              {err("active")}
            </span>
          ) : null}
        </div>
      </div>
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
