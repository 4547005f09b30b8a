"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TextArea } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

/**
 * The impact assessment of the chosen decision's dataset, and signing the dataset for the period
 * chosen above (empty: the whole decision). Signing asks for confirmation: the period's entries
 * can no longer change afterwards.
 */
export function AssessmentPanel({
  clientId,
  decisionId,
  from,
  to,
  canWrite,
}: {
  clientId: string;
  decisionId: string;
  from: string;
  to: string;
  canWrite: boolean;
}) {
  const t = useTranslations("documents.assessment");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const key = { clientId, decisionId };
  const assessment = useQuery(trpc.documents.assessment.get.queryOptions(key));
  // The form follows the saved text only when that changes, so typing is never reset by a re-render.
  const saved = assessment.data?.impactAssessment ?? "";
  const { register, handleSubmit } = useForm<{ impactAssessment: string }>({
    values: useMemo(() => ({ impactAssessment: saved }), [saved]),
    resetOptions: { keepDirtyValues: true },
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.documents.assessment.get.queryKey(key) });
  const save = useMutation(
    trpc.documents.assessment.save.mutationOptions({
      onSuccess: () => {
        setError(null);
        setNotice(t("saved"));
        refresh();
      },
      onError: (e) => {
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );
  const sign = useMutation(
    trpc.documents.assessment.sign.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        setError(null);
        setNotice(t("signedNotice"));
        refresh();
      },
      onError: (e) => {
        setConfirming(false);
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );
  const a = assessment.data;
  if (!a) return null;
  const period = from || to ? `${from || "…"} – ${to || "…"}` : t("wholeDecision");
  return (
    <section className="panel" aria-labelledby="impact-assessment">
      <h2 id="impact-assessment" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <div aria-live="polite">
        {error ? <Alert kind="error">{error.message}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
      {a.signedAt ? (
        <>
          <p style={{ whiteSpace: "pre-wrap" }}>{a.impactAssessment}</p>
          <p>
            <strong>
              {t("signedBy", {
                who: a.signedBy ?? "—",
                when: format.date(new Date(a.signedAt)),
                from: a.signedFrom ?? "",
                to: a.signedTo ?? "",
              })}
            </strong>
          </p>
        </>
      ) : canWrite ? (
        <form onSubmit={handleSubmit((v) => save.mutate({ ...key, impactAssessment: v.impactAssessment }))} noValidate>
          <TextArea label={t("text")} rows={6} hint={t("hint")} error={error?.fields.impactAssessment} {...register("impactAssessment")} />
          <div className="actions">
            <button type="submit" className="btn secondary" disabled={save.isPending}>
              {t("save")}
            </button>
            <button type="button" className="btn" disabled={sign.isPending} onClick={() => setConfirming(true)}>
              {t("sign")}
            </button>
          </div>
        </form>
      ) : (
        <p style={{ whiteSpace: "pre-wrap" }}>{a.impactAssessment || t("notWritten")}</p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("signTitle")}
        message={t("signConfirm", { period })}
        confirmLabel={t("sign")}
        busy={sign.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => sign.mutate({ ...key, from: from || undefined, to: to || undefined })}
      />
    </section>
  );
}
