"use client";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/components/trpc/types";
import { useErrorText } from "@/components/ui/use-error-text";
import { download } from "./format";
import { REPORT_FORMATS } from "@/server/reports/schemas";

type Input = Omit<RouterInputs["reports"]["export"], "format" | "locale">;

/** XLSX, CSV and PDF of exactly what the page shows; printing uses the page's print styles. */
export function ExportButtons({ input, onNotice }: { input: Input; onNotice: (n: { kind: "success" | "error"; text: string }) => void }) {
  const t = useTranslations("reports");
  const locale = useLocale() === "en" ? "en" : "et";
  const trpc = useTRPC();
  const errorText = useErrorText();
  const exporter = useMutation(
    trpc.reports.export.mutationOptions({
      onSuccess: (file) => {
        download(file);
        onNotice({ kind: "success", text: t("export.done", { file: file.fileName }) });
      },
      onError: (e) => onNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  return (
    <div className="report-exports" role="group" aria-label={t("export.label")}>
      {REPORT_FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="btn secondary"
          disabled={exporter.isPending}
          aria-busy={exporter.isPending && exporter.variables?.format === format}
          onClick={() => exporter.mutate({ ...input, format, locale })}
        >
          {t("export.label")} {t(`export.${format}`)}
        </button>
      ))}
      <button type="button" className="btn secondary" onClick={() => window.print()}>
        {t("print")}
      </button>
    </div>
  );
}
