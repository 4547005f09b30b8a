"use client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { formatDay } from "./format";

/** "01.08.2018 – 31.12.2018", or "01.01.2023 – tähtajatu" for an open-ended version. */
export function usePeriodText() {
  const t = useTranslations("catalogue.priceLists");
  return useCallback(
    (from: string, to: string | null) => t("period", { from: formatDay(from), to: to ? formatDay(to) : t("openEnded") }),
    [t],
  );
}
