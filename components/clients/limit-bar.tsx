"use client";
import { useLocale, useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";

export type Line = {
  kind: "period" | "yearly" | "monthly" | "service";
  limit: number;
  used: number;
  planned: number;
  remaining: number;
  serviceCode?: string;
  serviceName?: string;
  serviceNameEn?: string;
  billingUnit?: string;
  periodLabel?: string;
};

/** One hard limit: used against the limit, what the case plan still plans, what remains. */
export function LimitBar({ line }: { line: Line }) {
  const t = useTranslations("clients.limits");
  const format = useFormat();
  const english = useLocale() === "en";
  const money = line.kind !== "service";
  // A monthly cap's period arrives as "2026-11": written "november 2026".
  const periodText = (p?: string) => (p && /^\d{4}-\d{2}$/.test(p) ? format.month(p) : (p ?? ""));
  const show = (v: number) => (money ? format.money(v) : `${format.number(v)} ${t(`units.${line.billingUnit ?? "session"}`)}`);
  const title =
    line.kind === "service"
      ? `${line.serviceCode} ${(english && line.serviceNameEn) || line.serviceName}`
      : t(line.kind, { period: periodText(line.periodLabel) });
  const pct = line.limit > 0 ? Math.min(100, Math.round((line.used / line.limit) * 100)) : 100;
  return (
    <div className={`limit${line.remaining <= 0 ? " over" : ""}`}>
      <div className="label">
        <span>{title}</span>
        <span>
          {t("usedOf", { used: show(line.used), limit: show(line.limit) })} · {t("remaining", { value: show(line.remaining) })}
          {line.planned > 0 ? ` · ${t("planned", { value: show(line.planned) })}` : ""}
        </span>
      </div>
      <progress max={100} value={pct} aria-label={t("progressLabel", { title, pct })}>
        {pct}%
      </progress>
    </div>
  );
}
