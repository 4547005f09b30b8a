"use client";
import { useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { OverdueInvoices } from "./overdue-invoices";
import { WaitingPayments } from "./waiting-payments";

// Rendered on the server as before, but its code (a form, and zod with its schemas: the largest
// chunk the billing page loads) runs in a task of its own once it arrives, not inside the one
// that starts the whole page (Lighthouse TBT counts every task's time beyond 50 ms).
const StatementImport = dynamic(() => import("./statement-import").then((m) => m.StatementImport));

/**
 * The billing page's receivables: statement import and the waiting payments for whoever handles
 * the money of the whole institution, the overdue list for everyone who reads billing.
 */
export function PaymentsPanel({ managesPayments }: { managesPayments: boolean }) {
  const t = useTranslations("payments");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = [
    trpc.payments.waiting.queryKey(),
    trpc.payments.overdue.queryKey(),
    trpc.payments.openInvoices.queryKey(),
    trpc.billing.invoices.list.queryKey(),
  ];
  useLiveRefresh(["billing"], keys);
  const refresh = () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return (
    <>
      <h2>{t("title")}</h2>
      {managesPayments ? <StatementImport onImported={refresh} /> : null}
      {managesPayments ? <WaitingPayments onChanged={refresh} /> : null}
      <OverdueInvoices />
    </>
  );
}
