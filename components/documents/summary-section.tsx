"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { summaryContent, type SummaryContent } from "@/lib/plan-inputs";
import { z } from "@/lib/zod";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

type File = { fileName: string; mime: string; base64: string };
type Loaded = RouterOutputs["plans"]["summary"]["get"];
// The invoice is chosen in a select, whose empty option is "".
const summaryForm = summaryContent.extend({ invoiceId: z.string() });
type Values = z.infer<typeof summaryForm>;

/**
 * The summary assessment of the client's special-welfare (EHT) decisions (#13 item 4): shown
 * only when the client has one; says when it is due, and may name the invoice it goes with.
 */
export function SummarySection({ clientId, canWrite, onFile }: { clientId: string; canWrite: boolean; onFile: (file: File) => void }) {
  const t = useTranslations("plans.summary");
  const trpc = useTRPC();
  const decisions = useQuery(trpc.funding.decisions.list.queryOptions({ clientId }));
  const eht = (decisions.data ?? []).filter((d) => d.fundingKind === "EHT");
  const [chosen, setChosen] = useState("");
  const decisionId = chosen || eht.find((d) => d.current)?.id || eht.at(-1)?.id || "";
  const summary = useQuery({ ...trpc.plans.summary.get.queryOptions({ clientId, decisionId }), enabled: Boolean(decisionId) });
  const due = useQuery(trpc.plans.due.queryOptions({ clientId }));
  if (eht.length === 0) return null;
  const reminder = (due.data ?? []).find((d) => d.kind === "summary" && d.decisionId === decisionId);
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <SelectField label={t("decision")} name="summaryDecision" value={decisionId} onChange={(e) => setChosen(e.target.value)}>
        {eht.map((d) => (
          <option key={d.id} value={d.id}>
            {d.decisionNumber} ({d.startDate} – {d.endDate})
          </option>
        ))}
      </SelectField>
      {reminder ? (
        <Alert kind={reminder.overdue ? "error" : "info"}>{t(reminder.overdue ? "overdue" : "dueBy", { date: reminder.dueDate })}</Alert>
      ) : null}
      {summary.data ? (
        <SummaryForm
          key={decisionId}
          clientId={clientId}
          decisionId={decisionId}
          loaded={summary.data}
          canWrite={canWrite}
          onFile={onFile}
        />
      ) : null}
    </section>
  );
}

function SummaryForm({
  clientId,
  decisionId,
  loaded,
  canWrite,
  onFile,
}: {
  clientId: string;
  decisionId: string;
  loaded: Loaded;
  canWrite: boolean;
  onFile: (file: File) => void;
}) {
  const t = useTranslations("plans.summary");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const s = loaded.summary;
  const { register, control, handleSubmit } = useForm<Values>({
    resolver: zodResolver(summaryForm),
    defaultValues: {
      goals: s?.goals.length ? s.goals : [{ goal: "", met: false, reason: "" }],
      activities: s?.activities ?? "",
      supportNeed: s?.supportNeed ?? "",
      invoiceId: s?.invoiceId ?? "",
    },
  });
  const goals = useFieldArray({ control, name: "goals" });
  const save = useMutation(
    trpc.plans.summary.save.mutationOptions({
      onSuccess: () => {
        setError(null);
        setNotice(t("saved"));
        void queryClient.invalidateQueries({ queryKey: trpc.plans.summary.get.queryKey({ clientId, decisionId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.plans.due.queryKey({ clientId }) });
      },
      onError: (e) => {
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );
  const print = useMutation(
    trpc.documents.generate.mutationOptions({
      onSuccess: (file) => {
        onFile(file);
        void queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey({ clientId }) });
      },
      onError: (e) => setError(errorText(e)),
    }),
  );
  const submit = handleSubmit((v: Values) => {
    const content: SummaryContent = { ...v, invoiceId: v.invoiceId || null };
    save.mutate({ clientId, decisionId, ...content });
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t("title")}>
      <div aria-live="polite">
        {error ? <Alert kind="error">{error.message}</Alert> : null}
        {notice ? <p role="status">{notice}</p> : null}
      </div>
      <fieldset disabled={!canWrite}>
        <legend>{t("goals")}</legend>
        {error?.fields.goals ? (
          <p className="error" role="alert">
            {error.fields.goals}
          </p>
        ) : null}
        {goals.fields.map((f, i) => (
          <div className="row-inputs" key={f.id}>
            <TextField label={t("goal", { n: i + 1 })} {...register(`goals.${i}.goal`)} />
            <label className="checkbox">
              <input type="checkbox" {...register(`goals.${i}.met`)} /> {t("met", { n: i + 1 })}
            </label>
            <TextField label={t("reason", { n: i + 1 })} {...register(`goals.${i}.reason`)} />
            <button type="button" className="btn link" onClick={() => goals.remove(i)} aria-label={t("removeGoal", { n: i + 1 })}>
              {t("remove")}
            </button>
          </div>
        ))}
        <button type="button" className="btn secondary" onClick={() => goals.append({ goal: "", met: false, reason: "" })}>
          {t("addGoal")}
        </button>
      </fieldset>
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0 }}>
        <TextArea label={t("activities")} rows={3} error={error?.fields.activities} {...register("activities")} />
        <TextArea label={t("supportNeed")} rows={3} error={error?.fields.supportNeed} {...register("supportNeed")} />
        <SelectField label={t("invoice")} hint={t("invoiceHint")} error={error?.fields.invoiceId} {...register("invoiceId")}>
          <option value="">{t("noInvoice")}</option>
          {loaded.invoices.map((i) => (
            <option key={i.id} value={i.id}>
              {i.number} {i.invoiceDate ? `(${i.invoiceDate})` : ""}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <div className="actions">
        {canWrite ? (
          <button type="submit" className="btn" disabled={save.isPending}>
            {t("save")}
          </button>
        ) : null}
        <button
          type="button"
          className="btn secondary"
          disabled={!s || print.isPending}
          onClick={() => print.mutate({ type: "summary_assessment", format: "pdf", clientId, decisionId })}
        >
          {t("print")}
        </button>
        {s?.invoiceNumber ? <span className="hint">{t("attached", { number: s.invoiceNumber })}</span> : null}
      </div>
    </form>
  );
}
