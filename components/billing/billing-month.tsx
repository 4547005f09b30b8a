"use client";
import { useQuery } from "@tanstack/react-query";
import { useFormat } from "@/components/ui/use-format";
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import dynamic from "next/dynamic";
import { useLiveRefresh, useLiveStatus } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { ListState } from "@/components/ui/editing";
import { MonthField } from "@/components/ui/entry-field";
import { BillingFilterBar, filtersFromUrl, filtersToUrl, listInput, StatusFilter, type BillingFilters } from "./billing-filters";
import { REPORT_FILTER_STATUSES } from "@/db/schema/enums";
import { InvoicesTable } from "./invoices-table";
import { PaymentsPanel } from "./payments/payments-panel";
import { useLocalName } from "@/components/ui/use-local-name";

// Opens on a click: its form and schemas (zod) load then, not while the page loads (Lighthouse TBT).
const ReportDialog = dynamic(() => import("./report-dialog").then((m) => m.ReportDialog), { ssr: false });

export type BillingRights = { confirm: boolean; reopen: boolean; send: boolean; payments?: boolean };

/** The month before the current one: what an accountant confirms at the start of a month. */
function previousMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The accountant's month: which clients' months are confirmed and which invoices are drafted,
 * sent or failed. Everything here refreshes live when a report or invoice changes anywhere.
 */
export function BillingMonth({ rights, initialMonth }: { rights: BillingRights; initialMonth?: string }) {
  const t = useTranslations("billing");
  const localName = useLocalName();
  const trpc = useTRPC();
  const [month, setMonth] = useState(initialMonth ?? previousMonth());
  const params = useSearchParams();
  const [filters, setFilters] = useState<BillingFilters>(() => filtersFromUrl(params));
  const choose = useCallback(
    (next: { month?: string; filters?: BillingFilters }) => {
      const m = next.month ?? month;
      const f = next.filters ?? filters;
      if (next.month) setMonth(next.month);
      if (next.filters) setFilters(next.filters);
      filtersToUrl(m, f);
    },
    [month, filters],
  );
  const [open, setOpen] = useState<string | null>(null);
  const reports = useQuery(trpc.billing.months.list.queryOptions(listInput(month, filters, filters.reportStatus)));
  const reportRows = reports.data ?? [];
  useLiveRefresh(
    ["billing"],
    [trpc.billing.months.list.queryKey(), trpc.billing.invoices.list.queryKey(), trpc.billing.reports.preview.queryKey()],
  );
  const money = useFormat().money;
  const statusText = (s: string | null) =>
    s === "confirmed" ? t("statusConfirmed") : s === "reopened" ? t("statusReopened") : t("statusOpen");

  return (
    <>
      <h1>{t("title")}</h1>
      <div className="toolbar">
        <MonthField label={t("month")} name="month" value={month} onChange={(m) => m && choose({ month: m })} />
        <LiveBadge />
      </div>
      <BillingFilterBar value={filters} onChange={(f) => choose({ filters: f })} />
      <section className="panel" aria-labelledby="reports-heading">
        <div className="toolbar" style={{ justifyContent: "space-between" }}>
          <h2 id="reports-heading" style={{ margin: 0 }}>
            {t("reports")}
          </h2>
          <StatusFilter
            label={t("filters.reportStatus")}
            value={filters.reportStatus}
            statuses={REPORT_FILTER_STATUSES}
            text={statusText}
            onChange={(reportStatus) => choose({ filters: { ...filters, reportStatus } })}
          />
        </div>
        <p style={{ color: "var(--muted)" }}>{t("reportsHelp")}</p>
        <ListState
          query={reports}
          count={reportRows.length}
          empty={
            filters.unitId || filters.fundingSourceId || filters.client || filters.reportStatus ? t("filters.noMatches") : t("noReports")
          }
        >
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("colClient")}</th>
                  <th scope="col">{t("colFunder")}</th>
                  <th scope="col">{t("colDecision")}</th>
                  <th scope="col" className="num">
                    {t("colEntries")}
                  </th>
                  <th scope="col" className="num">
                    {t("colAmount")}
                  </th>
                  <th scope="col" className="num">
                    {t("colOpenSessions")}
                  </th>
                  <th scope="col">{t("colStatus")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("openReport")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {reportRows.map((r) => (
                  <tr key={r.decisionId}>
                    <td>{r.clientName}</td>
                    <td>{localName({ name: r.funder, nameEn: r.funderEn })}</td>
                    <td>{r.decisionNumber}</td>
                    <td className="num">{r.entries}</td>
                    <td className="num">{money(r.amountCents)}</td>
                    <td className="num">{r.openSessions > 0 ? <span className="badge warn">{r.openSessions}</span> : 0}</td>
                    <td>
                      <span className={`badge ${r.status === "confirmed" ? "ok" : r.status === "reopened" ? "warn" : ""}`}>
                        {statusText(r.status)}
                      </span>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn link"
                        aria-label={`${t("openReport")}: ${r.clientName}, ${r.decisionNumber}`}
                        onClick={() => setOpen(r.decisionId)}
                      >
                        {t("openReport")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ListState>
      </section>
      <InvoicesTable
        month={month}
        filters={filters}
        onStatus={(invoiceStatus) => choose({ filters: { ...filters, invoiceStatus } })}
        rights={rights}
      />
      <PaymentsPanel managesPayments={rights.payments ?? false} />
      {open ? <ReportDialog decisionId={open} month={month} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

/** Shown while billing updates live; its own component, so the socket's state re-renders only it. */
function LiveBadge() {
  const t = useTranslations("billing");
  return useLiveStatus() === "live" ? (
    <span className="badge ok" style={{ marginBottom: ".9rem" }}>
      {t("live")}
    </span>
  ) : null;
}
