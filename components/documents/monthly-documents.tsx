"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { CheckboxField } from "@/components/ui/editing";
import { SelectField } from "@/components/ui/field";
import { MonthField } from "@/components/ui/entry-field";
import { tallinnToday } from "@/lib/tallinn-time";

const lastMonth = () => {
  const today = tallinnToday();
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/**
 * The month's papers besides the attendance sheet (#13): the client's confirmation of services
 * received (alone or with the attendance sheet in the same PDF), and the annex of an invoice that
 * holds the client's services.
 */
export function MonthlyDocuments({
  clientId,
  busy,
  error,
  onConfirmation,
  onAnnex,
}: {
  clientId: string;
  busy: boolean;
  error: Record<string, string> | undefined;
  onConfirmation: (month: string, withAttendance: boolean) => void;
  onAnnex: (invoiceId: string) => void;
}) {
  const t = useTranslations("documentTemplates.monthly");
  const trpc = useTRPC();
  const invoices = useQuery(trpc.documents.annexInvoices.queryOptions({ clientId }));
  const [month, setMonth] = useState(lastMonth);
  const [withAttendance, setWithAttendance] = useState(false);
  const [invoiceId, setInvoiceId] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  const chosenInvoice = invoiceId || invoices.data?.[0]?.id || "";

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (!month) return setMissing("month");
    setMissing(null);
    onConfirmation(month, withAttendance);
  };
  const annex = (e: FormEvent) => {
    e.preventDefault();
    if (!chosenInvoice) return setMissing("invoiceId");
    setMissing(null);
    onAnnex(chosenInvoice);
  };
  return (
    <div className="grid-2">
      <form className="panel" onSubmit={confirm} noValidate aria-labelledby="confirmation-print">
        <h2 id="confirmation-print" style={{ marginTop: 0 }}>
          {t("confirmationTitle")}
        </h2>
        <MonthField
          label={t("month")}
          name="confirmationMonth"
          value={month}
          onChange={setMonth}
          error={missing === "month" ? t("monthRequired") : error?.month}
        />
        <CheckboxField label={t("withAttendance")} checked={withAttendance} onChange={(e) => setWithAttendance(e.target.checked)} />
        <div className="actions">
          <button type="submit" className="btn" disabled={busy}>
            {t("printConfirmation")}
          </button>
        </div>
      </form>
      <form className="panel" onSubmit={annex} noValidate aria-labelledby="annex-print">
        <h2 id="annex-print" style={{ marginTop: 0 }}>
          {t("annexTitle")}
        </h2>
        {invoices.data && invoices.data.length === 0 ? (
          <Alert kind="info">{t("noInvoices")}</Alert>
        ) : (
          <SelectField
            label={t("invoice")}
            name="invoiceId"
            value={chosenInvoice}
            onChange={(e) => setInvoiceId(e.target.value)}
            error={missing === "invoiceId" ? t("invoiceRequired") : error?.invoiceId}
          >
            {(invoices.data ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.number ?? t("draft")} · {i.month.slice(0, 7)}
                {i.type === "CRE" ? ` · ${t("creditNote")}` : ""}
              </option>
            ))}
          </SelectField>
        )}
        <div className="actions">
          <button type="submit" className="btn" disabled={busy || !invoices.data?.length}>
            {t("printAnnex")}
          </button>
        </div>
      </form>
    </div>
  );
}
