import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { filtersFromSearch } from "@/components/reports/period";
import { PrefetchedReport } from "../prefetched-report";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("workPerEmployee.title") };
}

/** ?from&to&unit&funder&service&employee: the filters in the address, so the report can be shared. */
export default async function WorkPerEmployeePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await pageActor("reports", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  return <PrefetchedReport report="workPerEmployee" initial={{ ...filtersFromSearch(params), groupBy: "service" }} />;
}
