import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TemplateEditor } from "@/components/documents/template-editor";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("documentTemplates"))("title") };
}

export default async function DocumentTemplatesPage() {
  const actor = await pageActor("settings", "read");
  if (!actor) return <NoAccess />;
  return <TemplateEditor canManage={can(actor, "settings", "manage")} />;
}
