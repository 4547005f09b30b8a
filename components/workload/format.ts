"use client";
import { DateTime } from "luxon";
import { useCallback } from "react";
import { TIME_ZONE } from "@/lib/tallinn-time";
import { useFormat } from "@/components/ui/use-format";

/** "2026-11" shifted by whole months. */
export function shiftMonth(month: string, by: number): string {
  return DateTime.fromISO(`${month}-01`, { zone: TIME_ZONE }).plus({ months: by }).toFormat("yyyy-MM");
}

/** The month as instants, Tallinn midnight to Tallinn midnight (as the server counts it). */
export function monthInstants(month: string): { from: Date; to: Date } {
  const from = DateTime.fromISO(`${month}-01T00:00`, { zone: TIME_ZONE });
  return { from: from.toJSDate(), to: from.plus({ months: 1 }).toJSDate() };
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
