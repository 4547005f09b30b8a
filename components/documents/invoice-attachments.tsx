"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";

/**
 * The documents attached to an invoice (#13 item 4): the EHT summary assessments whose case
 * manager attached them to it. Nothing is shown when none is.
 */
export function InvoiceAttachments({ invoiceId }: { invoiceId: string }) {
  const t = useTranslations("plans.invoiceAttachments");
  const trpc = useTRPC();
  const attached = useQuery(trpc.plans.summary.forInvoice.queryOptions({ invoiceId }));
  const rows = attached.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="attachments-heading">
      <h2 id="attachments-heading" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <ul>
        {rows.map((r) => (
          <li key={r.decisionId}>
            <Link href={`/clients/${r.clientId}?tab=documents`}>{t("summary", { client: r.clientName, decision: r.decisionNumber })}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
