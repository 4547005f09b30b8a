import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkloadDashboard } from "@/components/workload/dashboard";
import { NoAccess, pageActor } from "../page-guard";
import { HydrateClient, prefetch } from "../prefetch";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workload"))("dashboardTitle") };
}

export default async function DashboardPage() {
  if (!(await pageActor("workload", "read"))) return <NoAccess />;
  await prefetch((trpc, client) => [client.prefetchQuery(trpc.workload.dashboard.queryOptions())]);
  return (
    <HydrateClient>
      <WorkloadDashboard />
    </HydrateClient>
  );
}
