import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { NoAccess, pageActor } from "../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("title") };
}

const REPORTS = [
  { href: "/reports/income", key: "income" },
  { href: "/reports/service-structure", key: "serviceStructure" },
  { href: "/reports/money-brought-in", key: "earnings" },
  { href: "/reports/work-per-employee", key: "workPerEmployee" },
  { href: "/reports/decisions", key: "decisions" },
  { href: "/reports/clients", key: "clients" },
  { href: "/reports/receivables", key: "receivables" },
] as const;

/** Aruanded: the organisation reports the person may open. */
export default async function ReportsPage() {
  const actor = await pageActor("reports", "read");
  if (!actor) return <NoAccess />;
  const t = await getTranslations("reports");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <div className="cards">
        {REPORTS.map((r) => (
          <Link key={r.href} href={r.href}>
            <strong>{t(`list.${r.key}`)}</strong>
            <span>{t(`list.${r.key}Text`)}</span>
          </Link>
        ))}
      </div>
    </>
  );
}
