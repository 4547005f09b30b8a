import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkloadPlan } from "@/components/workload/workload-plan";
import { can } from "@/server/policy/policy";
import { MONTH_PATTERN, monthOf } from "@/server/workload/possible-hours";
import { NoAccess, pageActor } from "../page-guard";
import { HydrateClient, prefetch } from "../prefetch";
import { isUuid } from "@/lib/schemas";
import { tallinnMonthRange } from "@/lib/tallinn-time";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workload"))("planTitle") };
}

/** ?employee=<id> opens a colleague's plan (if the scope reaches them); ?month=YYYY-MM another month. */
export default async function WorkloadPage({ searchParams }: { searchParams: Promise<{ employee?: string; month?: string }> }) {
  const actor = await pageActor("workload", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  const employeeId = params.employee && isUuid(params.employee) ? params.employee : actor.employeeId;
  const month = params.month && MONTH_PATTERN.test(params.month) ? params.month : monthOf();
  await prefetch((trpc, client) => [
    client.prefetchQuery(trpc.workload.people.queryOptions()),
    client.prefetchQuery(trpc.workload.plan.get.queryOptions({ employeeId, month })),
    client.prefetchQuery(trpc.workload.timeEntries.list.queryOptions({ employeeId, month })),
    ...(can(actor, "sessions", "read")
      ? [
          client.prefetchQuery(
            trpc.scheduling.sessions.list.queryOptions({
              ...tallinnMonthRange(month),
              specialistIds: [employeeId],
              includeCancelled: false,
            }),
          ),
        ]
      : []),
  ]);
  return (
    <HydrateClient>
      <WorkloadPlan
        initialEmployeeId={employeeId}
        initialMonth={month}
        me={{ id: actor.employeeId, name: `${actor.firstName} ${actor.lastName}` }}
        canBook={can(actor, "sessions", "book")}
        canSeeSessions={can(actor, "sessions", "read")}
      />
    </HydrateClient>
  );
}
