import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/admin/settings-form";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const actor = await pageActor("settings", "read");
  if (!actor) return <NoAccess />;
  return <SettingsForm canManage={can(actor, "settings", "manage")} />;
}
