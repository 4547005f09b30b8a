"use client";
import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { Loading } from "@/components/ui/loading";
import { useErrorText } from "@/components/ui/use-error-text";
import { OverviewTab } from "./overview-tab";
import { CLINICAL_TABS, TABS, type Tab } from "./tabs";

// The record opens on its overview; each other section's code (forms, schemas, tables, the
// calendar) loads when that section is opened, not with the page (bench:bundle, Lighthouse TBT).
const TeamTab = dynamic(() => import("./team-tab").then((m) => m.TeamTab), { loading: Loading });
const FundingTab = dynamic(() => import("./funding-tab").then((m) => m.FundingTab), { loading: Loading });
const CasePlanTab = dynamic(() => import("./case-plan-tab").then((m) => m.CasePlanTab), { loading: Loading });
const DatasetTab = dynamic(() => import("./dataset-tab").then((m) => m.DatasetTab), { loading: Loading });
const DocumentsTab = dynamic(() => import("@/components/documents/documents-tab").then((m) => m.DocumentsTab), { loading: Loading });
const ClientCalendarTab = dynamic(() => import("@/components/calendar/client-calendar-tab").then((m) => m.ClientCalendarTab), {
  loading: Loading,
});
const HistoryTab = dynamic(() => import("./history-tab").then((m) => m.HistoryTab), { loading: Loading });

export function ClientRecord({ clientId, tab }: { clientId: string; tab: Tab }) {
  const t = useTranslations("clients");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const record = useQuery(trpc.clients.get.queryOptions({ clientId }));
  if (record.isPending) return <p>{tc("loading")}</p>;
  if (record.isError) return <Alert kind="error">{errorText(record.error).message}</Alert>;
  const { client, can } = record.data;
  const tabs = TABS.filter((x) => (x !== "history" || can.seeAccessHistory) && (can.readClinical || !CLINICAL_TABS.includes(x)));
  // A bookmarked clinical section is answered with a note, not with a refused request.
  const clinicalHidden = !can.readClinical && CLINICAL_TABS.includes(tab);
  return (
    <>
      <p style={{ margin: 0 }}>
        <Link href="/clients">← {t("title")}</Link>
      </p>
      <h1>
        {client.firstName} {client.lastName}
        {client.personalCode ? <small style={{ color: "var(--muted)", fontWeight: 400 }}> · {client.personalCode}</small> : null}
      </h1>
      <nav aria-label={t("recordSections")} className="tabs">
        <ul>
          {tabs.map((x) => (
            <li key={x}>
              <Link href={`/clients/${clientId}?tab=${x}`} aria-current={x === tab ? "page" : undefined} scroll={false}>
                {t(`tabs.${x}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-label={t(`tabs.${tab}`)}>
        {clinicalHidden ? <Alert kind="info">{t("clinicalHidden")}</Alert> : null}
        {tab === "overview" ? <OverviewTab record={record.data} /> : null}
        {tab === "team" ? <TeamTab record={record.data} /> : null}
        {tab === "funding" && !clinicalHidden ? <FundingTab clientId={clientId} canUpdate={can.update} /> : null}
        {tab === "plan" && !clinicalHidden ? <CasePlanTab clientId={clientId} canUpdate={can.update} /> : null}
        {tab === "dataset" && !clinicalHidden ? <DatasetTab clientId={clientId} canAdd={can.addEntries} /> : null}
        {tab === "documents" ? <DocumentsTab clientId={clientId} /> : null}
        {tab === "calendar" ? <ClientCalendarTab clientId={clientId} clientName={`${client.firstName} ${client.lastName}`} /> : null}
        {tab === "history" && can.seeAccessHistory ? <HistoryTab clientId={clientId} /> : null}
      </section>
    </>
  );
}

export type ClientRecordData = RouterOutputs["clients"]["get"];
