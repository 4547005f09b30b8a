"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import type { RouterOutputs } from "@/components/trpc/types";
import type { Figure } from "./drill-request";
import { useMeasureFormat, useMonthLabel } from "./format";

type Data = RouterOutputs["reports"]["serviceStructure"]["get"];

/**
 * A report's table, the same columns and totals the exports write. Every figure made of rows
 * (totals included) is a button that opens them; beside the table, what each measure means.
 */
export function ReportTable({
  data,
  canDrill,
  onDrill,
}: {
  data: Data;
  canDrill: (figure: Figure) => boolean;
  onDrill: (figure: Figure, label: string) => void;
}) {
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
  const cell = (rowKey: string | null, values: Data["totals"], rowLabel: string, rowDrills: boolean, c: Data["columns"][number]) => {
    const value = values[c.key];
    const figure: Figure = { rowKey, column: c.key, month: c.month };
    const text = fmt(c.kind, value);
    // A dash or a zero is made of nothing to open.
    if (!rowDrills || value === null || value === undefined || value === 0 || !canDrill(figure)) return text;
    return (
      <button
        type="button"
        className="btn link figure"
        onClick={() => onDrill(figure, `${rowLabel} · ${label(c)}`)}
        aria-label={`${label(c)}: ${text}. ${t("drillOpen", { label: rowLabel })}`}
      >
        {text}
      </button>
    );
  };
  return (
    <div className="report-layout">
      {/* A wide report scrolls inside this frame: focusable, so it scrolls from the keyboard too. */}
      <div className="report-table-wrap" tabIndex={0} role="region" aria-label={t(`${data.report}.title`)}>
        <div className="table-frame">
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
                      {cell(r.key, r.values, r.label[locale], r.drill, c)}
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
                    {cell(null, data.totals, t("totals"), true, c)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
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
