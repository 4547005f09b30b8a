"use client";
import { useFormatter, useTranslations } from "next-intl";
import { formatCents } from "@/lib/money";

type CapMonth = { month: string; usedCents: number; capCents: number; confirmed: boolean };

/**
 * A monthly cap over the whole decision: each month's use against the cap and whether the month
 * is confirmed (locked), so the case manager sees the months ahead and the ones already billed.
 */
export function CapMonths({ months, current }: { months: CapMonth[]; current: string }) {
  const t = useTranslations("clients.limits");
  const format = useFormatter();
  if (months.length === 0) return null;
  const name = (m: string) => format.dateTime(new Date(`${m}-15T12:00:00Z`), { month: "long", year: "numeric" });
  const confirmed = months.filter((m) => m.confirmed).length;
  return (
    <details className="cap-months">
      <summary>{t("capMonthsSummary", { months: months.length, confirmed })}</summary>
      <table className="data">
        <caption className="visually-hidden">{t("capMonthsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("capMonth")}</th>
            <th scope="col" className="num">
              {t("capUsed")}
            </th>
            <th scope="col" className="num">
              {t("capLimit")}
            </th>
            <th scope="col">{t("capStatus")}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month} aria-current={m.month === current ? "date" : undefined} className={m.usedCents > m.capCents ? "over" : ""}>
              <th scope="row">{name(m.month)}</th>
              <td className="num">{formatCents(m.usedCents)}</td>
              <td className="num">{formatCents(m.capCents)}</td>
              <td>
                {m.confirmed ? (
                  <span className="badge ok">{t("capConfirmed")}</span>
                ) : m.month < current ? (
                  t("capNotConfirmed")
                ) : m.month === current ? (
                  t("capCurrent")
                ) : (
                  ""
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
