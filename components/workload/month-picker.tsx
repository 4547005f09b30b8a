"use client";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { MonthInput } from "@/components/ui/entry-input";
import { shiftMonth } from "./format";

/** A month with steps back and forward, typed or chosen in the UI language. */
export function MonthPicker({ value, onChange }: { value: string; onChange: (month: string) => void }) {
  const t = useTranslations("workload");
  const id = useId();
  return (
    <div className="month-picker" role="group" aria-label={t("monthGroup")}>
      <button type="button" className="btn secondary" onClick={() => onChange(shiftMonth(value, -1))} aria-label={t("prevMonth")}>
        ‹
      </button>
      <label htmlFor={id}>{t("month")}</label>
      <MonthInput id={id} value={value} onChange={(m) => m && onChange(m)} />
      <button type="button" className="btn secondary" onClick={() => onChange(shiftMonth(value, 1))} aria-label={t("nextMonth")}>
        ›
      </button>
    </div>
  );
}
