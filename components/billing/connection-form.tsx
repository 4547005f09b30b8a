"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { connectionForm, E_FINANCIALS_URLS, type ConnectionInput, type ConnectionValues } from "@/server/billing/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

type Connection = Omit<ConnectionValues, "apiPassword"> & { configured: boolean; hasPassword: boolean };

/** The e-Financials API user of this installation; the password is write-only. */
export function ConnectionForm({ canManage }: { canManage: boolean }) {
  const t = useTranslations("billing.connection");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const current = useQuery(trpc.billing.connection.get.queryOptions());
  if (!current.data) return <p>{tc("loading")}</p>;
  const c = current.data;
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("help")}</p>
      <Alert kind={c.configured ? "success" : "info"}>{c.configured ? t("configured") : t("notConfigured")}</Alert>
      <ConnectionFields current={c} canManage={canManage} />
    </>
  );
}

/** The fields, filled once from the stored settings; a refresh of those does not overwrite what is being typed. */
function ConnectionFields({ current, canManage }: { current: Connection; canManage: boolean }) {
  const t = useTranslations("billing.connection");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [saved, setSaved] = useState(false);
  const resolver = useSchemaResolver(connectionForm);
  const {
    register,
    handleSubmit,
    setValue,
    formState: { errors },
  } = useForm<ConnectionValues, unknown, ConnectionInput>({
    defaultValues: {
      mode: current.mode,
      baseUrl: current.baseUrl,
      apiKeyId: current.apiKeyId,
      apiPublicValue: current.apiPublicValue,
      apiPassword: "",
    },
    resolver,
  });
  const save = useMutation(
    trpc.billing.connection.save.mutationOptions({
      onSuccess: () => {
        setError(null);
        setSaved(true);
        setValue("apiPassword", "");
        void queryClient.invalidateQueries({ queryKey: trpc.billing.connection.get.queryKey() });
      },
      onError: (e) => {
        setSaved(false);
        setError(errorText(e));
      },
    }),
  );
  const err = (f: keyof ConnectionValues) => errors[f]?.message ?? error?.fields[f];
  const mode = register("mode");
  return (
    <>
      {saved ? <Alert kind="success">{t("saved")}</Alert> : null}
      {error && Object.keys(error.fields).length === 0 ? <Alert kind="error">{error.message}</Alert> : null}
      <form className="panel" noValidate onChange={() => setSaved(false)} onSubmit={handleSubmit((input) => save.mutate(input))}>
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="grid-2">
            <SelectField
              label={t("mode")}
              {...mode}
              onChange={(e) => {
                void mode.onChange(e);
                setValue("baseUrl", E_FINANCIALS_URLS[e.target.value as ConnectionValues["mode"]], { shouldValidate: false });
              }}
            >
              <option value="demo">{t("demo")}</option>
              <option value="live">{t("live")}</option>
            </SelectField>
            <TextField label={t("baseUrl")} error={err("baseUrl")} {...register("baseUrl")} />
            <TextField label={t("apiKeyId")} autoComplete="off" error={err("apiKeyId")} {...register("apiKeyId")} />
            <TextField label={t("apiPublicValue")} autoComplete="off" error={err("apiPublicValue")} {...register("apiPublicValue")} />
            <TextField
              label={t("apiPassword")}
              type="password"
              autoComplete="new-password"
              hint={current.hasPassword ? t("passwordSet") : t("passwordMissing")}
              error={err("apiPassword")}
              {...register("apiPassword")}
            />
          </div>
          {canManage ? (
            <div className="actions">
              <button type="submit" className="btn" disabled={save.isPending}>
                {tc("save")}
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
    </>
  );
}
