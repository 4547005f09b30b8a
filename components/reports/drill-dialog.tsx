"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useMeasureFormat } from "./format";
import { useFormat } from "@/components/ui/use-format";

type Input = RouterInputs["reports"]["serviceStructure"]["rows"];

/**
 * The dataset entries behind one row of the service structure; a client's name links to the
 * record (which checks access again) where the client policy lets the viewer see them.
 */
export function DrillDialog({ input, title, onClose }: { input: Input | null; title: string; onClose: () => void }) {
  const t = useTranslations("reports");
  const trpc = useTRPC();
  const format = useFormat();
  const fmt = useMeasureFormat();
  const errorText = useErrorText();
  const rows = useQuery({ ...trpc.reports.serviceStructure.rows.queryOptions(input!), enabled: input !== null });
  const c = (key: string) => t(`drillColumns.${key}`);
  return (
    <Dialog open={input !== null} title={`${t("drillTitle")}: ${title}`} onClose={onClose}>
      {rows.isPending ? <p>{t("loading")}</p> : null}
      {rows.isError ? <Alert kind="error">{errorText(rows.error).message}</Alert> : null}
      {rows.data ? (
        <>
          {rows.data.total > rows.data.rows.length ? (
            <p className="hint">{t("drillMore", { shown: rows.data.rows.length, total: rows.data.total })}</p>
          ) : null}
          <div className="report-table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{c("date")}</th>
                  <th scope="col">{c("client")}</th>
                  <th scope="col">{c("service")}</th>
                  <th scope="col">{c("specialist")}</th>
                  <th scope="col">{c("funder")}</th>
                  <th scope="col" className="num">
                    {c("units")}
                  </th>
                  <th scope="col" className="num">
                    {c("hours")}
                  </th>
                  {rows.data.rows.some((r) => r.cents !== null) ? (
                    <th scope="col" className="num">
                      {c("amount")}
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.data.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{format.date(r.date)}</td>
                    <td>
                      {r.clientId ? (
                        <Link href={`/clients/${r.clientId}`}>{r.clientName}</Link>
                      ) : (
                        <span className="hint">{t("hiddenClient")}</span>
                      )}
                    </td>
                    <td>{r.service}</td>
                    <td>{r.specialist}</td>
                    <td>{r.funder}</td>
                    <td className="num">{fmt("hours", r.units)}</td>
                    <td className="num">{fmt("hours", r.hours)}</td>
                    {r.cents !== null ? <td className="num">{fmt("money", r.cents)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("drillClose")}
        </button>
      </div>
    </Dialog>
  );
}
