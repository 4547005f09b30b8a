"use client";
import { useLocale } from "next-intl";
import { formatFor, type Format } from "@/lib/format";

/** The page's formatter (lib/format.ts) in the UI language: numbers, money, dates, times. */
export function useFormat(): Format {
  return formatFor(useLocale());
}
