"use client";
import { useCallback } from "react";
import type { ReportColumn } from "@/server/reports/table";
import { useFormat } from "@/components/ui/use-format";

/** A measure as the person's locale writes it: "1 234,50 €", "12,5%", "7,25" in Estonian. */
export function useMeasureFormat() {
  const format = useFormat();
  return useCallback(
    (kind: ReportColumn["kind"], value: number | null | undefined) => {
      if (value === null || value === undefined) return "—";
      if (kind === "money") return format.money(value);
      if (kind === "percent") return format.percent(value);
      if (kind === "count") return format.number(value, 0);
      return format.decimal(value, 2);
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

/** A month column's heading, "01.2026" / "01/2026", as the exports write it. */
export function useMonthLabel() {
  return useFormat().monthShort;
}
