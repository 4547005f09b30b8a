"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert, EmptyState } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { formatFor } from "@/lib/format";
import { ReportDrill, type DrillRequest } from "./drill-dialogs";
import { drillFor } from "./drill-request";
import { ExportButtons } from "./export-buttons";
import { FilterBar } from "./filter-bar";
import type { Filters } from "./period";
import type { IncomeBasis, IncomeMeasure } from "./report-options";
import { CLIENT_GROUPINGS, type ClientGrouping } from "./report-options";
import { IncomeOptions } from "./income-options";
import { ReportTable } from "./report-table";
import { useReportFilters } from "./use-report-filters";
import "./reports.css";

// The chart library loads with this page only, not with the rest of the app.
const ReportChart = dynamic(() => import("./report-chart"), { ssr: false });
const IncomeChart = dynamic(() => import("./income-chart"), { ssr: false });

type Data = RouterOutputs["reports"]["serviceStructure"]["get"];
export type ReportPageFilters = Filters & {
  groupBy: "service" | "specialty";
  basis?: IncomeBasis;
  measure?: IncomeMeasure;
  by?: "specialist" | "unit" | ClientGrouping;
};
export type ReportKind = "serviceStructure" | "workPerEmployee" | "decisions" | "receivables" | "income" | "earnings" | "clients";

/** The reports whose figures are someone's work, so an employee filter narrows them. */
const EMPLOYEE_REPORTS: ReportKind[] = ["serviceStructure", "workPerEmployee", "earnings", "clients"];

/** One report's page: filters in the address, the figures, their definitions, a chart, drill-down and files. */
export function ReportPage({ report: kind, initial }: { report: ReportKind; initial: ReportPageFilters }) {
  const t = useTranslations("reports");
  const locale = useLocale() === "en" ? "en" : "et";
  const trpc = useTRPC();
  const client = useTRPCClient();
  const errorText = useErrorText();
  const [filters, change] = useReportFilters(initial);
  const [drill, setDrill] = useState<DrillRequest | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  // Every report answers with the same shape (server/reports/table.ts), so one page renders them all.
  // Each page sets only the choices its report knows ("by" means a different thing per report),
  // and the server validates every input, hence the one cast.
  const byEmployee = EMPLOYEE_REPORTS.includes(kind);
  const effective = byEmployee ? filters : { ...filters, employeeId: null };
  const input = effective as never;
  const report = useQuery<Data>({
    queryKey: trpc.reports[kind].get.queryKey(input),
    queryFn: () => client.reports[kind].get.query(input),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const failure = report.isError ? errorText(report.error) : null;
  const data = report.isError ? undefined : report.data;
  return (
    <>
      <nav aria-label={t("title")} className="report-crumbs">
        <Link href="/reports">{t("title")}</Link>
      </nav>
      <h1>{t(`${kind}.title`)}</h1>
      <FilterBar
        filters={filters}
        onChange={(next) => {
          setNotice(null);
          change(next);
        }}
        fieldErrors={failure?.fields ?? {}}
        employee={byEmployee}
      >
        {kind === "serviceStructure" ? (
          <div className="field">
            <label htmlFor="report-group-by">{t("filters.groupBy")}</label>
            <select
              id="report-group-by"
              value={filters.groupBy}
              onChange={(e) => change({ groupBy: e.target.value as ReportPageFilters["groupBy"] })}
            >
              <option value="service">{t("filters.groupByService")}</option>
              <option value="specialty">{t("filters.groupBySpecialty")}</option>
            </select>
          </div>
        ) : null}
        {kind === "income" ? <IncomeOptions filters={filters} change={change} /> : null}
        {kind === "earnings" ? (
          <div className="field">
            <label htmlFor="report-by">{t("earnings.by")}</label>
            <select
              id="report-by"
              value={filters.by ?? "specialist"}
              onChange={(e) => change({ by: e.target.value as "specialist" | "unit" })}
            >
              <option value="specialist">{t("earnings.bySpecialist")}</option>
              <option value="unit">{t("earnings.byUnit")}</option>
            </select>
          </div>
        ) : null}
        {kind === "clients" ? (
          <div className="field">
            <label htmlFor="report-clients-by">{t("clients.by")}</label>
            <select
              id="report-clients-by"
              value={filters.by ?? "funder"}
              onChange={(e) => change({ by: e.target.value as ClientGrouping })}
            >
              {CLIENT_GROUPINGS.map((g) => (
                <option key={g} value={g}>
                  {t(`clients.groupings.${g}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </FilterBar>
      {failure ? <Alert kind="error">{failure.message}</Alert> : null}
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {report.isPending ? <p role="status">{t("loading")}</p> : null}
      {data ? (
        <section aria-busy={report.isFetching} aria-label={t(`${kind}.title`)}>
          <p className="report-scope">{scopeLine(data, t("filters.allUnits"), locale)}</p>
          <ExportButtons input={{ ...effective, report: kind }} onNotice={setNotice} />
          {data.rows.length === 0 ? (
            <EmptyState>{t("empty")}</EmptyState>
          ) : (
            <>
              <ReportTable
                data={data}
                canDrill={(figure) => drillFor(kind, effective, figure, "") !== null}
                onDrill={(figure, title) => setDrill(drillFor(kind, effective, figure, title))}
              />
              {kind === "income" ? <IncomeChart data={data} /> : <ReportChart data={data} />}
            </>
          )}
        </section>
      ) : null}
      <ReportDrill request={drill} onClose={() => setDrill(null)} />
    </>
  );
}

/** What the figures are of, in words: on screen and on paper, where the filter bar is not printed. */
function scopeLine(data: Data, allUnits: string, locale: string) {
  const day = formatFor(locale).date;
  const l = data.scope.labels;
  return [`${day(data.scope.filters.from)} – ${day(data.scope.filters.to)}`, l.unit ?? allUnits, l.funder, l.service, l.employee]
    .filter(Boolean)
    .join(" · ");
}
