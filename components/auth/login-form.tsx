"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { isValidPersonalCode } from "@/lib/identifiers";
import { safeLocalPath } from "@/lib/safe-path";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";

/** Maps a refusal code (from the server or the eID redirect) to the person's language. */
function useRefusalText() {
  const t = useTranslations("login.errors");
  return (code: string | null): string | null => {
    if (!code) return null;
    const throttled = /^throttled-(\d+)$/.exec(code);
    if (throttled) return t("throttled", { seconds: Number(throttled[1]) });
    const known = ["invalid_code", "wrong_credentials", "inactive", "eid-unknown", "eid-inactive", "eid-invalid_code"];
    return known.includes(code) ? t(code) : t("generic");
  };
}

export function LoginForm({
  eid,
  password,
  eidName,
  initialError,
  next,
}: {
  eid: boolean;
  password: boolean;
  eidName: string;
  initialError: string | null;
  next: string;
}) {
  const t = useTranslations("login");
  const refusal = useRefusalText();
  const [error, setError] = useState<string | null>(refusal(initialError));
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Until the script runs, the form must not submit natively: the password would end up in a URL.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const personalCode = String(form.get("personalCode") ?? "").trim();
    if (!isValidPersonalCode(personalCode)) {
      setCodeError(t("errors.invalid_code"));
      return;
    }
    setCodeError(undefined);
    setBusy(true);
    setError(null);
    const result = await signIn("password", { personalCode, password: String(form.get("password") ?? ""), redirect: false });
    if (result?.error) {
      setBusy(false);
      setError(refusal(result.code ?? "generic"));
      return;
    }
    window.location.assign(safeLocalPath(next));
  }

  return (
    <>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {eid ? (
        <>
          <button type="button" className="btn" disabled={!ready} onClick={() => void signIn("eid", { redirectTo: next })}>
            {t("withEid", { name: eidName })}
          </button>
          {password ? <p className="divider">{t("or")}</p> : null}
        </>
      ) : null}
      {password ? (
        <form onSubmit={submit} method="post" noValidate>
          <TextField
            label={t("personalCode")}
            name="personalCode"
            inputMode="numeric"
            autoComplete="username"
            maxLength={11}
            required
            error={codeError}
            hint={t("personalCodeHint")}
          />
          <TextField label={t("password")} name="password" type="password" autoComplete="current-password" required />
          <button type="submit" className="btn" disabled={busy || !ready}>
            {busy ? t("signingIn") : t("signIn")}
          </button>
        </form>
      ) : null}
    </>
  );
}
