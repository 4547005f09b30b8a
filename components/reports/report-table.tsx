"use client";
import { useLocale, useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { RouterOutputs } from "@/components/trpc/types";
import type { Figure } from "./drill-request";
import { useMeasureFormat, useMonthLabel } from "./format";

type Data = RouterOutputs["reports"]["serviceStructure"]["get"];

/**
 * Rows shown at first, and added by each "show more": the decisions report of a large institution
 * has 7,000 rows of eleven figures, which as buttons made the page slow to build and to use. The
 * totals, the chart and the exports are of every row.
 */
const ROWS_AT_A_TIME = 100;

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
  // How many rows are shown, for the rows they were counted for: a new answer starts again.
  const [shown, setShown] = useState({ rows: data.rows, count: ROWS_AT_A_TIME });
  const count = shown.rows === data.rows ? shown.count : ROWS_AT_A_TIME;
  const rows = data.rows.length > count ? data.rows.slice(0, count) : data.rows;
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
      <div className="report-main">
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
                {rows.map((r) => (
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
        {data.rows.length > ROWS_AT_A_TIME ? (
          <div className="report-more">
            <p role="status">{t("rowsShown", { shown: rows.length, total: data.rows.length })}</p>
            {rows.length < data.rows.length ? (
              <>
                <button type="button" className="btn" onClick={() => setShown({ rows: data.rows, count: count + ROWS_AT_A_TIME })}>
                  {t("showMoreRows", { count: Math.min(ROWS_AT_A_TIME, data.rows.length - rows.length) })}
                </button>
                <button type="button" className="btn" onClick={() => setShown({ rows: data.rows, count: data.rows.length })}>
                  {t("showAllRows", { total: data.rows.length })}
                </button>
              </>
            ) : null}
          </div>
        ) : null}
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
