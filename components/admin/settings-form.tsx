"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type ChangeEvent } from "react";
import { useForm } from "react-hook-form";
import { isValidIban, isValidRegistryCode, isValidVatNumber } from "@/lib/identifiers";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { FileField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { BackupSchedule } from "./backup-schedule";

type Values = {
  legalName: string;
  registryCode: string;
  address: string;
  iban: string;
  vatNumber: string;
  email: string;
  phone: string;
  timeZone: string;
  invoiceSeriesPrefix: string;
  paymentTermDays: string;
};

const LOGO_MAX_BYTES = 512 * 1024;

function SettingsFields({ initial, canManage, hasLogo }: { initial: Values; canManage: boolean; hasLogo: boolean }) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [serverError, setServerError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [logoVersion, setLogoVersion] = useState(0);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ defaultValues: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: () => {
        setServerError(null);
        setNotice({ kind: "success", text: t("saved") });
        void refresh();
      },
      onError: (e) => {
        setServerError(errorText(e));
        setNotice(null);
      },
    }),
  );
  const setLogo = useMutation(
    trpc.settings.setLogo.mutationOptions({
      onSuccess: () => {
        setLogoVersion((v) => v + 1);
        setNotice({ kind: "success", text: t("logoSaved") });
        void refresh();
      },
      onError: (e) => setNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  const err = (f: keyof Values) => errors[f]?.message ?? serverError?.fields[f];
  const optional = (check: (v: string) => boolean, message: string) => (v: string) => !v.trim() || check(v.trim()) || message;

  function onLogo(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) {
      setNotice({ kind: "error", text: t("logoTooLarge") });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => setLogo.mutate({ dataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  }

  return (
    <>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {serverError && Object.keys(serverError.fields).length === 0 ? <Alert kind="error">{serverError.message}</Alert> : null}
      <form
        className="panel"
        noValidate
        onSubmit={handleSubmit((v) =>
          update.mutate({
            legalName: v.legalName,
            registryCode: v.registryCode || null,
            address: v.address,
            iban: v.iban || null,
            vatNumber: v.vatNumber || null,
            email: v.email || null,
            phone: v.phone || null,
            timeZone: v.timeZone,
            invoiceSeriesPrefix: v.invoiceSeriesPrefix,
            paymentTermDays: Number(v.paymentTermDays),
          }),
        )}
      >
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <div className="grid-2">
            <TextField
              label={t("legalName")}
              error={err("legalName")}
              {...register("legalName", { validate: (v) => v.trim().length > 0 || tc("required") })}
            />
            <TextField
              label={t("registryCode")}
              inputMode="numeric"
              maxLength={8}
              error={err("registryCode")}
              {...register("registryCode", { validate: optional(isValidRegistryCode, t("registryCodeInvalid")) })}
            />
            <TextField label={t("address")} error={err("address")} {...register("address")} />
            <TextField label={t("iban")} error={err("iban")} {...register("iban", { validate: optional(isValidIban, t("ibanInvalid")) })} />
            <TextField
              label={t("vatNumber")}
              error={err("vatNumber")}
              hint={t("vatNumberHint")}
              {...register("vatNumber", { validate: optional(isValidVatNumber, t("vatNumberInvalid")) })}
            />
            <TextField label={t("email")} type="email" error={err("email")} {...register("email")} />
            <TextField label={t("phone")} type="tel" error={err("phone")} {...register("phone")} />
            <TextField label={t("timeZone")} error={err("timeZone")} {...register("timeZone")} />
            <TextField
              label={t("invoiceSeriesPrefix")}
              error={err("invoiceSeriesPrefix")}
              hint={t("invoiceSeriesHint")}
              {...register("invoiceSeriesPrefix", { validate: (v) => /^[A-Z0-9-]{1,10}$/.test(v) || t("invoiceSeriesInvalid") })}
            />
            <TextField
              label={t("paymentTermDays")}
              type="number"
              min={0}
              max={365}
              error={err("paymentTermDays")}
              {...register("paymentTermDays", {
                validate: (v) => (Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 365) || t("paymentTermInvalid"),
              })}
            />
          </div>
          {canManage ? (
            <div className="actions">
              <button type="submit" className="btn" disabled={update.isPending}>
                {tc("save")}
              </button>
            </div>
          ) : null}
        </fieldset>
      </form>
      <section className="panel" aria-labelledby="logo-heading">
        <h2 id="logo-heading" style={{ marginTop: 0 }}>
          {t("logo")}
        </h2>
        {hasLogo ? (
          <img
            src={`/api/institution-logo?v=${logoVersion}`}
            alt={t("logoAlt")}
            style={{ maxHeight: 80, display: "block", marginBottom: ".75rem" }}
          />
        ) : (
          <p>{t("noLogo")}</p>
        )}
        {canManage ? (
          <div className="toolbar">
            <FileField label={t("chooseLogo")} name="logo" accept="image/png,image/jpeg" onChange={onLogo} hint={t("logoHint")} />
            {hasLogo ? (
              <button type="button" className="btn secondary" onClick={() => setLogo.mutate({ dataUrl: null })}>
                {t("removeLogo")}
              </button>
            ) : null}
          </div>
        ) : null}
      </section>
    </>
  );
}

export function SettingsForm({ canManage }: { canManage: boolean }) {
  const t = useTranslations("settings");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (!settings.data) return <p>{tc("loading")}</p>;
  const s = settings.data;
  return (
    <>
      <h1>{t("title")}</h1>
      <SettingsFields
        canManage={canManage}
        hasLogo={s.hasLogo}
        initial={{
          legalName: s.legalName,
          registryCode: s.registryCode ?? "",
          address: s.address,
          iban: s.iban ?? "",
          vatNumber: s.vatNumber ?? "",
          email: s.email ?? "",
          phone: s.phone ?? "",
          timeZone: s.timeZone,
          invoiceSeriesPrefix: s.invoiceSeriesPrefix,
          paymentTermDays: String(s.paymentTermDays),
        }}
      />
      <BackupSchedule canManage={canManage} state={s} />
    </>
  );
}
