"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";

/**
 * An administrator's "end sessions" and "reset password" for one employee, each asked first.
 * The one-time password is shown once, in a dialog, and kept nowhere else in the page.
 */
export function EmployeeCredentials({
  person,
  onNotice,
}: {
  person: { id: string; name: string; active: boolean };
  onNotice: (text: string) => void;
}) {
  const t = useTranslations("credentials");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [asking, setAsking] = useState<"end" | "reset" | null>(null);
  const [oneTime, setOneTime] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => {
    setAsking(null);
    setError(errorText(e).message);
  };
  const end = useMutation(
    trpc.employees.endSessions.mutationOptions({
      onSuccess: (r) => {
        setAsking(null);
        setError(null);
        onNotice(t("sessionsEnded", { count: r.ended }));
      },
      onError: fail,
    }),
  );
  const reset = useMutation(
    trpc.employees.resetPassword.mutationOptions({
      onSuccess: (r) => {
        setAsking(null);
        setError(null);
        setOneTime(r.oneTimePassword);
      },
      onError: fail,
    }),
  );

  return (
    <>
      <button type="button" className="btn link" aria-label={t("endSessionsNamed", { name: person.name })} onClick={() => setAsking("end")}>
        {t("endSessions")}
      </button>
      {person.active ? (
        <button
          type="button"
          className="btn link"
          aria-label={t("resetPasswordNamed", { name: person.name })}
          onClick={() => setAsking("reset")}
        >
          {t("resetPassword")}
        </button>
      ) : null}
      {error ? <Alert kind="error">{error}</Alert> : null}
      <ConfirmDialog
        open={asking === "end"}
        title={t("endSessionsTitle")}
        message={t("endSessionsConfirm", { name: person.name })}
        confirmLabel={t("endSessions")}
        busy={end.isPending}
        onConfirm={() => end.mutate({ id: person.id })}
        onCancel={() => setAsking(null)}
      />
      <ConfirmDialog
        open={asking === "reset"}
        title={t("resetTitle")}
        message={t("resetConfirm", { name: person.name })}
        confirmLabel={t("resetPassword")}
        busy={reset.isPending}
        onConfirm={() => reset.mutate({ id: person.id })}
        onCancel={() => setAsking(null)}
      />
      <Dialog open={oneTime !== null} title={t("oneTimeTitle")} onClose={() => setOneTime(null)}>
        <p>{t("oneTimeIntro", { name: person.name })}</p>
        <p>
          <span className="visually-hidden">{t("oneTimeLabel")}: </span>
          <output aria-label={t("oneTimeLabel")} style={{ fontFamily: "monospace", fontSize: "1.3rem", userSelect: "all" }}>
            {oneTime}
          </output>
        </p>
        <div className="actions">
          <button type="button" className="btn" onClick={() => setOneTime(null)} autoFocus>
            {t("done")}
          </button>
        </div>
      </Dialog>
    </>
  );
}
