"use client";
import { useLocale, useTranslations } from "next-intl";
import type { RouterOutputs } from "@/components/trpc/types";
import { useHours } from "./format";
import { useLocalName } from "@/components/ui/use-local-name";

type Sheet = RouterOutputs["workload"]["sheet"]["get"];
type Figures = Pick<Sheet["rows"][number], "services" | "types" | "sessionHours" | "generalHours" | "total" | "possible" | "difference">;

/** People x (sessions by service, general work by type, totals, possible, difference); the same columns as the export. */
export function SheetTable({ sheet, onOpen }: { sheet: Sheet; onOpen: (employeeId: string) => void }) {
  const t = useTranslations("workload");
  const locale = useLocale();
  const hours = useHours();
  const localName = useLocalName();
  const name = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  const cells = (r: Figures) => [
    ...sheet.services.map((s) => ({ key: `s-${s.id}`, value: r.services[s.id] ?? 0 })),
    { key: "sessions", value: r.sessionHours },
    ...sheet.types.map((x) => ({ key: `t-${x.id}`, value: r.types[x.id] ?? 0 })),
    { key: "general", value: r.generalHours },
    { key: "total", value: r.total },
    { key: "possible", value: r.possible },
    { key: "difference", value: r.difference },
  ];
  return (
    <div className="sheet-wrap">
      <div className="table-frame">
        <table className="data">
          <caption className="visually-hidden">{t("sheetTitle")}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                {t("employee")}
              </th>
              <th scope="colgroup" colSpan={sheet.services.length + 1}>
                {t("clientSessions")}
              </th>
              <th scope="colgroup" colSpan={sheet.types.length + 1}>
                {t("generalWork")}
              </th>
              <th scope="col" rowSpan={2} className="num">
                {t("total")}
              </th>
              <th scope="col" rowSpan={2} className="num">
                {t("possible")}
              </th>
              <th scope="col" rowSpan={2} className="num">
                {t("difference")}
              </th>
              <th scope="col" rowSpan={2}>
                {t("approvedColumn")}
              </th>
            </tr>
            <tr>
              {sheet.services.map((s) => (
                <th key={s.id} scope="col" className="num">
                  {s.code} {name(s)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("sessionTotal")}
              </th>
              {sheet.types.map((x) => (
                <th key={x.id} scope="col" className="num">
                  {localName(x)}
                </th>
              ))}
              <th scope="col" className="num">
                {t("generalTotal")}
              </th>
            </tr>
          </thead>
          <tbody>
            {sheet.rows.map((r) => (
              <tr key={r.employeeId}>
                <th scope="row">
                  <button
                    type="button"
                    className="btn link"
                    onClick={() => onOpen(r.employeeId)}
                    aria-label={t("openDetails", { name: r.name })}
                  >
                    {r.name}
                  </button>
                </th>
                {cells(r).map((c) => (
                  <td key={c.key} className={`num${c.key === "difference" && c.value < 0 ? " negative" : ""}`}>
                    {hours(c.value)}
                  </td>
                ))}
                <td>{r.locked ? <span className="badge ok">{t("lockedBadge")}</span> : null}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("totals")}</th>
              {cells(sheet.totals).map((c) => (
                <td key={c.key} className="num">
                  {hours(c.value)}
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
