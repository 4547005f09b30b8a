"use client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useFormat } from "@/components/ui/use-format";

/** "01.08.2018 – 31.12.2018", or "01.01.2023 – tähtajatu" for an open-ended version. */
export function usePeriodText() {
  const t = useTranslations("catalogue.priceLists");
  const format = useFormat();
  return useCallback(
    (from: string, to: string | null) => t("period", { from: format.date(from), to: to ? format.date(to) : t("openEnded") }),
    [t, format],
  );
}
