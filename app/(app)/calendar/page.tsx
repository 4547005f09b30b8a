import { DateTime } from "luxon";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FeedsPanel } from "@/components/calendar/feeds-panel";
import { MyCalendar } from "@/components/calendar/my-calendar";
import { validDate, ZONE } from "@/components/calendar/time";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../page-guard";
import { HydrateClient, prefetch } from "../prefetch";
import { isUuid } from "@/lib/schemas";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("scheduling"))("myTitle") };
}

/** The Monday-to-Monday week (Tallinn time) the calendar opens on: what it asks for first. */
function openingWeek(date: string | undefined) {
  const day = date ? DateTime.fromISO(date, { zone: ZONE }) : DateTime.now().setZone(ZONE);
  const from = day.startOf("week");
  return { from: from.toJSDate(), to: from.plus({ weeks: 1 }).toJSDate() };
}

/** ?date=YYYY-MM-DD opens that day; ?with=id,id shows those colleagues side by side. */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ date?: string; with?: string }> }) {
  const actor = await pageActor("sessions", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  const colleagues = (params.with ?? "").split(",").filter(isUuid).slice(0, 10);
  const canPickColleagues = can(actor, "employees", "read");
  const date = validDate(params.date);
  await prefetch((trpc, client) => [
    client.prefetchQuery(trpc.me.get.queryOptions()),
    ...(canPickColleagues ? [client.prefetchQuery(trpc.employees.list.queryOptions({}))] : []),
    client.prefetchQuery(trpc.scheduling.feeds.list.queryOptions()),
    client.prefetchQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true })),
    // The own week, as the wide calendar opens; other views (a phone's day, colleagues) ask themselves.
    ...(colleagues.length
      ? []
      : [
          client.prefetchQuery(
            trpc.scheduling.sessions.list.queryOptions({
              ...openingWeek(date),
              specialistIds: [actor.employeeId],
              includeCancelled: false,
            }),
          ),
        ]),
  ]);
  return (
    <HydrateClient>
      <MyCalendar initialDate={date} initialColleagues={colleagues} canPickColleagues={canPickColleagues} />
      <FeedsPanel employeeId={actor.employeeId} />
    </HydrateClient>
  );
}
