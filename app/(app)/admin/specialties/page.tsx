import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SpecialtiesAdmin } from "@/components/admin/specialties-admin";
import { NoAccess, pageActor } from "../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("specialties"))("title") };
}

export default async function SpecialtiesPage() {
  if (!(await pageActor("employees", "manage"))) return <NoAccess />;
  return <SpecialtiesAdmin />;
}
