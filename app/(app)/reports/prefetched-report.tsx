import { ReportPage, type ReportKind, type ReportPageFilters } from "@/components/reports/report-page";
import { HydrateClient, prefetch } from "../prefetch";

/** A report page with its figures and filter choices fetched before the first paint. */
export async function PrefetchedReport({ report, initial }: { report: ReportKind; initial: ReportPageFilters }) {
  await prefetch((trpc, client) => [
    // Every report has the same shape and the page sends the same filters (each report validates
    // its own), hence the casts, as in ReportPage; the key's path comes from `report` at run time.
    client.prefetchQuery((trpc.reports[report].get as typeof trpc.reports.income.get).queryOptions(initial as never)),
    client.prefetchQuery(trpc.reports.options.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <ReportPage report={report} initial={initial} />
    </HydrateClient>
  );
}
