"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { ClientCalendarTab } from "@/components/calendar/client-calendar-tab";
import { DocumentsTab } from "@/components/documents/documents-tab";
import { CasePlanTab } from "./case-plan-tab";
import { DatasetTab } from "./dataset-tab";
import { FundingTab } from "./funding-tab";
import { HistoryTab } from "./history-tab";
import { OverviewTab } from "./overview-tab";
import { CLINICAL_TABS, TABS, type Tab } from "./tabs";
import { TeamTab } from "./team-tab";

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
