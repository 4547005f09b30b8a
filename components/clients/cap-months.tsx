"use client";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";

type CapMonth = { month: string; usedCents: number; capCents: number; confirmed: boolean };

/**
 * A monthly cap over the whole decision: each month's use against the cap and whether the month
 * is confirmed (locked), so the case manager sees the months ahead and the ones already billed.
 */
export function CapMonths({ months, current }: { months: CapMonth[]; current: string }) {
  const t = useTranslations("clients.limits");
  const format = useFormat();
  if (months.length === 0) return null;
  const name = (m: string) => format.month(m);
  const confirmed = months.filter((m) => m.confirmed).length;
  return (
    <details className="cap-months">
      <summary>{t("capMonthsSummary", { months: months.length, confirmed })}</summary>
      <div className="table-frame">
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
                <td className="num">{format.money(m.usedCents)}</td>
                <td className="num">{format.money(m.capCents)}</td>
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
      </div>
    </details>
  );
}
