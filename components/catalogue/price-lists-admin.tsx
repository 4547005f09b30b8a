"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm, type Control, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "@/lib/zod";
import {
  closePriceVersionInput,
  copyVersionForm,
  createVersionForm,
  type CloseVersionValues,
  type CopyVersionValues,
  type VersionValues,
} from "@/server/catalogue/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, FormError, FormActions } from "@/components/ui/editing";
import { SelectField, TextField } from "@/components/ui/field";
import { DateField as DateEntry } from "@/components/ui/entry-field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { addDays } from "@/lib/calendar-days";
import { todayInTallinn, validityOn } from "./format";
import { PriceVersionEditor } from "./price-version-editor";
import { usePeriodText } from "./use-period-text";

type Version = { id: string; validFrom: string; validTo: string | null; note: string; itemCount: number; entryCount: number };
type Notice = { kind: "success" | "error"; text: string };

/** The dialogs of the version list: a new version, a copy of one, closing one. */
type Editing = { mode: "create" } | { mode: "copy"; source: Version } | { mode: "close"; version: Version };

const VALIDITY_BADGE = { current: "badge ok", future: "badge warn", past: "badge" } as const;

function VersionDialog({
  editing,
  fundingSourceId,
  proposedStart,
  onDone,
  onCancel,
}: {
  editing: Editing;
  fundingSourceId: string;
  proposedStart: string;
  onDone: (message: string, openId: string | null) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("catalogue.priceLists");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [error, setError] = useState<ErrorText | null>(null);
  const onError = (e: unknown) => setError(errorText(e));
  const create = useMutation(trpc.catalogue.priceLists.create.mutationOptions({ onSuccess: (r) => onDone(t("created"), r.id), onError }));
  const copy = useMutation(trpc.catalogue.priceLists.copy.mutationOptions({ onSuccess: (r) => onDone(t("copied"), r.id), onError }));
  const close = useMutation(trpc.catalogue.priceLists.close.mutationOptions({ onSuccess: () => onDone(t("closed"), null), onError }));
  const busy = create.isPending || copy.isPending || close.isPending;
  const send =
    <T,>(mutate: (input: T) => void) =>
    (input: T) => {
      setError(null);
      mutate(input);
    };
  if (editing.mode === "close")
    return <CloseForm version={editing.version} serverError={error} busy={busy} onSubmit={send(close.mutate)} onCancel={onCancel} />;
  if (editing.mode === "copy")
    return (
      <PeriodForm
        schema={copyVersionForm}
        defaults={{
          sourceVersionId: editing.source.id,
          validFrom: proposedStart,
          validTo: "",
          note: "",
          closeSource: editing.source.validTo === null,
        }}
        serverError={error}
        busy={busy}
        onSubmit={send(copy.mutate)}
        onCancel={onCancel}
      />
    );
  return (
    <PeriodForm
      schema={createVersionForm}
      defaults={{ fundingSourceId, validFrom: proposedStart, validTo: "", note: "" }}
      serverError={error}
      busy={busy}
      onSubmit={send(create.mutate)}
      onCancel={onCancel}
    />
  );
}

type DialogForm<T> = { serverError: ErrorText | null; busy: boolean; onSubmit: (input: T) => void; onCancel: () => void };

/** The last day of a version, checked with closePriceVersionInput before sending. */
function CloseForm({ version, serverError, busy, onSubmit, onCancel }: DialogForm<CloseVersionValues> & { version: Version }) {
  const t = useTranslations("catalogue.priceLists");
  const resolver = useSchemaResolver(closePriceVersionInput);
  const {
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<CloseVersionValues, unknown, CloseVersionValues>({
    defaultValues: { id: version.id, validTo: version.validTo ?? "" },
    resolver,
  });
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <p>{t("closeHint")}</p>
      <DateField
        control={control}
        name="validTo"
        label={t("lastDay")}
        required
        autoFocus
        error={errors.validTo?.message ?? serverError?.fields.validTo}
      />
      <FormActions onCancel={onCancel} busy={busy} label={t("close")} />
    </form>
  );
}

/** A new version's period and note (from scratch or as a copy), checked with the procedure's schema before sending. */
function PeriodForm<V extends VersionValues | CopyVersionValues, Out>({
  schema,
  defaults,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: DialogForm<Out> & { schema: z.ZodType<Out, V>; defaults: V }) {
  const t = useTranslations("catalogue.priceLists");
  const resolver = useSchemaResolver(schema);
  const { register, control, handleSubmit, formState } = useForm<VersionValues & CopyVersionValues, unknown, Out>({
    defaultValues: defaults as VersionValues & CopyVersionValues,
    resolver: resolver as unknown as Resolver<VersionValues & CopyVersionValues, unknown, Out>,
  });
  const err = (f: "validFrom" | "validTo" | "note") => formState.errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      {"sourceVersionId" in defaults ? <p>{t("copyHint")}</p> : null}
      <div className="grid-2">
        <DateField control={control} name="validFrom" label={t("validFrom")} required autoFocus error={err("validFrom")} />
        <DateField control={control} name="validTo" label={t("validTo")} hint={t("validToHint")} error={err("validTo")} />
      </div>
      <TextField label={t("note")} maxLength={500} hint={t("noteHint")} error={err("note")} {...register("note")} />
      {"sourceVersionId" in defaults ? <CheckboxField label={t("closeSource")} {...register("closeSource")} /> : null}
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

/** A day as "yyyy-mm-dd" through Controller, so a picker can take the native input's place. */
function DateField<V extends FieldValues, O>({
  control,
  name,
  label,
  error,
  hint,
  required,
  autoFocus,
}: {
  control: Control<V, unknown, O>;
  name: Path<V>;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <DateEntry
          label={label}
          required={required}
          autoFocus={autoFocus}
          hint={hint}
          value={(field.value as string | undefined) ?? ""}
          onChange={field.onChange}
          error={error}
        />
      )}
    />
  );
}

export function PriceListsAdmin({ canManage }: { canManage: boolean }) {
  const t = useTranslations("catalogue.priceLists");
  const tCatalogue = useTranslations("catalogue");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const periodText = usePeriodText();
  const sources = useQuery(trpc.catalogue.fundingSources.list.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const sourceId = chosen ?? sources.data?.[0]?.id ?? null;
  const source = sources.data?.find((s) => s.id === sourceId);
  const versions = useQuery({
    ...trpc.catalogue.priceLists.versions.queryOptions({ fundingSourceId: sourceId ?? "" }),
    enabled: sourceId !== null,
  });
  const [openId, setOpenId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Version | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.catalogue.priceLists.pathKey() });
  const remove = useMutation(
    trpc.catalogue.priceLists.delete.mutationOptions({
      onSuccess: (_r, input) => {
        setDeleting(null);
        if (openId === input.id) setOpenId(null);
        setNotice({ kind: "success", text: t("deleted") });
        void refresh();
      },
      onError: (e) => {
        setDeleting(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );

  const today = todayInTallinn();
  const rows = (versions.data ?? []) as Version[];
  const latest = rows[0];
  // Propose the day after the newest version ends; an open-ended one must be closed first anyway.
  const proposedStart = latest?.validTo ? addDays(latest.validTo, 1) : "";
  const dialogTitle =
    editing?.mode === "copy"
      ? t("copyTitle", { period: periodText(editing.source.validFrom, editing.source.validTo) })
      : editing?.mode === "close"
        ? t("closeTitle", { period: periodText(editing.version.validFrom, editing.version.validTo) })
        : t("newVersion");

  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
      </div>
      <p className="catalogue-muted">{t("intro")}</p>
      {canManage ? null : <Alert kind="info">{tCatalogue("readOnly")}</Alert>}
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {sources.isPending ? (
        <p>{tc("loading")}</p>
      ) : (sources.data ?? []).length === 0 ? (
        <EmptyState>{t("noSources")}</EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <SelectField
              label={t("fundingSource")}
              name="fundingSource"
              value={sourceId ?? ""}
              onChange={(e) => {
                setChosen(e.target.value);
                setOpenId(null);
                setNotice(null);
              }}
            >
              {(sources.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.active ? s.name : `${s.name} (${tCatalogue("inactive")})`}
                </option>
              ))}
            </SelectField>
            {canManage && sourceId ? (
              <button
                type="button"
                className="btn"
                style={{ marginBottom: ".9rem" }}
                onClick={() => {
                  setNotice(null);
                  setEditing({ mode: "create" });
                }}
              >
                {t("addVersion")}
              </button>
            ) : null}
          </div>
          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading">{t("versionsOf", { name: source?.name ?? "" })}</h2>
            {versions.isPending ? (
              <p>{tc("loading")}</p>
            ) : versions.isError ? (
              <Alert kind="error">{errorText(versions.error).message}</Alert>
            ) : rows.length === 0 ? (
              <EmptyState>{t("empty")}</EmptyState>
            ) : (
              <ol className="catalogue-timeline">
                {rows.map((v) => {
                  const period = periodText(v.validFrom, v.validTo);
                  const validity = validityOn(today, v.validFrom, v.validTo);
                  return (
                    <li key={v.id} className={`catalogue-version ${validity}${openId === v.id ? " open" : ""}`}>
                      <div className="catalogue-version-head">
                        <strong>{period}</strong>
                        <span className={VALIDITY_BADGE[validity]}>{t(validity)}</span>
                        <span className="catalogue-muted">
                          {t("itemCount", { count: v.itemCount })} · {t("entryCount", { count: v.entryCount })}
                        </span>
                      </div>
                      {v.note ? <div className="catalogue-muted">{v.note}</div> : null}
                      <div className="catalogue-version-actions">
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("openNamed", { period })}
                          aria-expanded={openId === v.id}
                          onClick={() => {
                            setNotice(null);
                            setOpenId(v.id);
                          }}
                        >
                          {t("open")}
                        </button>
                        {canManage ? (
                          <>
                            <button
                              type="button"
                              className="btn link"
                              aria-label={t("copyNamed", { period })}
                              onClick={() => {
                                setNotice(null);
                                setEditing({ mode: "copy", source: v });
                              }}
                            >
                              {t("copy")}
                            </button>
                            {v.validTo === null ? (
                              <button
                                type="button"
                                className="btn link"
                                aria-label={t("closeNamed", { period })}
                                onClick={() => {
                                  setNotice(null);
                                  setEditing({ mode: "close", version: v });
                                }}
                              >
                                {t("close")}
                              </button>
                            ) : null}
                            {v.entryCount === 0 ? (
                              <button
                                type="button"
                                className="btn link"
                                aria-label={t("deleteNamed", { period })}
                                onClick={() => setDeleting(v)}
                              >
                                {tc("delete")}
                              </button>
                            ) : null}
                          </>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
          {openId ? (
            <PriceVersionEditor
              key={openId}
              versionId={openId}
              canManage={canManage}
              onClose={() => setOpenId(null)}
              onSaved={(text) => setNotice({ kind: "success", text })}
            />
          ) : null}
        </>
      )}
      <Dialog open={editing !== null} title={dialogTitle} onClose={() => setEditing(null)}>
        {editing && sourceId ? (
          <VersionDialog
            key={
              editing.mode === "copy" ? `copy:${editing.source.id}` : editing.mode === "close" ? `close:${editing.version.id}` : "create"
            }
            editing={editing}
            fundingSourceId={sourceId}
            proposedStart={editing.mode === "copy" ? "" : proposedStart}
            onCancel={() => setEditing(null)}
            onDone={(text, id) => {
              setEditing(null);
              setNotice({ kind: "success", text });
              if (id) setOpenId(id);
              void refresh();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={deleting ? t("deleteConfirm", { period: periodText(deleting.validFrom, deleting.validTo) }) : ""}
        confirmLabel={t("deleteVersion")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
