import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BillingMonth } from "@/components/billing/billing-month";
import { can, scopeOf } from "@/server/policy/policy";
import { NoAccess, pageActor } from "../page-guard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing"))("title") };
}

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const actor = await pageActor("billing", "read");
  if (!actor) return <NoAccess />;
  const { month } = await searchParams;
  return (
    <BillingMonth
      initialMonth={month && /^\d{4}-\d{2}$/.test(month) ? month : undefined}
      rights={{
        confirm: can(actor, "billing", "confirm"),
        reopen: can(actor, "billing", "reopen"),
        send: can(actor, "billing", "send"),
        payments: scopeOf(actor, "billing", "confirm") === "all",
      }}
    />
  );
}
