import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TimeSheet } from "@/components/workload/time-sheet";
import { scopeOf } from "@/server/policy/policy";
import { MONTH_PATTERN, monthOf } from "@/server/workload/possible-hours";
import { NoAccess, pageActor } from "../page-guard";
import { HydrateClient, prefetch } from "../prefetch";
import { isUuid } from "@/lib/schemas";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workload"))("sheetTitle") };
}

/**
 * ?unit=<id>&month=YYYY-MM. Without a unit, a manager starts with the unit they head (or belong
 * to); someone whose scope is their own sees only their own line.
 */
export default async function TimeAccountingPage({ searchParams }: { searchParams: Promise<{ unit?: string; month?: string }> }) {
  const actor = await pageActor("workload", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  const ownOnly = scopeOf(actor, "workload", "read") === "own";
  const fallback = ownOnly ? null : ([...actor.headedUnitIds][0] ?? [...actor.memberUnitIds][0] ?? null);
  const unitId = ownOnly ? null : params.unit && isUuid(params.unit) ? params.unit : fallback;
  const month = params.month && MONTH_PATTERN.test(params.month) ? params.month : monthOf();
  await prefetch((trpc, client) => [
    client.prefetchQuery(trpc.workload.sheet.units.queryOptions()),
    client.prefetchQuery(trpc.workload.sheet.get.queryOptions({ unitId, month })),
  ]);
  return (
    <HydrateClient>
      <TimeSheet initialUnitId={unitId} initialMonth={month} />
    </HydrateClient>
  );
}
