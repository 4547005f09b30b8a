"use client";
import { useLocale } from "next-intl";
import { useCallback } from "react";
import { localName } from "@/lib/local-name";

/** Picks a catalogue name for the UI language: `nameEn` in English when given, else `name`. */
export function useLocalName() {
  const locale = useLocale();
  return useCallback((row: { name: string; nameEn?: string | null }) => localName(locale, row.name, row.nameEn), [locale]);
}
