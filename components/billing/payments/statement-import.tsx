"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";

// The tRPC body limit is 1 MiB and the XML travels inside JSON: the server takes 800,000 characters.
const MAX_BYTES = 780 * 1024;

type Summary = RouterOutputs["payments"]["statements"]["import"];

/** Upload of a camt.053 statement; the outcome says what was matched and what waits. */
export function StatementImport({ onImported }: { onImported: () => void }) {
  const t = useTranslations("payments.import");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [fileError, setFileError] = useState<string | undefined>();
  const [result, setResult] = useState<{ kind: "success" | "info" | "error"; lines: string[] } | null>(null);
  const recent = useQuery(trpc.payments.statements.list.queryOptions());
  const importMutation = useMutation(
    trpc.payments.statements.import.mutationOptions({
      onSuccess: (s) => {
        setResult(describe(s));
        setFile(null);
        setInputKey((k) => k + 1);
        void queryClient.invalidateQueries({ queryKey: trpc.payments.statements.list.queryKey() });
        onImported();
      },
      onError: (e) => setResult({ kind: "error", lines: [errorText(e).message] }),
    }),
  );

  function describe(s: Summary): { kind: "success" | "info"; lines: string[] } {
    if (s.statements === 0 && s.duplicates > 0) return { kind: "info", lines: [t("duplicate")] };
    const lines = [t("result", { payments: s.payments, matched: s.matched, waiting: s.waiting })];
    if (s.paidInvoices.length) lines.push(t("paidInvoices", { numbers: s.paidInvoices.join(", ") }));
    if (s.alreadyKnown) lines.push(t("alreadyKnown", { count: s.alreadyKnown }));
    return { kind: "success", lines };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setFileError(t("chooseFile"));
    if (file.size > MAX_BYTES) return setFileError(t("tooLarge"));
    setFileError(undefined);
    setResult(null);
    importMutation.mutate({ fileName: file.name.slice(0, 255), content: await file.text() });
  }

  return (
    <section className="panel" aria-labelledby="statement-heading">
      <h2 id="statement-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      <p style={{ color: "var(--muted)" }}>{t("help")}</p>
      <form className="toolbar" onSubmit={submit} noValidate>
        <TextField
          key={inputKey}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          label={t("file")}
          name="statement"
          type="file"
          accept=".xml,application/xml,text/xml"
          error={fileError}
          hint={t("hint")}
        />
        <button type="submit" className="btn" disabled={importMutation.isPending} style={{ marginBottom: ".9rem" }}>
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
