"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useMeasureFormat, useMonthLabel } from "./format";

type Input = RouterInputs["reports"]["income"]["rows"];

/** The invoice lines behind a funder's income; the invoice and (where the client policy allows) the client open from here. */
export function IncomeDrillDialog({ input, title, onClose }: { input: Input | null; title: string; onClose: () => void }) {
  const t = useTranslations("reports");
  const trpc = useTRPC();
  const fmt = useMeasureFormat();
  const monthLabel = useMonthLabel();
  const errorText = useErrorText();
  const rows = useQuery({ ...trpc.reports.income.rows.queryOptions(input!), enabled: input !== null });
  const c = (key: string) => t(`incomeDrill.${key}`);
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
                  <th scope="col">{c("invoice")}</th>
                  <th scope="col">{c("month")}</th>
                  <th scope="col">{c("client")}</th>
                  <th scope="col">{c("service")}</th>
                  <th scope="col" className="num">
                    {c("quantity")}
                  </th>
                  <th scope="col" className="num">
                    {c("amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.data.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/billing/invoices/${r.invoiceId}`}>{r.number}</Link>
                      {r.credit ? ` (${c("credit")})` : null}
                    </td>
                    <td>{monthLabel(r.month)}</td>
                    <td>
                      {r.clientId ? (
                        <Link href={`/clients/${r.clientId}`}>{r.clientName}</Link>
                      ) : (
                        <span className="hint">{t("hiddenClient")}</span>
                      )}
                    </td>
                    <td>{r.service}</td>
                    <td className="num">{fmt("hours", r.quantity)}</td>
                    <td className="num">{fmt("money", r.cents)}</td>
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
