import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InvoiceDetail } from "@/components/billing/invoice-detail";
import { can } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../../../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.invoices"))("title") };
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor("billing", "read");
  if (!actor) return <NoAccess />;
  const { id } = await params;
  return <InvoiceDetail id={id} canSend={can(actor, "billing", "send")} />;
}
