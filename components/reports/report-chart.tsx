"use client";
import { useLocale, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@/components/trpc/types";
import { useMeasureFormat } from "./format";

type Data = RouterOutputs["reports"]["serviceStructure"]["get"];

/**
 * A horizontal bar per row of the report's chart measure. recharts draws SVG (prints, scales)
 * and its accessibility layer lets a keyboard walk the bars; the table beside holds the same
 * figures for anyone the chart does not serve.
 */
export default function ReportChart({ data }: { data: Data }) {
  const t = useTranslations("reports");
  const locale = useLocale() === "en" ? "en" : "et";
  const fmt = useMeasureFormat();
  const column = data.columns.find((c) => c.key === data.chart.measure)!;
  const points = data.rows.slice(0, 15).map((r) => ({
    name: r.label[locale],
    value: column.kind === "money" ? (r.values[column.key] ?? 0) / 100 : (r.values[column.key] ?? 0),
  }));
  const measure = t(`${data.report}.columns.${column.key}`);
  const show = (v: number) => fmt(column.kind, column.kind === "money" ? v * 100 : v);
  return (
    <figure className="report-chart">
      <figcaption>
        {t(`${data.report}.chartLabel`, { measure })} <span className="hint">{t("chartNote")}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={Math.max(160, 36 * points.length + 40)}>
        <BarChart
          data={points}
          layout="vertical"
          margin={{ left: 8, right: 24 }}
          accessibilityLayer
          title={t(`${data.report}.chartLabel`, { measure })}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={show} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => show(Number(v))} />
          <Bar dataKey="value" name={measure} fill="#2f6f9f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
