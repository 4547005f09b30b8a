"use client";
import { useCallback } from "react";
import { useFormat } from "@/components/ui/use-format";

/** "2026-11" shifted by whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + m - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Keeps view state in the address, so a view can be bookmarked and reloaded as it is. */
export function rememberInUrl(params: Record<string, string | null>) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(params)) {
    if (value) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  window.history.replaceState(null, "", url);
}

/** Hours as the person's locale writes them: "7,5" in Estonian, at most two decimals. */
export function useHours() {
  const format = useFormat();
  return useCallback((hours: number) => format.hours(hours), [format]);
}

/** A month's name and year, "november 2026". */
export function useMonthName() {
  const format = useFormat();
  return useCallback((month: string) => format.month(month), [format]);
}
