import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkTypesAdmin } from "@/components/workload/work-types-admin";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workload"))("typesTitle") };
}

export default async function WorkTypesPage() {
  const actor = await pageActor("workload", "manage");
  if (!actor) return <NoAccess />;
  return <WorkTypesAdmin />;
}
