import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditLog } from "@/components/admin/audit-log";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage() {
  if (!(await pageActor("audit", "read"))) return <NoAccess />;
  return <AuditLog />;
}
