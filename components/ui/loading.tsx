"use client";
import { useTranslations } from "next-intl";

/** "Laadin…" while a part of the page or its code is on its way; marked busy for screen readers. */
export function Loading() {
  const tc = useTranslations("common");
  return <p aria-busy="true">{tc("loading")}</p>;
}
