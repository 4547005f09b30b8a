"use client";
import { useCallback, useState } from "react";
import { URL_KEYS, type Filters } from "./period";

/** Report filters as state that is mirrored into the address on every change. */
export function useReportFilters<T extends Filters>(initial: T) {
  const [filters, setFilters] = useState<T>(initial);
  const change = useCallback((next: Partial<T>) => {
    setFilters((current) => {
      const merged = { ...current, ...next };
      const url = new URL(window.location.href);
      for (const [key, value] of Object.entries(merged)) {
        const name = URL_KEYS[key as keyof Filters] ?? key;
        if (value) url.searchParams.set(name, String(value));
        else url.searchParams.delete(name);
      }
      window.history.replaceState(null, "", url);
      return merged;
    });
  }, []);
  return [filters, change] as const;
}
