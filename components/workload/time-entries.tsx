"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { tallinnDate } from "@/lib/tallinn-time";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useHours } from "./format";
import type { EntryDraft } from "./time-entry-dialog";
import { useFormat } from "@/components/ui/use-format";
import { useLocalName } from "@/components/ui/use-local-name";
import { useEverTrue } from "@/components/ui/use-ever-true";

// The dialog's code (forms, schemas, pickers) loads on the first click that opens it (useEverTrue),
// not with the page: as in the calendar (scheduler.tsx).
const TimeEntryDialog = dynamic(() => import("./time-entry-dialog").then((m) => m.TimeEntryDialog), { ssr: false });

type Entry = { id: string; workDate: string; workTypeId: string; typeName: string; typeNameEn: string; hours: number; note: string };

/** General work of the month: listed, added, corrected and removed (asked first) until the month is approved. */
export function TimeEntries({
  employeeId,
  month,
  canLog,
  locked,
}: {
  employeeId: string;
  month: string;
  canLog: boolean;
  locked: boolean;
}) {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const format = useFormat();
  const localName = useLocalName();
  const typeOf = (e: Entry) => localName({ name: e.typeName, nameEn: e.typeNameEn });
  const hours = useHours();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<EntryDraft | null>(null);
  const [deleting, setDeleting] = useState<Entry | null>(null);
  const entryDialogUsed = useEverTrue(draft !== null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const entries = useQuery(trpc.workload.timeEntries.list.queryOptions({ employeeId, month }));
  const types = useQuery({ ...trpc.workload.workTypes.forPerson.queryOptions({ employeeId }), enabled: canLog && !locked });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workload.timeEntries.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.workload.plan.get.queryKey() });
  };
  const remove = useMutation(
    trpc.workload.timeEntries.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        setNotice({ kind: "success", text: t("entryDeleted") });
        refresh();
      },
      onError: (e) => {
        setDeleting(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const editable = canLog && !locked;
  const today = tallinnDate(new Date());
  const newDraft = (): EntryDraft => ({
    id: null,
    workDate: today.startsWith(month) ? today : `${month}-01`,
    workTypeId: "",
    hours: "",
    note: "",
  });
  const rows = (entries.data ?? []) as Entry[];
  const day = (d: string) => format.weekdayDay(d);
  return (
    <section className="workload-section" aria-labelledby="general-work">
      <div className="toolbar">
        <h2 id="general-work" style={{ margin: 0, flex: 1 }}>
          {t("generalWork")}
        </h2>
        {editable ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setNotice(null);
              setDraft(newDraft());
            }}
          >
            {t("addEntry")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {entries.isError ? <Alert kind="error">{errorText(entries.error).message}</Alert> : null}
      {entries.isPending ? (
        <p>{tc("loading")}</p>
      ) : rows.length === 0 ? (
        <EmptyState>{editable && types.data?.length === 0 ? t("noTypesYet") : t("noEntries")}</EmptyState>
      ) : (
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("date")}</th>
                <th scope="col">{t("workType")}</th>
                <th scope="col" className="num">
                  {t("hours")}
                </th>
                <th scope="col">{t("note")}</th>
                {editable ? (
                  <th scope="col">
                    <span className="visually-hidden">{t("actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>{day(e.workDate)}</td>
                  <td>{typeOf(e)}</td>
                  <td className="num">{hours(e.hours)}</td>
                  <td>{e.note}</td>
                  {editable ? (
                    <td>
                      <button
                        type="button"
                        className="btn link"
                        aria-label={t("editEntry", { date: day(e.workDate), type: typeOf(e) })}
                        onClick={() => {
                          setNotice(null);
                          setDraft({ id: e.id, workDate: e.workDate, workTypeId: e.workTypeId, hours: String(e.hours), note: e.note });
                        }}
                      >
                        {tc("edit")}
                      </button>
                      <button
                        type="button"
                        className="btn link"
                        aria-label={t("deleteEntry", { date: day(e.workDate), type: typeOf(e) })}
                        onClick={() => setDeleting(e)}
                      >
                        {tc("delete")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("totals")}
                </th>
                <td className="num">{hours(rows.reduce((a, e) => a + e.hours, 0))}</td>
                <td colSpan={editable ? 2 : 1} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {entryDialogUsed ? (
        <TimeEntryDialog
          draft={draft}
          employeeId={employeeId}
          types={types.data ?? []}
          onClose={() => setDraft(null)}
          onSaved={(text) => {
            setDraft(null);
            setNotice({ kind: "success", text });
            refresh();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteEntryTitle")}
        message={
          deleting ? t("deleteEntryConfirm", { date: day(deleting.workDate), type: typeOf(deleting), hours: hours(deleting.hours) }) : ""
        }
        confirmLabel={t("deleteEntryButton")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </section>
  );
}
