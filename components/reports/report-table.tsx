"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import type { RouterOutputs } from "@/components/trpc/types";
import { useMeasureFormat, useMonthLabel } from "./format";

type Data = RouterOutputs["reports"]["serviceStructure"]["get"];

/**
 * A report's table, the same columns and totals the exports write. Every figure of a row is a
 * button that opens the rows it is made of; beside the table, what each measure means.
 */
export function ReportTable({ data, onDrill }: { data: Data; onDrill: (row: Data["rows"][number]) => void }) {
  const t = useTranslations("reports");
  const locale = useLocale() === "en" ? "en" : "et";
  const fmt = useMeasureFormat();
  const monthLabel = useMonthLabel();
  const uid = useId();
  const label = (c: Data["columns"][number]) => (c.month ? monthLabel(c.month) : t(`${data.report}.columns.${c.key}`));
  const described = (c: Data["columns"][number]) => `${uid}-${c.month ? "month" : c.key}`;
  // Month columns share one definition, written once under the heading "month".
  const defined = [
    ...(data.columns.some((c) => c.month) ? [{ key: "month", month: undefined }] : []),
    ...data.columns.filter((c) => !c.month),
  ];
  return (
    <div className="report-layout">
      <div className="report-table-wrap">
        <table className="data report-table">
          <caption className="visually-hidden">{t(`${data.report}.title`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`rowHeaders.${data.rowHeader}`)}</th>
              {data.columns.map((c) => (
                <th key={c.key} scope="col" className="num" aria-describedby={described(c)}>
                  {label(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label[locale]}</th>
                {data.columns.map((c) => (
                  <td key={c.key} className="num">
                    {r.drill ? (
                      <button
                        type="button"
                        className="btn link figure"
                        onClick={() => onDrill(r)}
                        aria-label={`${label(c)}: ${fmt(c.kind, r.values[c.key])}. ${t("drillOpen", { label: r.label[locale] })}`}
                      >
                        {fmt(c.kind, r.values[c.key])}
                      </button>
                    ) : (
                      fmt(c.kind, r.values[c.key])
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("totals")}</th>
              {data.columns.map((c) => (
                <td key={c.key} className="num" data-total={c.key}>
                  {fmt(c.kind, data.totals[c.key])}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <aside className="report-definitions" aria-labelledby={`${uid}-defs`}>
        <h2 id={`${uid}-defs`}>{t("definitionsTitle")}</h2>
        <dl>
          {defined.map((c) => (
            <div key={c.key}>
              <dt>{t(`${data.report}.columns.${c.key}`)}</dt>
              <dd id={`${uid}-${c.key}`}>{t(`${data.report}.definitions.${c.key}`)}</dd>
            </div>
          ))}
        </dl>
      </aside>
    </div>
  );
}
