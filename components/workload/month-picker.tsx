"use client";
import { useTranslations } from "next-intl";
import { shiftMonth } from "./format";

/** A month with steps back and forward; the input is a native month field. */
export function MonthPicker({ value, onChange }: { value: string; onChange: (month: string) => void }) {
  const t = useTranslations("workload");
  return (
    <div className="month-picker" role="group" aria-label={t("monthGroup")}>
      <button type="button" className="btn secondary" onClick={() => onChange(shiftMonth(value, -1))} aria-label={t("prevMonth")}>
        ‹
      </button>
      <label>
        {t("month")}
        <input type="month" value={value} onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && onChange(e.target.value)} />
      </label>
      <button type="button" className="btn secondary" onClick={() => onChange(shiftMonth(value, 1))} aria-label={t("nextMonth")}>
        ›
      </button>
    </div>
  );
}
