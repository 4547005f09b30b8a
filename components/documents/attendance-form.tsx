"use client";
import { useTranslations } from "next-intl";
import { tallinnToday } from "@/lib/tallinn-time";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { MonthField } from "@/components/ui/entry-field";

const thisMonth = () => tallinnToday().slice(0, 7);

/**
 * Prints the month's attendance sheet. A month without sessions is answered by the server with a
 * note; the person may then print an empty sheet to fill in by hand.
 */
export function AttendanceForm({
  busy,
  emptyMonth,
  error,
  onPrint,
}: {
  busy: boolean;
  /** The month the server found empty, when it did. */
  emptyMonth: string | null;
  error: string | undefined;
  onPrint: (month: string, empty: boolean) => void;
}) {
  const t = useTranslations("documents.attendance");
  const [month, setMonth] = useState(thisMonth);
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!month) {
      setMissing(true);
      return;
    }
    setMissing(false);
    onPrint(month, false);
  };
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="attendance-print">
      <h2 id="attendance-print" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <MonthField label={t("month")} name="month" value={month} onChange={setMonth} error={missing ? t("monthRequired") : error} />
      {emptyMonth && emptyMonth === month ? (
        <Alert kind="info">
          {t("emptyOffer")}{" "}
          <button type="button" className="btn secondary" disabled={busy} onClick={() => onPrint(month, true)}>
            {t("printEmpty")}
          </button>
        </Alert>
      ) : null}
      <div className="actions">
        <button type="submit" className="btn" disabled={busy}>
          {t("print")}
        </button>
      </div>
    </form>
  );
}
