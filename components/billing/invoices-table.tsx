"use client";
import { ExportButtons } from "@/components/ui/export-buttons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { ListState } from "@/components/ui/editing";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { SortHeader, useSorted } from "@/components/ui/sort-header";
import { INVOICE_STATUSES } from "@/db/schema/enums";
import { listInput, StatusFilter, type BillingFilters } from "./billing-filters";
import type { BillingRights } from "./billing-month";
import { useLocalName } from "@/components/ui/use-local-name";
import { useEverTrue } from "@/components/ui/use-ever-true";

// Loaded on the first "record payment" (useEverTrue), not while the page loads (Lighthouse TBT).
const RecordPaymentDialog = dynamic(() => import("./payments/record-payment-dialog").then((m) => m.RecordPaymentDialog), {
  ssr: false,
});

type Invoice = RouterOutputs["billing"]["invoices"]["list"][number];
type Column = "number" | "period" | "date" | "funder" | "client" | "total" | "status";
const valueOf = (i: Invoice, key: Column): string | number | null =>
  key === "number"
    ? i.number
    : key === "period"
      ? i.month
      : key === "date"
        ? i.invoiceDate
        : key === "funder"
          ? i.funder
          : key === "client"
            ? i.clientName
            : key === "total"
              ? i.totalCents
              : i.status;

/** The month's invoices and credit notes: confirm (number), send as e-invoice, mark paid, download. */
export function InvoicesTable({
  month,
  filters,
  onStatus,
  rights,
}: {
  month: string;
  filters: BillingFilters;
  onStatus: (status: BillingFilters["invoiceStatus"]) => void;
  rights: BillingRights;
}) {
  const t = useTranslations("billing.invoices");
  const localName = useLocalName();
  const tp = useTranslations("payments.list");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [paying, setPaying] = useState<Invoice | null>(null);
  const paymentDialogUsed = useEverTrue(paying !== null);
  const [notice, setNotice] = useState<{ kind: "success" | "error" | "info"; text: string } | null>(null);
  const list = useQuery(trpc.billing.invoices.list.queryOptions(listInput(month, filters, filters.invoiceStatus)));
  const money = format.money;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.list.queryKey() });
  const fail = (e: unknown) => {
    setNotice({ kind: "error", text: errorText(e).message });
    void refresh();
  };
  const confirm = useMutation(
    trpc.billing.invoices.confirm.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        setNotice(null);
        void refresh();
      },
      onError: (e) => {
        setConfirming(null);
        fail(e);
      },
    }),
  );
  // Pressing "send" again after an error or a lost answer gets the first outcome, never a second
  // send; once an outcome is shown, the next press is a new attempt.
  const sendKey = useSubmissionKey();
  const sendAllKey = useSubmissionKey();
  const send = useMutation(
    trpc.billing.invoices.send.mutationOptions({
      onSuccess: (r) => {
        sendKey.done();
        setNotice(
          r.ok ? { kind: "success", text: t("sent") } : { kind: "error", text: t("sendFailed", { messages: r.messages.join("; ") }) },
        );
        void refresh();
      },
      onError: fail,
    }),
  );
  const sendAll = useMutation(
    trpc.billing.invoices.sendAll.mutationOptions({
      onSuccess: (r) => {
        sendAllKey.done();
        setNotice({ kind: "info", text: t("sendAllQueued", { count: r.queued }) });
        void refresh();
      },
      onError: fail,
    }),
  );
  const rows = list.data ?? [];
  const { sorted, sort, toggle } = useSorted<Invoice, Column>(rows, valueOf, { key: "number", dir: "asc" });
  const monthName = (m: string) => format.month(m.slice(0, 7));
  const day = (d: string | null) => (d ? format.date(d) : "—");
  const sendable = rows.some((i) => i.maySend && i.status === "confirmed" && (i.sendState === "idle" || i.sendState === "failed"));

  return (
    <section className="panel" aria-labelledby="invoices-heading">
      <div className="toolbar" style={{ justifyContent: "space-between" }}>
        <h2 id="invoices-heading" style={{ margin: 0 }}>
          {t("title")}
        </h2>
        <ExportButtons list="invoices" params={{ month }} />
        <StatusFilter
          label={t("statusFilter")}
          value={filters.invoiceStatus}
          statuses={INVOICE_STATUSES}
          text={(s) => t(`status.${s}`)}
          onChange={onStatus}
        />
        {rights.send ? (
          <button
            type="button"
            className="btn"
            disabled={!sendable || sendAll.isPending}
            onClick={() => sendAll.mutate({ month, idempotencyKey: sendAllKey.keyFor({ month }) })}
          >
            {t("sendAll")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <ListState
        query={list}
        count={rows.length}
        empty={filters.unitId || filters.fundingSourceId || filters.client || filters.invoiceStatus ? t("noMatches") : t("none")}
      >
        <div className="table-frame">
          <table className="data" aria-labelledby="invoices-heading">
            <thead>
              <tr>
                <SortHeader column="number" sort={sort} onSort={toggle}>
                  {t("colNumber")}
                </SortHeader>
                <SortHeader column="period" sort={sort} onSort={toggle}>
                  {t("colPeriod")}
                </SortHeader>
                <SortHeader column="date" sort={sort} onSort={toggle}>
                  {t("colDate")}
                </SortHeader>
                <SortHeader column="funder" sort={sort} onSort={toggle}>
                  {t("colFunder")}
                </SortHeader>
                <SortHeader column="client" sort={sort} onSort={toggle}>
                  {t("colClient")}
                </SortHeader>
                <SortHeader column="total" sort={sort} onSort={toggle} numeric>
                  {t("colTotal")}
                </SortHeader>
                <th scope="col" className="num">
                  {tp("colPaid")}
                </th>
                <th scope="col" className="num">
                  {tp("colOutstanding")}
                </th>
                <SortHeader column="status" sort={sort} onSort={toggle}>
                  {t("colStatus")}
                </SortHeader>
                <th scope="col">{t("colSending")}</th>
                <th scope="col">{t("lines")}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((i) => {
                const label = i.number ?? t("draftNumber");
                return (
                  <tr key={i.id}>
                    <td>
                      <Link href={`/billing/invoices/${i.id}`}>{label}</Link>
                      {i.type === "CRE" ? (
                        <>
                          {" "}
                          <span className="badge warn">{t("creditNote")}</span>{" "}
                          {i.creditedNumber ? t("credits", { number: i.creditedNumber }) : null}
                        </>
                      ) : null}
                    </td>
                    <td>{monthName(i.month)}</td>
                    <td>{day(i.invoiceDate)}</td>
                    <td>{localName({ name: i.funder, nameEn: i.funderEn })}</td>
                    <td>{i.clientName ?? "—"}</td>
                    <td className="num">{money(i.totalCents)}</td>
                    <td className="num">{i.paidCents === null ? "—" : money(i.paidCents)}</td>
                    <td className="num">{i.outstandingCents === null ? "—" : money(i.outstandingCents)}</td>
                    <td>
                      <span className={`badge ${i.status === "sent" || i.status === "paid" ? "ok" : ""}`}>{t(`status.${i.status}`)}</span>
                    </td>
                    <td>
                      <span
                        role="status"
                        className={`badge ${i.sendState === "failed" ? "danger" : i.sendState === "delivered" ? "ok" : ""}`}
                      >
                        {t(`sendState.${i.sendState}`)}
                      </span>
                      {i.sendState === "failed" && i.lastSendMessages?.length ? (
                        <div className="hint">{i.lastSendMessages.join("; ")}</div>
                      ) : null}
                    </td>
                    <td>
                      <div className="toolbar" style={{ marginBottom: 0, gap: ".25rem" }}>
                        {/* Per invoice, from the server: a unit-scope biller may confirm a client's own invoice, not the funder's. */}
                        {rights.confirm && i.mayConfirm && i.status === "draft" ? (
                          <button
                            type="button"
                            className="btn secondary"
                            aria-label={`${t("confirm")}: ${i.funder}`}
                            onClick={() => setConfirming(i)}
                          >
                            {t("confirm")}
                          </button>
                        ) : null}
                        {rights.send && i.maySend && i.status === "confirmed" && i.sendState !== "sending" ? (
                          <button
                            type="button"
                            className="btn secondary"
                            aria-label={`${t("send")}: ${label}`}
                            disabled={send.isPending}
                            onClick={() => send.mutate({ id: i.id, idempotencyKey: sendKey.keyFor({ id: i.id }) })}
                          >
                            {t("send")}
                          </button>
                        ) : null}
                        {rights.confirm &&
                        i.mayConfirm &&
                        (i.status === "sent" || i.status === "confirmed") &&
                        i.type === "DEB" &&
                        (i.outstandingCents ?? 0) > 0 ? (
                          <button type="button" className="btn link" aria-label={`${t("markPaid")}: ${label}`} onClick={() => setPaying(i)}>
                            {t("markPaid")}
                          </button>
                        ) : null}
                        {i.number ? (
                          <a className="btn link" href={`/api/invoices/${i.id}/pdf`} download>
                            {t("pdf")}
                            <span className="visually-hidden"> {label}</span>
                          </a>
                        ) : null}
                        {i.number ? (
                          <a className="btn link" href={`/api/invoices/${i.id}/xml`} download>
                            {t("xml")}
                            <span className="visually-hidden"> {label}</span>
                          </a>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </ListState>
      {paymentDialogUsed ? (
        <RecordPaymentDialog
          invoiceId={paying?.id ?? ""}
          outstandingCents={paying?.outstandingCents ?? 0}
          open={paying !== null}
          onClose={() => setPaying(null)}
          onSaved={() => {
            setPaying(null);
            void refresh();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={t("confirmTitle")}
        message={t("confirmMessage")}
        confirmLabel={t("confirm")}
        busy={confirm.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && confirm.mutate({ id: confirming.id })}
      />
    </section>
  );
}
