"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { InvoiceAttachments } from "@/components/documents/invoice-attachments";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { InvoiceSend } from "./invoice-send";
import { InvoicePayments } from "./payments/invoice-payments";
import { useFormat } from "@/components/ui/use-format";

/** One invoice: its lines as they will be billed, its totals and the history of sending it. */
export function InvoiceDetail({ id, canSend = false }: { id: string; canSend?: boolean }) {
  const t = useTranslations("billing.invoices");
  const ts = useTranslations("invoiceSending");
  const tb = useTranslations("billing");
  const te = useTranslations("einvoiceFormat");
  const format = useFormat();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const query = useQuery(trpc.billing.invoices.get.queryOptions({ id }));
  useLiveRefresh(["billing"], [trpc.billing.invoices.get.queryKey()]);
  const money = useFormat().money;
  if (query.error) return <Alert kind="error">{errorText(query.error).message}</Alert>;
  if (!query.data) return <p>…</p>;
  const { invoice, lines, log } = query.data;
  const title = `${invoice.type === "CRE" ? t("creditNote") : t("invoice")} ${invoice.number ?? t("draftNumber")}`;
  return (
    <>
      <p>
        <Link href={`/billing?month=${invoice.month.slice(0, 7)}`}>← {t("back")}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        {invoice.funder} · <span className="badge">{t(`status.${invoice.status}`)}</span>{" "}
        <span className="badge">{t(`sendState.${invoice.sendState}`)}</span>
      </p>
      {invoice.invoiceDate ? (
        <p>{t("dates", { date: invoice.invoiceDate, due: invoice.dueDate ?? "", reference: invoice.referenceNumber ?? "" })}</p>
      ) : null}
      {invoice.number ? (
        <p className="toolbar">
          <a className="btn secondary" href={`/api/invoices/${invoice.id}/pdf`} download>
            {t("pdf")}
          </a>
          <a className="btn secondary" href={`/api/invoices/${invoice.id}/xml`} download>
            {t("xml")}
          </a>
          <a className="btn secondary" href={`/api/invoices/${invoice.id}/ubl`} download>
            {te("download")}
          </a>
        </p>
      ) : null}
      {invoice.number ? (
        <InvoiceSend
          id={invoice.id}
          channel={invoice.sendChannel}
          status={invoice.status}
          sendState={invoice.sendState}
          sentAt={invoice.sentAt}
          canSend={canSend && invoice.maySend}
        />
      ) : null}
      <section className="panel" aria-labelledby="lines-heading">
        <h2 id="lines-heading" style={{ marginTop: 0 }}>
          {t("lines")}
        </h2>
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("colClient")}</th>
                <th scope="col">{t("colDecision")}</th>
                <th scope="col">{t("colService")}</th>
                <th scope="col" className="num">
                  {t("colQuantity")}
                </th>
                <th scope="col" className="num">
                  {t("colPrice")}
                </th>
                <th scope="col" className="num">
                  {t("colNet")}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.clientName}</td>
                  <td>{l.decisionNumber}</td>
                  <td>
                    {l.serviceCode} {l.serviceName}
                  </td>
                  <td className="num">
                    {format.number(l.quantity)} {tb(`units.${l.unit}`)}
                  </td>
                  <td className="num">{money(l.unitPriceCents)}</td>
                  <td className="num">{money(l.netCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={5}>
                  {t("net")}
                </th>
                <td className="num">{money(invoice.netCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={5}>
                  {t("vat")}
                </th>
                <td className="num">{money(invoice.vatCents)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={5}>
                  {t("total")}
                </th>
                <td className="num">
                  <strong>{money(invoice.totalCents)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <InvoiceAttachments invoiceId={invoice.id} />
      {invoice.number && invoice.type === "DEB" ? <InvoicePayments invoiceId={invoice.id} /> : null}
      <section className="panel" aria-labelledby="log-heading">
        <h2 id="log-heading" style={{ marginTop: 0 }}>
          {t("log")}
        </h2>
        {log.length === 0 ? (
          <p>{t("noLog")}</p>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("colWhen")}</th>
                  <th scope="col">{ts("colChannel")}</th>
                  <th scope="col">{t("colRequest")}</th>
                  <th scope="col">{t("colResult")}</th>
                </tr>
              </thead>
              <tbody>
                {log.map((entry) => (
                  <tr key={entry.id}>
                    <td>{format.dateTime(entry.createdAt)}</td>
                    <td>{ts(`channels.${entry.channel}`)}</td>
                    <td>
                      <code>
                        {entry.method} {entry.path}
                      </code>
                    </td>
                    <td>
                      {entry.httpStatus ?? "—"} {entry.responseCode !== null ? `· ${entry.responseCode}` : ""} {entry.error ?? ""}{" "}
                      {entry.messages.join("; ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
