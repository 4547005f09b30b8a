import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RoomsAdmin } from "@/components/calendar/rooms-admin";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("scheduling.roomsAdmin"))("title") };
}

/** Whoever manages a unit manages its rooms. */
export default async function RoomsPage() {
  if (!(await pageActor("units", "manage"))) return <NoAccess />;
  return <RoomsAdmin />;
}
