"use client";
import { useLocale } from "next-intl";
import { formatCents } from "@/lib/money";

/** Euros as the person's language writes them. */
export function useMoney() {
  const locale = useLocale();
  return (cents: number) => formatCents(cents, locale === "en" ? "en-GB" : "et-EE");
}
