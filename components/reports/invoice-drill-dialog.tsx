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

type Input = RouterInputs["reports"]["receivables"]["rows"];

/** The open invoices behind a funder's receivables; each number opens the invoice (which checks access again). */
export function InvoiceDrillDialog({ input, title, onClose }: { input: Input | null; title: string; onClose: () => void }) {
  const t = useTranslations("reports");
  const trpc = useTRPC();
  const format = useFormat();
  const fmt = useMeasureFormat();
  const errorText = useErrorText();
  const rows = useQuery({ ...trpc.reports.receivables.rows.queryOptions(input!), enabled: input !== null });
  const c = (key: string) => t(`invoiceDrill.${key}`);
  const day = (iso: string) => format.date(iso);
  return (
    <Dialog open={input !== null} title={`${t("drillTitle")}: ${title}`} onClose={onClose}>
      {rows.isPending ? <p>{t("loading")}</p> : null}
      {rows.isError ? <Alert kind="error">{errorText(rows.error).message}</Alert> : null}
      {rows.data ? (
        <div className="report-table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{c("number")}</th>
                <th scope="col">{c("invoiceDate")}</th>
                <th scope="col">{c("dueDate")}</th>
                <th scope="col" className="num">
                  {c("daysOverdue")}
                </th>
                <th scope="col" className="num">
                  {c("due")}
                </th>
                <th scope="col" className="num">
                  {c("paid")}
                </th>
                <th scope="col" className="num">
                  {c("outstanding")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/billing/invoices/${r.id}`}>{r.number}</Link>
                  </td>
                  <td>{day(r.invoiceDate)}</td>
                  <td>{day(r.dueDate)}</td>
                  <td className="num">{fmt("count", r.daysOverdue)}</td>
                  <td className="num">{fmt("money", r.dueCents)}</td>
                  <td className="num">{fmt("money", r.paidCents)}</td>
                  <td className="num">{fmt("money", r.outstandingCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("drillClose")}
        </button>
      </div>
    </Dialog>
  );
}
