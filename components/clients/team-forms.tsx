"use client";
import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { Controller, useForm } from "react-hook-form";
import {
  grantForm,
  saveContactInput,
  setTeamInput,
  type ContactSubmission,
  type ContactValues,
  type GrantSubmission,
  type GrantValues,
  type TeamSubmission,
} from "@/server/clients/schemas";
import { CONSENTS, NETWORK_KINDS } from "@/db/schema/enums";
import { Alert } from "@/components/ui/alert";
import { CheckboxGroup, SelectField, TextArea, TextField } from "@/components/ui/field";
import { FormActions } from "@/components/ui/editing";
import { DateField } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import type { ErrorText } from "@/components/ui/use-error-text";

/*
 * The client team tab's forms, each checked with its procedure's own schema before sending
 * (server/clients/schemas.ts); a refusal from the server keeps what was typed.
 */

type FormProps<T> = { serverError: ErrorText | null; busy: boolean; onSubmit: (input: T) => void; onCancel: () => void };

const general = (e: ErrorText | null) => (e && Object.keys(e.fields).length === 0 ? <Alert kind="error">{e.message}</Alert> : null);

/** The employees who work with the client. */
export function TeamForm({
  clientId,
  employeeIds,
  people,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: FormProps<TeamSubmission> & {
  clientId: string;
  employeeIds: string[];
  people: { id: string; firstName: string; lastName: string; specialtyNames: string[] }[];
}) {
  const t = useTranslations("clients");
  const resolver = useSchemaResolver(setTeamInput);
  const {
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<TeamSubmission, unknown, TeamSubmission>({ defaultValues: { clientId, employeeIds }, resolver });
  const error = errors.employeeIds?.message ?? serverError?.fields.employeeIds;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {serverError && !error ? <Alert kind="error">{serverError.message}</Alert> : null}
      <Controller
        control={control}
        name="employeeIds"
        render={({ field }) => (
          <CheckboxGroup
            legend={t("teamMembers")}
            name="team"
            value={field.value}
            onChange={field.onChange}
            error={error}
            options={people.map((p) => ({
              id: p.id,
              label: `${p.lastName}, ${p.firstName}${p.specialtyNames.length ? ` (${p.specialtyNames.join(", ")})` : ""}`,
            }))}
          />
        )}
      />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

/** A person of the client's network: who they are, how to reach them, what the client consented to. */
export function ContactForm({ initial, serverError, busy, onSubmit, onCancel }: FormProps<ContactSubmission> & { initial: ContactValues }) {
  const t = useTranslations("clients");
  const resolver = useSchemaResolver(saveContactInput);
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<ContactValues, unknown, ContactSubmission>({ defaultValues: initial, resolver });
  const err = (f: keyof ContactValues) => errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general(serverError)}
      <div className="grid-2">
        <TextField label={t("contactName")} required autoFocus error={err("name")} {...register("name")} />
        <SelectField label={t("contactKind")} error={err("kind")} {...register("kind")}>
          {NETWORK_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("organisation")} error={err("organisation")} {...register("organisation")} />
        <TextField label={t("phone")} type="tel" error={err("phone")} {...register("phone")} />
        <TextField label={t("email")} type="email" error={err("email")} {...register("email")} />
      </div>
      <Controller
        control={control}
        name="consents"
        render={({ field }) => (
          <CheckboxGroup
            legend={t("consents")}
            name="consents"
            value={field.value}
            onChange={field.onChange}
            error={err("consents")}
            options={CONSENTS.map((c) => ({ id: c, label: t(`consentKinds.${c}`) }))}
          />
        )}
      />
      <TextArea label={t("contactNote")} rows={2} error={err("note")} {...register("note")} />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

/** Time-limited access for one more person: checked with the procedure's own schema before sending. */
export function GrantForm({
  clientId,
  people,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: FormProps<GrantSubmission> & { clientId: string; people: { id: string; firstName: string; lastName: string }[] }) {
  const t = useTranslations("clients");
  const tc = useTranslations("common");
  const resolver = useSchemaResolver(grantForm, { "validUntil:invalid_type": tc("required") });
  const { register, control, handleSubmit, getValues, setValue, formState } = useForm<GrantValues, unknown, GrantSubmission>({
    defaultValues: { clientId, employeeId: "", reason: "", validUntil: "" },
    resolver,
  });
  // The list arrives after the form opens; like the select itself, the first person is the choice until another is made.
  useEffect(() => {
    if (people[0] && !getValues("employeeId")) setValue("employeeId", people[0].id);
  }, [people, getValues, setValue]);
  const err = (f: keyof GrantValues) => formState.errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {general(serverError)}
      <SelectField label={t("grantee")} error={err("employeeId")} {...register("employeeId")}>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.lastName}, {p.firstName}
          </option>
        ))}
      </SelectField>
      <TextField label={t("reason")} required error={err("reason")} {...register("reason")} />
      <Controller
        control={control}
        name="validUntil"
        render={({ field }) => (
          <DateField label={t("validUntil")} required value={field.value ?? ""} onChange={field.onChange} error={err("validUntil")} />
        )}
      />
      <FormActions onCancel={onCancel} busy={busy} label={t("grantAccess")} />
    </form>
  );
}
