"use client";
import { useFormatter } from "next-intl";
import { useCallback } from "react";
import type { ReportColumn } from "@/server/reports/table";

/** A measure as the person's locale writes it: "1 234,50 €", "12,5 %", "7,25" in Estonian. */
export function useMeasureFormat() {
  const format = useFormatter();
  return useCallback(
    (kind: ReportColumn["kind"], value: number | null | undefined) => {
      if (value === null || value === undefined) return "—";
      if (kind === "money") return format.number(value / 100, { style: "currency", currency: "EUR" });
      if (kind === "percent") return `${format.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
      if (kind === "count") return format.number(value, { maximumFractionDigits: 0 });
      return format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    },
    [format],
  );
}

/** Saves a file the server sent as base64, as the browser's own download. */
export function download(file: { fileName: string; mimeType: string; base64: string }) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A month column's heading, "01.2026", as the exports write it (server/reports/table.ts monthLabel). */
export const monthLabel = (month: string) => `${month.slice(5, 7)}.${month.slice(0, 4)}`;
