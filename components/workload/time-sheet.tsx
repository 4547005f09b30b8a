"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { LiveStatus } from "@/components/realtime/live-status";
import { useLiveRefresh } from "@/components/realtime/use-live-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { rememberInUrl, useMonthName } from "./format";
import { MonthPicker } from "./month-picker";
import { SheetDetails } from "./sheet-details";
import { SheetTable } from "./sheet-table";
import "./workload.css";
import { useFormat } from "@/components/ui/use-format";
import { useLocalName } from "@/components/ui/use-local-name";

/** Saves a file the server sent as base64, as the browser's own download. */
function download(file: { fileName: string; mimeType: string; base64: string }) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

type Pending = "approve" | "reopen" | null;

/**
 * Time accounting of a month for a unit subtree: hours of done client sessions by service and of
 * general work by type against the possible hours; each person opens to their entries; the
 * month is approved (locking it) or re-opened here, and the table goes out as XLSX or CSV.
 */
export function TimeSheet({ initialUnitId, initialMonth }: { initialUnitId: string | null; initialMonth: string }) {
  const t = useTranslations("workload");
  const localName = useLocalName();
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormat();
  const monthName = useMonthName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [unitId, setUnitId] = useState<string | null>(initialUnitId);
  const [month, setMonth] = useState(initialMonth);
  const [details, setDetails] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const units = useQuery(trpc.workload.sheet.units.queryOptions());
  const sheet = useQuery({ ...trpc.workload.sheet.get.queryOptions({ unitId, month }), placeholderData: keepPreviousData });
  // Done sessions, general work and approvals of the people in the table, as they happen.
  useLiveRefresh(sheet.data?.liveRooms ?? [], [trpc.workload.sheet.get.queryKey(), trpc.workload.sheet.details.queryKey()]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.workload.sheet.get.queryKey() });
  const onError = (e: unknown) => {
    setPending(null);
    setNotice({ kind: "error", text: errorText(e).message });
  };
  const approve = useMutation(
    trpc.workload.sheet.approve.mutationOptions({
      onSuccess: (r) => {
        setPending(null);
        setNotice({ kind: "success", text: t("approved", { count: r.locked }) });
        refresh();
      },
      onError,
    }),
  );
  const reopen = useMutation(
    trpc.workload.sheet.reopen.mutationOptions({
      onSuccess: (r) => {
        setPending(null);
        setNotice({ kind: "success", text: t("reopened", { count: r.released }) });
        refresh();
      },
      onError,
    }),
  );
  const counting = useMutation(
    trpc.workload.sheet.counted.mutationOptions({
      onSuccess: (r) => {
        const name = [...(data?.rows ?? []), ...(data?.notCounted ?? [])].find((p) => p.employeeId === r.employeeId)?.name ?? "";
        setDetails(null);
        setNotice({ kind: "success", text: r.counted ? t("personCounted", { name }) : t("personLeftOut", { name }) });
        refresh();
      },
      onError,
    }),
  );
  const exporter = useMutation(
    trpc.workload.sheet.export.mutationOptions({
      onSuccess: (file) => {
        download(file);
        setNotice({ kind: "success", text: t("exported", { file: file.fileName }) });
      },
      onError,
    }),
  );
  const choose = (next: { unitId?: string | null; month?: string }) => {
    setNotice(null);
    if (next.unitId !== undefined) setUnitId(next.unitId);
    if (next.month) setMonth(next.month);
    rememberInUrl({ unit: next.unitId !== undefined ? next.unitId : unitId, month: next.month ?? month });
  };
  const data = sheet.data;
  const unitName = data?.unit?.name ?? t("mySheet");
  const state = data?.approval;
  const status =
    !state || !data?.rows.length
      ? null
      : state.approved && !state.own
        ? t("statusApprovedPlain")
        : state.approved
          ? t("statusApproved", {
              when: state.own ? format.date(state.own.approvedAt) : "",
              by: state.own?.approvedBy ?? "",
            })
          : state.lockedCount > 0
            ? t("statusPartly", { locked: state.lockedCount, total: data.rows.length })
            : t("statusOpen");
  return (
    <>
      <h1>{t("sheetTitle")}</h1>
      <div className="workload-toolbar">
        {units.data && units.data.length > 0 ? (
          <label>
            {t("unit")}
            <select
              value={unitId ?? ""}
              onChange={(e) => choose({ unitId: e.target.value || null })}
              style={{ font: "inherit", padding: ".35rem" }}
            >
              <option value="">{t("everyoneInReach")}</option>
              {treeOrder(units.data).map((u) => (
                <option key={u.id} value={u.id}>
                  {indent(u.depth)}
                  {localName(u)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <MonthPicker value={month} onChange={(m) => choose({ month: m })} />
        <span className="spacer" />
        <LiveStatus />
        {data?.canApprove ? (
          <button type="button" className="btn" onClick={() => setPending("approve")}>
            {t("approve")}
          </button>
        ) : null}
        {data?.canReopen ? (
          <button type="button" className="btn secondary" onClick={() => setPending("reopen")}>
            {t("reopen")}
          </button>
        ) : null}
        {data && data.rows.length ? (
          <>
            <button
              type="button"
              className="btn secondary"
              disabled={exporter.isPending}
              onClick={() => exporter.mutate({ unitId, month, format: "xlsx", locale: locale === "en" ? "en" : "et" })}
            >
              {t("downloadXlsx")}
            </button>
            <button
              type="button"
              className="btn secondary"
              disabled={exporter.isPending}
              onClick={() => exporter.mutate({ unitId, month, format: "csv", locale: locale === "en" ? "en" : "et" })}
            >
              {t("downloadCsv")}
            </button>
          </>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {data?.whoApproves ? <p className="hint">{t("whoApproves", { roles: data.whoApproves.join(", ") || "—" })}</p> : null}
      {sheet.isError ? <Alert kind="error">{errorText(sheet.error).message}</Alert> : null}
      {sheet.isPending ? <p>{tc("loading")}</p> : null}
      {data ? (
        <section aria-labelledby="sheet-caption" aria-busy={sheet.isFetching}>
          <p id="sheet-caption">
            <strong>
              {unitName}, {monthName(month)}
            </strong>
            {status ? (
              <>
                {" "}
                · <span className={`badge ${state?.approved ? "ok" : ""}`}>{status}</span>
              </>
            ) : null}
          </p>
          {data.rows.length === 0 ? <EmptyState>{t("sheetEmpty")}</EmptyState> : <SheetTable sheet={data} onOpen={setDetails} />}
          {data.notCounted.length > 0 ? (
            <section aria-labelledby="left-out-title" className="sheet-left-out">
              <h2 id="left-out-title">{t("leftOutTitle")}</h2>
              <p className="hint">{t("leftOutHint")}</p>
              <ul>
                {data.notCounted.map((p) => (
                  <li key={p.employeeId}>
                    {p.name}{" "}
                    {data.canChangeCounted ? (
                      <button
                        type="button"
                        className="btn secondary"
                        disabled={counting.isPending}
                        aria-label={t("countPersonNamed", { name: p.name })}
                        onClick={() => counting.mutate({ employeeId: p.employeeId, counted: true })}
                      >
                        {t("countPerson")}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </section>
      ) : null}
      <SheetDetails
        employeeId={details}
        month={month}
        onClose={() => setDetails(null)}
        counting={
          details && data?.canChangeCounted
            ? {
                counted: data.rows.find((r) => r.employeeId === details)?.counted ?? true,
                onChange: (counted) => counting.mutate({ employeeId: details, counted }),
                busy: counting.isPending,
              }
            : null
        }
      />
      <ConfirmDialog
        open={pending === "approve"}
        title={t("approveTitle")}
        message={t("approveConfirm", { unit: unitName, month: monthName(month) })}
        confirmLabel={t("approve")}
        busy={approve.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => unitId && approve.mutate({ unitId, month })}
      />
      <ConfirmDialog
        open={pending === "reopen"}
        title={t("reopenTitle")}
        message={t("reopenConfirm", { unit: unitName, month: monthName(month) })}
        confirmLabel={t("reopen")}
        busy={reopen.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => unitId && reopen.mutate({ unitId, month })}
      />
    </>
  );
}
