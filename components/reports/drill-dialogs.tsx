"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import { useTRPC } from "@/components/trpc/client";
import type { RouterInputs } from "@/components/trpc/types";
import { DrillShell, type DrillColumn } from "./drill-shell";
import { useMeasureFormat, useMonthLabel } from "./format";

/**
 * The drill-downs, one per kind of row a figure is made of: dataset entries, invoice lines, open
 * invoices, sessions, clients. Each is a query and its columns in the one DrillShell; a client's
 * name links to the record (which checks access again) only where the client policy lets the
 * viewer see them.
 */

type R = RouterInputs["reports"];
export type DrillRequest = { title: string } & (
  | { kind: "entries"; input: R["serviceStructure"]["rows"] }
  | { kind: "incomeLines"; input: R["income"]["rows"] }
  | { kind: "invoices"; input: R["receivables"]["rows"] }
  | { kind: "sessions"; input: R["sessions"] }
  | { kind: "clients"; input: R["clients"]["rows"] }
);

export function ReportDrill({ request, onClose }: { request: DrillRequest | null; onClose: () => void }) {
  if (!request) return null;
  const props = { title: request.title, onClose };
  switch (request.kind) {
    case "entries":
      return <EntryDrill input={request.input} {...props} />;
    case "incomeLines":
      return <IncomeLineDrill input={request.input} {...props} />;
    case "invoices":
      return <InvoiceDrill input={request.input} {...props} />;
    case "sessions":
      return <SessionDrill input={request.input} {...props} />;
    case "clients":
      return <ClientDrill input={request.input} {...props} />;
  }
}

type Props<I> = { input: I; title: string; onClose: () => void };

function ClientLink({ id, name }: { id: string | null; name: string | null }) {
  const t = useTranslations("reports");
  return id ? <Link href={`/clients/${id}`}>{name}</Link> : <span className="hint">{t("hiddenClient")}</span>;
}

function useDay() {
  const format = useFormat();
  return (iso: string) => format.date(iso.slice(0, 10));
}

function EntryDrill({ input, title, onClose }: Props<R["serviceStructure"]["rows"]>) {
  const t = useTranslations("reports.drillColumns");
  const fmt = useMeasureFormat();
  const day = useDay();
  const answer = useQuery(useTRPC().reports.serviceStructure.rows.queryOptions(input));
  type Row = NonNullable<typeof answer.data>["rows"][number];
  const columns: DrillColumn<Row>[] = [
    { key: "date", header: t("date"), cell: (r) => day(r.date) },
    { key: "client", header: t("client"), cell: (r) => <ClientLink id={r.clientId} name={r.clientName} /> },
    { key: "service", header: t("service"), cell: (r) => r.service },
    { key: "specialist", header: t("specialist"), cell: (r) => r.specialist },
    { key: "funder", header: t("funder"), cell: (r) => r.funder },
    { key: "units", header: t("units"), numeric: true, cell: (r) => fmt("hours", r.units) },
    { key: "hours", header: t("hours"), numeric: true, cell: (r) => fmt("hours", r.hours) },
  ];
  if (answer.data?.rows.some((r) => r.cents !== null))
    columns.push({ key: "amount", header: t("amount"), numeric: true, cell: (r) => fmt("money", r.cents) });
  return <DrillShell open title={title} answer={answer} columns={columns} onClose={onClose} />;
}

function IncomeLineDrill({ input, title, onClose }: Props<R["income"]["rows"]>) {
  const t = useTranslations("reports.incomeDrill");
  const fmt = useMeasureFormat();
  const monthLabel = useMonthLabel();
  const answer = useQuery(useTRPC().reports.income.rows.queryOptions(input));
  type Row = NonNullable<typeof answer.data>["rows"][number];
  const columns: DrillColumn<Row>[] = [
    {
      key: "invoice",
      header: t("invoice"),
      cell: (r) => (
        <>
          <Link href={`/billing/invoices/${r.invoiceId}`}>{r.number}</Link>
          {r.credit ? ` (${t("credit")})` : null}
        </>
      ),
    },
    { key: "month", header: t("month"), cell: (r) => monthLabel(r.month) },
    { key: "client", header: t("client"), cell: (r) => <ClientLink id={r.clientId} name={r.clientName} /> },
    { key: "service", header: t("service"), cell: (r) => r.service },
    { key: "quantity", header: t("quantity"), numeric: true, cell: (r) => fmt("hours", r.quantity) },
    { key: "amount", header: t("amount"), numeric: true, cell: (r) => fmt("money", r.cents) },
  ];
  return <DrillShell open title={title} answer={answer} columns={columns} onClose={onClose} />;
}

function InvoiceDrill({ input, title, onClose }: Props<R["receivables"]["rows"]>) {
  const t = useTranslations("reports.invoiceDrill");
  const fmt = useMeasureFormat();
  const day = useDay();
  const query = useQuery(useTRPC().reports.receivables.rows.queryOptions(input));
  const answer = { ...query, data: query.data ? { rows: query.data, total: query.data.length } : undefined };
  type Row = NonNullable<typeof query.data>[number];
  const columns: DrillColumn<Row>[] = [
    { key: "number", header: t("number"), cell: (r) => <Link href={`/billing/invoices/${r.id}`}>{r.number}</Link> },
    {
      key: "client",
      header: t("client"),
      cell: (r) =>
        r.clients.length === 0
          ? "—"
          : r.clients.map((c, i) => (
              <span key={c.id}>
                {i > 0 ? ", " : null}
                <ClientLink id={c.id} name={c.name} />
              </span>
            )),
    },
    { key: "invoiceDate", header: t("invoiceDate"), cell: (r) => day(r.invoiceDate) },
    { key: "dueDate", header: t("dueDate"), cell: (r) => day(r.dueDate) },
    { key: "daysOverdue", header: t("daysOverdue"), numeric: true, cell: (r) => fmt("count", r.daysOverdue) },
    { key: "due", header: t("due"), numeric: true, cell: (r) => fmt("money", r.dueCents) },
    { key: "paid", header: t("paid"), numeric: true, cell: (r) => fmt("money", r.paidCents) },
    { key: "outstanding", header: t("outstanding"), numeric: true, cell: (r) => fmt("money", r.outstandingCents) },
  ];
  return <DrillShell open title={title} answer={answer} columns={columns} onClose={onClose} />;
}

function SessionDrill({ input, title, onClose }: Props<R["sessions"]>) {
  const t = useTranslations("reports.sessionDrill");
  const format = useFormat();
  const answer = useQuery(useTRPC().reports.sessions.queryOptions(input));
  type Row = NonNullable<typeof answer.data>["rows"][number];
  const time = (iso: string) => format.dateTime(new Date(iso));
  const columns: DrillColumn<Row>[] = [
    { key: "time", header: t("time"), cell: (r) => time(r.startsAt) },
    { key: "status", header: t("status"), cell: (r) => t(`statuses.${r.status}`) },
    { key: "service", header: t("service"), cell: (r) => r.service },
    { key: "specialists", header: t("specialists"), cell: (r) => r.specialists },
    { key: "client", header: t("client"), cell: (r) => (r.hasClient ? <ClientLink id={r.clientId} name={r.clientName} /> : "—") },
    { key: "entry", header: t("entry"), cell: (r) => (r.hasClient ? t(r.hasEntry ? "entryMade" : "entryMissing") : "—") },
  ];
  return <DrillShell open title={title} answer={answer} columns={columns} onClose={onClose} />;
}

function ClientDrill({ input, title, onClose }: Props<R["clients"]["rows"]>) {
  const t = useTranslations("reports.clientDrill");
  const day = useDay();
  const answer = useQuery(useTRPC().reports.clients.rows.queryOptions(input));
  type Row = NonNullable<typeof answer.data>["rows"][number];
  const columns: DrillColumn<Row>[] = [
    { key: "client", header: t("client"), cell: (r) => <ClientLink id={r.clientId} name={r.clientName} /> },
    { key: "units", header: t("units"), cell: (r) => r.units },
    { key: "firstDecision", header: t("firstDecision"), cell: (r) => (r.firstDecision ? day(r.firstDecision) : "—") },
  ];
  return <DrillShell open title={title} answer={answer} columns={columns} onClose={onClose} />;
}
