"use client";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";

type Progress = { format: "csv" | "xlsx"; bytes: number; rows: number | null; done: number | null };

/**
 * "Export as XLSX / CSV" for a list on screen: the file streams from /api/exports/<list>, and
 * the button shows how far it got (rows for CSV, as each line ends a row; size for XLSX).
 */
export function ExportButtons({ list, params }: { list: string; params: Record<string, string | undefined> }) {
  const t = useTranslations("exports");
  const locale = useLocale();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(format: "csv" | "xlsx") {
    setError(null);
    const query = new URLSearchParams({ format, locale });
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    setProgress({ format, bytes: 0, rows: null, done: 0 });
    try {
      const res = await fetch(`/api/exports/${list}?${query}`);
      if (!res.ok || !res.body) throw new Error(res.status === 403 ? t("forbidden") : t("failed"));
      const rows = Number(res.headers.get("x-export-rows") ?? "NaN");
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let lines = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        chunks.push(r.value);
        bytes += r.value.length;
        if (format === "csv") for (const b of r.value) if (b === 10) lines++;
        setProgress({ format, bytes, rows: Number.isFinite(rows) ? rows : null, done: format === "csv" ? Math.max(0, lines - 1) : null });
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${list}.${format}`;
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get("content-type") ?? "" }));
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      setError(err instanceof Error && err.message ? err.message : t("failed"));
    } finally {
      setProgress(null);
    }
  }

  const busy = progress !== null;
  return (
    <div className="toolbar" style={{ marginBottom: 0 }}>
      <button type="button" className="btn secondary" disabled={busy} onClick={() => void run("xlsx")}>
        {t("xlsx")}
      </button>
      <button type="button" className="btn secondary" disabled={busy} onClick={() => void run("csv")}>
        {t("csv")}
      </button>
      {/* Present only while there is something to say, so it is not one more empty status on every list page. */}
      {progress || error ? (
        <span role="status" aria-live="polite">
          {progress ? (
            progress.rows !== null && progress.done !== null ? (
              <>
                <progress max={progress.rows || 1} value={progress.done} aria-label={t("progress")} />{" "}
                {t("rows", { done: progress.done, total: progress.rows })}
              </>
            ) : (
              t("bytes", { kb: Math.round(progress.bytes / 1024) })
            )
          ) : null}
          {error}
        </span>
      ) : null}
    </div>
  );
}
