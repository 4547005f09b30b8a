"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

const URLS = { demo: "https://demo-rmp-api.rik.ee/v1", live: "https://rmp-api.rik.ee/v1" } as const;

/** The e-Financials API user of this installation; the password is write-only. */
export function ConnectionForm({ canManage }: { canManage: boolean }) {
  const t = useTranslations("billing.connection");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const current = useQuery(trpc.billing.connection.get.queryOptions());
  const [form, setForm] = useState<{
    mode: "demo" | "live";
    baseUrl: string;
    apiKeyId: string;
    apiPublicValue: string;
    apiPassword: string;
  } | null>(null);
  const [error, setError] = useState<ErrorText | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.billing.connection.save.mutationOptions({
      onSuccess: () => {
        setError(null);
        setSaved(true);
        setForm((f) => (f ? { ...f, apiPassword: "" } : f));
        void queryClient.invalidateQueries({ queryKey: trpc.billing.connection.get.queryKey() });
      },
      onError: (e) => {
        setSaved(false);
        setError(errorText(e));
      },
    }),
  );
  if (!current.data) return <p>{tc("loading")}</p>;
  const c = current.data;
  const values = form ?? { mode: c.mode, baseUrl: c.baseUrl, apiKeyId: c.apiKeyId, apiPublicValue: c.apiPublicValue, apiPassword: "" };
  const set = (patch: Partial<typeof values>) => {
    setSaved(false);
    setForm({ ...values, ...patch });
  };
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("help")}</p>
      <Alert kind={c.configured ? "success" : "info"}>{c.configured ? t("configured") : t("notConfigured")}</Alert>
      {saved ? <Alert kind="success">{t("saved")}</Alert> : null}
      {error && Object.keys(error.fields).length === 0 ? <Alert kind="error">{error.message}</Alert> : null}
      <form
        className="panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...values, apiPassword: values.apiPassword ? values.apiPassword : null });
        }}
      >
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="grid-2">
            <SelectField
              label={t("mode")}
              name="mode"
              value={values.mode}
              onChange={(e) => {
                const mode = e.target.value as "demo" | "live";
                set({ mode, baseUrl: URLS[mode] });
              }}
            >
              <option value="demo">{t("demo")}</option>
              <option value="live">{t("live")}</option>
            </SelectField>
            <TextField
              label={t("baseUrl")}
              name="baseUrl"
              value={values.baseUrl}
              error={error?.fields.baseUrl}
              onChange={(e) => set({ baseUrl: e.target.value })}
            />
            <TextField
              label={t("apiKeyId")}
              name="apiKeyId"
              autoComplete="off"
              value={values.apiKeyId}
              error={error?.fields.apiKeyId}
              onChange={(e) => set({ apiKeyId: e.target.value })}
            />
            <TextField
              label={t("apiPublicValue")}
              name="apiPublicValue"
              autoComplete="off"
              value={values.apiPublicValue}
              error={error?.fields.apiPublicValue}
              onChange={(e) => set({ apiPublicValue: e.target.value })}
            />
            <TextField
              label={t("apiPassword")}
              name="apiPassword"
              type="password"
              autoComplete="new-password"
              value={values.apiPassword}
              hint={c.hasPassword ? t("passwordSet") : t("passwordMissing")}
              error={error?.fields.apiPassword}
              onChange={(e) => set({ apiPassword: e.target.value })}
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
