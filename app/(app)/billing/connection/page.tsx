import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConnectionForm } from "@/components/billing/connection-form";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.connection"))("title") };
}

export default async function ConnectionPage() {
  const actor = await pageActor("settings", "read");
  if (!actor) return <NoAccess />;
  return <ConnectionForm canManage={can(actor, "settings", "manage")} />;
}
