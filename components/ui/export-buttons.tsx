"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";

type Progress = { format: "csv" | "xlsx"; bytes: number; done: number | null };

/**
 * "Export as XLSX / CSV" for a list on screen: the file streams from /api/exports/<list>, which
 * reads the list page by page as it writes; the button shows how far it got (rows for CSV, as
 * each line ends a row; size for XLSX) and *Peata* stops it (the server then stops reading).
 */
export function ExportButtons({
  list,
  params,
  disabled = false,
}: {
  list: string;
  params: Record<string, string | undefined>;
  /** Shown but not yet usable (what to export is not known yet): keeps its place in the toolbar. */
  disabled?: boolean;
}) {
  const t = useTranslations("exports");
  const locale = useLocale();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stopper = useRef<AbortController | null>(null);

  async function run(format: "csv" | "xlsx") {
    setError(null);
    const query = new URLSearchParams({ format, locale });
    for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
    setProgress({ format, bytes: 0, done: 0 });
    const abort = new AbortController();
    stopper.current = abort;
    try {
      const res = await fetch(`/api/exports/${list}?${query}`, { signal: abort.signal });
      if (!res.ok || !res.body) throw new Error(res.status === 403 ? t("forbidden") : t("failed"));
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let lines = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        chunks.push(r.value);
        bytes += r.value.length;
        if (format === "csv") for (const b of r.value) if (b === 10) lines++;
        setProgress({ format, bytes, done: format === "csv" ? Math.max(0, lines - 1) : null });
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `${list}.${format}`;
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get("content-type") ?? "" }));
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (err) {
      if (abort.signal.aborted) setError(t("stopped"));
      else setError(err instanceof Error && err.message ? err.message : t("failed"));
    } finally {
      stopper.current = null;
      setProgress(null);
    }
  }

  const busy = progress !== null;
  return (
    <div className="toolbar" style={{ marginBottom: 0 }}>
      <button type="button" className="btn secondary" disabled={busy || disabled} onClick={() => void run("xlsx")}>
        {t("xlsx")}
      </button>
      <button type="button" className="btn secondary" disabled={busy || disabled} onClick={() => void run("csv")}>
        {t("csv")}
      </button>
      {/* Present only while there is something to say, so it is not one more empty status on every list page. */}
      {progress || error ? (
        <span role="status" aria-live="polite">
          {progress ? (
            <>
              {/* How many rows the list has is known only at its end: the bar runs, the count grows. */}
              <progress aria-label={t("progress")} />{" "}
              {progress.done !== null ? t("rowsSoFar", { done: progress.done }) : t("bytes", { kb: Math.round(progress.bytes / 1024) })}{" "}
              <button type="button" className="btn link" onClick={() => stopper.current?.abort()}>
                {t("stop")}
              </button>
            </>
          ) : null}
          {error}
        </span>
      ) : null}
    </div>
  );
}
