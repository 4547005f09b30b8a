import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RoomCalendar } from "@/components/calendar/room-calendar";
import { validDate } from "@/components/calendar/time";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("scheduling"))("roomsTitle") };
}

/** ?date=YYYY-MM-DD opens that day. */
export default async function RoomCalendarPage({ searchParams }: { searchParams: Promise<{ date?: string }> }) {
  const actor = await pageActor("sessions", "read");
  if (!actor) return <NoAccess />;
  const { date } = await searchParams;
  return <RoomCalendar initialDate={validDate(date)} canManageRooms={can(actor, "units", "manage")} />;
}
