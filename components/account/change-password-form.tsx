"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

/** Current password, new one twice. Other sessions of the person end on success (server side). */
export function ChangePasswordForm({ onChanged }: { onChanged?: () => void }) {
  const t = useTranslations("account");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [repeatError, setRepeatError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setError(null);
        setDone(true);
        onChanged?.();
      },
      onError: (e) => setError(errorText(e)),
    }),
  );

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("repeatPassword") ?? "")) {
      setRepeatError(t("passwordsDiffer"));
      return;
    }
    setRepeatError(undefined);
    setDone(false);
    change.mutate({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
    e.currentTarget.reset();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t("passwordTitle")}>
      {done ? <Alert kind="success">{t("changed")}</Alert> : null}
      {error && Object.keys(error.fields).length === 0 ? <Alert kind="error">{error.message}</Alert> : null}
      <TextField
        label={t("currentPassword")}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={error?.fields.currentPassword}
      />
      <TextField
        label={t("newPassword")}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint={t("newPasswordHint")}
        error={error?.fields.newPassword}
      />
      <TextField
        label={t("repeatPassword")}
        name="repeatPassword"
        type="password"
        autoComplete="new-password"
        required
        error={repeatError}
      />
      <button type="submit" className="btn" disabled={change.isPending}>
        {change.isPending ? t("changing") : t("changePassword")}
      </button>
    </form>
  );
}
