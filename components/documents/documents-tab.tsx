"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { SelectField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { AssessmentPanel } from "./assessment-panel";
import { AttendanceForm } from "./attendance-form";
import { PlansSection } from "./plans-section";
import { MonthlyDocuments } from "./monthly-documents";
import { ScanCell } from "./scan-cell";
import { SummarySection } from "./summary-section";
import { useFormat } from "@/components/ui/use-format";

type File = { fileName: string; mime: string; base64: string; unchanged: boolean };

/** Saves a file the server sent as base64, as the browser's own download. */
function save(file: File) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

type DatasetForm = { decisionId: string; from: string; to: string; format: "pdf" | "xlsx" };

/**
 * The client's documents (#13): print the dataset of a decision, and the register of everything
 * generated for the client, each downloadable again (made anew from its stored parameters). The
 * server says which buttons the viewer gets (documents.actions, plans' own `actions`), by the
 * checks the mutations run.
 */
export function DocumentsTab({ clientId }: { clientId: string }) {
  const t = useTranslations("documents");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [emptyMonth, setEmptyMonth] = useState<string | null>(null);
  const list = useQuery(trpc.documents.list.queryOptions({ clientId }));
  const actions = useQuery(trpc.documents.actions.queryOptions({ clientId }));
  const canReadClinical = actions.data?.generate ?? false;
  const canWrite = actions.data?.writeClinical ?? false;
  const decisions = useQuery({ ...trpc.funding.decisions.list.queryOptions({ clientId }), enabled: canReadClinical });
  const currentId = (decisions.data?.find((d) => d.current) ?? decisions.data?.at(-1))?.id ?? "";
  const { register, handleSubmit, watch, control } = useForm<DatasetForm>({
    values: useMemo<DatasetForm>(() => ({ decisionId: currentId, from: "", to: "", format: "pdf" }), [currentId]),
    // The decisions arrive after the first render: what the person already typed stays.
    resetOptions: { keepDirtyValues: true },
  });

  const delivered = (file: File, message: string) => {
    setError(null);
    setEmptyMonth(null);
    setNotice(message);
    save(file);
    void queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey({ clientId }) });
  };
  const generate = useMutation(
    trpc.documents.generate.mutationOptions({
      onSuccess: (file) => delivered(file, t("generated", { file: file.fileName })),
      onError: (e, input) => {
        setNotice(null);
        setError(errorText(e));
        const key = (e as { data?: { app?: { messageKey?: string } | null } }).data?.app?.messageKey;
        setEmptyMonth(key === "errors.attendanceMonthEmpty" && input.type === "attendance" ? input.month : null);
      },
    }),
  );
  const download = useMutation(
    trpc.documents.download.mutationOptions({
      onSuccess: (file) =>
        delivered(file, file.unchanged ? t("downloaded", { file: file.fileName }) : t("downloadedChanged", { file: file.fileName })),
      onError: (e) => {
        setNotice(null);
        setError(errorText(e));
      },
    }),
  );

  const submit = handleSubmit((v) => {
    if (!v.decisionId) {
      setError({ message: t("decisionRequired"), fields: { decisionId: t("decisionRequired") } });
      return;
    }
    generate.mutate({
      type: "dataset",
      clientId,
      decisionId: v.decisionId,
      format: v.format,
      from: v.from || undefined,
      to: v.to || undefined,
    });
  });

  const rows = list.data ?? [];
  return (
    <>
      <div aria-live="polite">
        {error ? <Alert kind="error">{error.message}</Alert> : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
      </div>
      {canReadClinical ? (
        <form className="panel" onSubmit={submit} noValidate aria-labelledby="dataset-print">
          <h2 id="dataset-print" style={{ marginTop: 0 }}>
            {t("dataset.title")}
          </h2>
          {decisions.data && decisions.data.length === 0 ? <Alert kind="info">{t("dataset.noDecision")}</Alert> : null}
          <div className="grid-2">
            <SelectField label={t("dataset.decision")} error={error?.fields.decisionId} {...register("decisionId")}>
              {(decisions.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.fundingKind} {d.decisionNumber} ({d.startDate} – {d.endDate})
                </option>
              ))}
            </SelectField>
            <SelectField label={t("format")} {...register("format")}>
              <option value="pdf">PDF</option>
              <option value="xlsx">XLSX (Excel)</option>
            </SelectField>
            <Controller
              control={control}
              name="from"
              render={({ field }) => (
                <DateField
                  label={t("dataset.from")}
                  hint={t("dataset.periodHint")}
                  value={field.value}
                  onChange={field.onChange}
                  error={error?.fields.from}
                />
              )}
            />
            <Controller
              control={control}
              name="to"
              render={({ field }) => (
                <DateField label={t("dataset.to")} value={field.value} onChange={field.onChange} error={error?.fields.to} />
              )}
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={generate.isPending || !decisions.data?.length}>
              {t("dataset.print")}
            </button>
          </div>
        </form>
      ) : null}
      {canReadClinical && watch("decisionId") ? (
        <AssessmentPanel clientId={clientId} decisionId={watch("decisionId")} from={watch("from")} to={watch("to")} canWrite={canWrite} />
      ) : null}
      {canReadClinical ? (
        <AttendanceForm
          busy={generate.isPending}
          emptyMonth={emptyMonth}
          error={error?.fields.month}
          onPrint={(month, empty) => generate.mutate({ type: "attendance", format: "pdf", clientId, month, empty: empty || undefined })}
        />
      ) : null}
      {canReadClinical ? (
        <>
          <PlansSection
            clientId={clientId}
            canWrite={canWrite}
            onFile={(file) => delivered({ ...file, unchanged: true }, t("generated", { file: file.fileName }))}
          />
          <SummarySection
            clientId={clientId}
            canWrite={canWrite}
            onFile={(file) => delivered({ ...file, unchanged: true }, t("generated", { file: file.fileName }))}
          />
          <MonthlyDocuments
            clientId={clientId}
            busy={generate.isPending}
            error={error?.fields}
            onConfirmation={(month, withAttendance) =>
              generate.mutate({ type: "confirmation", format: "pdf", clientId, month, withAttendance: withAttendance || undefined })
            }
            onAnnex={(invoiceId) => generate.mutate({ type: "invoice_annex", format: "pdf", clientId, invoiceId })}
          />
        </>
      ) : null}
      {generate.isPending ? <p role="status">{t("working")}</p> : null}
      <h2>{t("register.title")}</h2>
      {list.isPending ? (
        <p>{tc("loading")}</p>
      ) : list.isError ? (
        <Alert kind="error">{errorText(list.error).message}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState>{t("register.empty")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("register.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("register.when")}</th>
                  <th scope="col">{t("register.type")}</th>
                  <th scope="col">{t("register.period")}</th>
                  <th scope="col">{t("register.who")}</th>
                  <th scope="col">{t("register.signed")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{format.dateTime(new Date(r.generatedAt))}</td>
                    <td>
                      {t(`types.${r.type}`)} ({r.format.toUpperCase()})
                    </td>
                    <td>{r.params.from && r.params.to ? `${r.params.from} – ${r.params.to}` : (r.params.month ?? "")}</td>
                    <td>{r.generatedBy ?? "—"}</td>
                    <td>
                      {r.type === "attendance" || r.type === "confirmation" ? (
                        <ScanCell
                          documentId={r.id}
                          signedScanAt={r.signedScanAt}
                          canUpload={actions.data?.uploadScan ?? false}
                          canOpen={canReadClinical}
                          onUploaded={() => {
                            setError(null);
                            setNotice(t("scan.uploaded"));
                            void queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey({ clientId }) });
                          }}
                          onError={(message) => {
                            setNotice(null);
                            setError({ message, fields: {} });
                          }}
                        />
                      ) : null}
                    </td>
                    <td>
                      {canReadClinical ? (
                        <button
                          type="button"
                          className="btn link"
                          disabled={download.isPending}
                          aria-label={t("register.downloadNamed", {
                            type: t(`types.${r.type}`),
                            when: format.dateTime(new Date(r.generatedAt)),
                          })}
                          onClick={() => download.mutate({ documentId: r.id })}
                        >
                          {t("register.download")}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </>
  );
}
