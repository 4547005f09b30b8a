"use client";
import { useTranslations } from "next-intl";
import { INCOME_BASES, INCOME_MEASURES, type IncomeBasis, type IncomeMeasure } from "./report-options";

/** The income report's own choices: accrual or cash, and which measure the month columns show. */
export function IncomeOptions({
  filters,
  change,
}: {
  filters: { basis?: IncomeBasis; measure?: IncomeMeasure };
  change: (next: { basis?: IncomeBasis; measure?: IncomeMeasure }) => void;
}) {
  const t = useTranslations("reports");
  const basis = filters.basis ?? "accrual";
  return (
    <>
      <div className="field">
        <label htmlFor="income-basis">{t("income.basis")}</label>
        <select
          id="income-basis"
          value={basis}
          onChange={(e) => {
            const next = e.target.value as IncomeBasis;
            // Outstanding is an accrual measure: switching to cash shows what came in instead.
            change(next === "cash" && filters.measure === "outstanding" ? { basis: next, measure: "paid" } : { basis: next });
          }}
        >
          {INCOME_BASES.map((b) => (
            <option key={b} value={b}>
              {t(`income.bases.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="income-measure">{t("income.measure")}</label>
        <select
          id="income-measure"
          value={filters.measure ?? "invoiced"}
          onChange={(e) => change({ measure: e.target.value as IncomeMeasure })}
        >
          {INCOME_MEASURES.filter((m) => basis === "accrual" || m !== "outstanding").map((m) => (
            <option key={m} value={m}>
              {t(`income.measures.${m}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
