"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";

export type DrillColumn<R> = { key: string; header: string; numeric?: boolean; cell: (row: R) => ReactNode };

/** What a drill-down query answers: its rows, and how many there are beyond the shown ones. */
type Answer<R> = { isPending: boolean; isError: boolean; error: unknown; data?: { rows: R[]; total: number; hidden?: number } };

/**
 * The one dialog every drill-down opens in: loading, a worded refusal, the "first N of M" hint,
 * an empty state and the table. Each drill-down passes only its query and its columns.
 */
export function DrillShell<R extends { id: string }>({
  open,
  title,
  answer,
  columns,
  onClose,
}: {
  open: boolean;
  title: string;
  answer: Answer<R>;
  columns: DrillColumn<R>[];
  onClose: () => void;
}) {
  const t = useTranslations("reports");
  const errorText = useErrorText();
  const data = answer.data;
  return (
    <Dialog open={open} title={`${t("drillTitle")}: ${title}`} onClose={onClose}>
      {answer.isPending ? <p role="status">{t("loading")}</p> : null}
      {answer.isError ? <Alert kind="error">{errorText(answer.error).message}</Alert> : null}
      {data ? (
        <>
          {data.total > data.rows.length + (data.hidden ?? 0) ? (
            <p className="hint">{t("drillMore", { shown: data.rows.length, total: data.total })}</p>
          ) : null}
          {data.hidden ? <p className="hint">{t("drillHidden", { count: data.hidden })}</p> : null}
          {data.rows.length === 0 && !data.hidden ? (
            <EmptyState>{t("drillEmpty")}</EmptyState>
          ) : data.rows.length > 0 ? (
            <div className="report-table-wrap">
              <div className="table-frame">
                <table className="data">
                  <thead>
                    <tr>
                      {columns.map((c) => (
                        <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                          {c.header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((r) => (
                      <tr key={r.id}>
                        {columns.map((c) => (
                          <td key={c.key} className={c.numeric ? "num" : undefined}>
                            {c.cell(r)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("drillClose")}
        </button>
      </div>
    </Dialog>
  );
}
