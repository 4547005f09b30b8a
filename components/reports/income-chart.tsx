"use client";
import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@/components/trpc/types";
import { useMeasureFormat, useMonthLabel } from "./format";

type Data = RouterOutputs["reports"]["income"]["get"];

// Distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito).
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/**
 * Income by month, one stacked bar per month with a segment per funder (the eight largest; the
 * table beside holds every funder and every figure). The months are the report's month columns.
 */
export default function IncomeChart({ data }: { data: Data }) {
  const t = useTranslations("reports");
  const fmt = useMeasureFormat();
  const monthLabel = useMonthLabel();
  const months = data.columns.filter((c) => c.month);
  const funders = [...data.rows]
    .sort((a, b) => Math.abs(b.values.invoicedCents ?? 0) - Math.abs(a.values.invoicedCents ?? 0))
    .slice(0, COLOURS.length);
  const points = months.map((c) => ({
    name: monthLabel(c.month!),
    ...Object.fromEntries(funders.map((r) => [r.key, (r.values[c.key] ?? 0) / 100])),
  }));
  const measure = t(`income.measures.${data.chart.measure}`);
  const show = (v: number) => fmt("money", Math.round(v * 100));
  return (
    <figure className="report-chart">
      <figcaption>
        {t("income.chartLabel", { measure })} <span className="hint">{t("chartNote")}</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={points} margin={{ left: 8, right: 24 }} accessibilityLayer title={t("income.chartLabel", { measure })}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={show} width={90} />
          <Tooltip formatter={(v) => show(Number(v))} />
          <Legend />
          {funders.map((r, i) => (
            <Bar key={r.key} dataKey={r.key} name={r.label.et} stackId="funders" fill={COLOURS[i]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
