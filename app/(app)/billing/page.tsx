import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BillingMonth } from "@/components/billing/billing-month";
import { filtersFromUrl, listInput } from "@/components/billing/filter-params";
import { mayHandlePayments } from "@/server/billing/payments/settle";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../page-guard";
import { HydrateClient, prefetch } from "../prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing"))("title") };
}

/** The month before the current one: what an accountant confirms at the start of a month. */
function previousMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export default async function BillingPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await pageActor("billing", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  const asked = params.month;
  const filters = filtersFromUrl({ get: (name) => params[name] ?? null });
  // The page picks the month, so the browser opens on exactly the month prefetched here.
  const month = asked && /^\d{4}-\d{2}$/.test(asked) ? asked : previousMonth();
  // Statement import and the waiting payments: what requirePaymentsAccess lets through.
  const payments = mayHandlePayments(actor, "confirm");
  await prefetch((trpc, client) => [
    client.prefetchQuery(trpc.billing.months.list.queryOptions(listInput(month, filters, filters.reportStatus))),
    client.prefetchQuery(trpc.billing.invoices.list.queryOptions(listInput(month, filters, filters.invoiceStatus))),
    client.prefetchQuery(trpc.payments.overdue.queryOptions()),
    // The filter bar's choices: fetched in the browser, they widened its selects a second after the
    // first paint and on a phone pushed everything under them down (Lighthouse CLS 0.09 mobile).
    client.prefetchQuery(trpc.billing.months.filterOptions.queryOptions()),
    ...(payments
      ? [client.prefetchQuery(trpc.payments.waiting.queryOptions()), client.prefetchQuery(trpc.payments.statements.list.queryOptions())]
      : []),
  ]);
  return (
    <HydrateClient>
      <BillingMonth
        initialMonth={month}
        rights={{
          confirm: can(actor, "billing", "confirm"),
          reopen: can(actor, "billing", "reopen"),
          send: can(actor, "billing", "send"),
          payments,
        }}
      />
    </HydrateClient>
  );
}
