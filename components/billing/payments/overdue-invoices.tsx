"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { ListState } from "@/components/ui/editing";
import { useMoney } from "./use-money";

/** Overdue invoices by funder, each with its days overdue and a reminder letter. */
export function OverdueInvoices() {
  const t = useTranslations("payments.overdue");
  const trpc = useTRPC();
  const money = useMoney();
  const list = useQuery(trpc.payments.overdue.queryOptions());
  const funders = list.data ?? [];
  return (
    <section className="panel" aria-labelledby="overdue-heading">
      <h2 id="overdue-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      <p style={{ color: "var(--muted)" }}>{t("help")}</p>
      <ListState query={list} count={funders.length} empty={t("empty")}>
        {funders.map((f) => (
          <div key={f.fundingSourceId} style={{ overflowX: "auto" }}>
            <div className="table-frame">
              <table className="data">
                <caption style={{ textAlign: "left", fontWeight: 600 }}>
                  {t("funderTotal", { funder: f.funder, amount: money(f.outstandingCents) })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("colNumber")}</th>
                    <th scope="col">{t("colDue")}</th>
                    <th scope="col" className="num">
                      {t("colDays")}
                    </th>
                    <th scope="col" className="num">
                      {t("colOutstanding")}
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">{t("reminder")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {f.invoices.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link href={`/billing/invoices/${i.id}`}>{i.number}</Link>
                      </td>
                      <td>{i.dueDate}</td>
                      <td className="num">{i.daysOverdue}</td>
                      <td className="num">{money(i.outstandingCents)}</td>
                      <td>
                        <a className="btn link" href={`/api/invoices/${i.id}/reminder`} download>
                          {t("reminder")}
                          <span className="visually-hidden"> {i.number}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </ListState>
    </section>
  );
}
