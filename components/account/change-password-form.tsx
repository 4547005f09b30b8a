"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { changePasswordForm, PASSWORD_MIN_LENGTH, type ChangePasswordSubmission, type ChangePasswordValues } from "@/server/auth/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

const EMPTY: ChangePasswordValues = { currentPassword: "", newPassword: "", repeatPassword: "" };

/** Current password, new one twice. Other sessions of the person end on success (server side). */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const t = useTranslations("account");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [done, setDone] = useState(false);
  // The procedure's own schema (lengths) plus the repeat, checked before anything is sent.
  const resolver = useSchemaResolver(changePasswordForm);
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<ChangePasswordValues, unknown, ChangePasswordSubmission & { repeatPassword: string }>({ defaultValues: EMPTY, resolver });
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setError(null);
        setDone(true);
        // Passwords do not stay on the page once they have done their work; after a refusal they stay to be corrected.
        reset(EMPTY);
        onChanged?.();
      },
      onError: (e) => setError(errorText(e)),
    }),
  );

  const submit = ({ currentPassword, newPassword }: ChangePasswordSubmission) => {
    setError(null);
    setDone(false);
    change.mutate({ currentPassword, newPassword });
  };
  const err = (f: keyof ChangePasswordValues) => errors[f]?.message ?? error?.fields[f];

  return (
    <form onSubmit={handleSubmit(submit)} noValidate aria-label={t("passwordTitle")}>
      {done ? <Alert kind="success">{t("changed")}</Alert> : null}
      {error && Object.keys(error.fields).length === 0 ? <Alert kind="error">{error.message}</Alert> : null}
      <TextField
        label={t("currentPassword")}
        type="password"
        autoComplete="current-password"
        required
        error={err("currentPassword")}
        {...register("currentPassword")}
      />
      <TextField
        label={t("newPassword")}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={t("newPasswordHint")}
        error={err("newPassword")}
        {...register("newPassword")}
      />
      <TextField
        label={t("repeatPassword")}
        type="password"
        autoComplete="new-password"
        required
        error={err("repeatPassword")}
        {...register("repeatPassword")}
      />
      <button type="submit" className="btn" disabled={change.isPending}>
        {change.isPending ? t("changing") : t("changePassword")}
      </button>
    </form>
  );
}
