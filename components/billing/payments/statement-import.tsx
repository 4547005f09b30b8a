"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "@/lib/zod";
import { importStatementInput } from "@/server/billing/payments/schemas";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { FileField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText } from "@/components/ui/use-error-text";

// The tRPC body limit is 1 MiB and the XML travels inside JSON: the server takes 800,000 characters.
const MAX_BYTES = 780 * 1024;

type Summary = RouterOutputs["payments"]["statements"]["import"];

// The procedure's input, and the file's size: a file over the request's limit is refused before it is read.
const statementForm = importStatementInput.extend({ bytes: z.number().max(MAX_BYTES) });
type StatementValues = z.input<typeof statementForm>;
const NO_FILE: StatementValues = { fileName: "", content: "", bytes: 0 };

/** Upload of a camt.053 statement; the outcome says what was matched and what waits. */
export function StatementImport({ onImported }: { onImported: () => void }) {
  const t = useTranslations("payments.import");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [inputKey, setInputKey] = useState(0);
  const [reading, setReading] = useState(false);
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const resolver = useSchemaResolver(statementForm, { "content:too_small": t("chooseFile"), content: t("tooLarge"), bytes: t("tooLarge") });
  const {
    handleSubmit,
    setValue,
    trigger,
    reset,
    formState: { errors, isSubmitted },
  } = useForm<StatementValues, unknown, z.output<typeof statementForm>>({ defaultValues: NO_FILE, resolver });
  const [result, setResult] = useState<{ kind: "success" | "info" | "error"; lines: string[] } | null>(null);
  const recent = useQuery(trpc.payments.statements.list.queryOptions());
  const importMutation = useMutation(
    trpc.payments.statements.import.mutationOptions({
      onSuccess: (s) => {
        setResult(describe(s));
        reset(NO_FILE);
        setInputKey((k) => k + 1);
        void queryClient.invalidateQueries({ queryKey: trpc.payments.statements.list.queryKey() });
        onImported();
      },
      onError: (e) => {
        const text = errorText(e);
        setServerFields(text.fields);
        if (!text.fields.content && !text.fields.fileName) setResult({ kind: "error", lines: [text.message] });
      },
    }),
  );

  function describe(s: Summary): { kind: "success" | "info"; lines: string[] } {
    if (s.statements === 0 && s.duplicates > 0) return { kind: "info", lines: [t("duplicate")] };
    const lines = [t("result", { payments: s.payments, matched: s.matched, waiting: s.waiting })];
    if (s.paidInvoices.length) lines.push(t("paidInvoices", { numbers: s.paidInvoices.join(", ") }));
    if (s.alreadyKnown) lines.push(t("alreadyKnown", { count: s.alreadyKnown }));
    return { kind: "success", lines };
  }

  // The file is read when chosen; the form then checks its name and text as the procedure will.
  async function choose(file: File | undefined) {
    setResult(null);
    setServerFields({});
    setReading(true);
    const content = file && file.size <= MAX_BYTES ? await file.text() : "";
    setValue("fileName", file?.name.slice(0, 255) ?? "");
    setValue("bytes", file?.size ?? 0);
    setValue("content", content);
    setReading(false);
    if (isSubmitted) void trigger();
  }

  function submit({ fileName, content }: z.output<typeof statementForm>) {
    setResult(null);
    setServerFields({});
    importMutation.mutate({ fileName, content });
  }
  const fileError =
    errors.bytes?.message ?? errors.content?.message ?? errors.fileName?.message ?? serverFields.content ?? serverFields.fileName;

  return (
    <section className="panel" aria-labelledby="statement-heading">
      <h2 id="statement-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      <p style={{ color: "var(--muted)" }}>{t("help")}</p>
      <form className="toolbar" onSubmit={handleSubmit(submit)} noValidate>
        <FileField
          key={inputKey}
          onChange={(e) => void choose(e.target.files?.[0])}
          label={t("file")}
          name="statement"
          accept=".xml,application/xml,text/xml"
          error={fileError}
          hint={t("hint")}
        />
        <button type="submit" className="btn" disabled={importMutation.isPending || reading} style={{ marginBottom: ".9rem" }}>
          {importMutation.isPending ? t("importing") : t("submit")}
        </button>
      </form>
      {result ? (
        <Alert kind={result.kind}>
          {result.lines.map((l) => (
            <p key={l} style={{ margin: 0 }}>
              {l}
            </p>
          ))}
        </Alert>
      ) : null}
      {recent.data?.length ? (
        <details>
          <summary>{t("recent")}</summary>
          <ul>
            {recent.data.map((s) => (
              <li key={s.id}>
                {t("recentItem", { ref: s.statementRef, from: s.fromDate ?? "", to: s.toDate ?? "", count: s.newPayments })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
