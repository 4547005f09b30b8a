import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FeedsPanel } from "@/components/calendar/feeds-panel";
import { MyCalendar } from "@/components/calendar/my-calendar";
import { validDate } from "@/components/calendar/time";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../page-guard";
import { isUuid } from "@/lib/schemas";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("scheduling"))("myTitle") };
}

/** ?date=YYYY-MM-DD opens that day; ?with=id,id shows those colleagues side by side. */
export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ date?: string; with?: string }> }) {
  const actor = await pageActor("sessions", "read");
  if (!actor) return <NoAccess />;
  const params = await searchParams;
  const colleagues = (params.with ?? "").split(",").filter(isUuid).slice(0, 10);
  return (
    <>
      <MyCalendar initialDate={validDate(params.date)} initialColleagues={colleagues} canPickColleagues={can(actor, "employees", "read")} />
      <FeedsPanel employeeId={actor.employeeId} />
    </>
  );
}
