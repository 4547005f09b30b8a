"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";

/**
 * The case manager's list of documents due (#13 items 3 and 4): rehabilitation / action plans
 * within 30 days of the first meeting, EHT summary assessments 3 months before the decision ends.
 * Shown above the client list; nothing at all when nothing is due.
 */
export function DueList() {
  const t = useTranslations("plans.dueList");
  const trpc = useTRPC();
  const due = useQuery(trpc.plans.due.queryOptions({}));
  const rows = due.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="due-title">
      <h2 id="due-title" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <div style={{ overflowX: "auto" }}>
        <div className="table-frame">
          <table className="data">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("client")}</th>
                <th scope="col">{t("document")}</th>
                <th scope="col">{t("decision")}</th>
                <th scope="col">{t("dueDate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.kind}-${r.decisionId}`}>
                  <td>
                    <Link href={`/clients/${r.clientId}?tab=documents`}>{r.clientName}</Link>
                  </td>
                  <td>{t(r.kind)}</td>
                  <td>
                    {r.fundingKind} {r.decisionNumber}
                  </td>
                  <td>
                    {r.dueDate}
                    {r.overdue ? <span className="badge warn"> {t("overdue")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
