"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useFormat } from "@/components/ui/use-format";
import { tallinnToday } from "@/lib/tallinn-time";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { VAT_RATE_KINDS, vatRateForm, type VatRateForm, type VatRateKind } from "@/lib/vat-rates";
import { useTRPC } from "@/components/trpc/client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { SelectField, TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { usePeriodText } from "./use-period-text";

type Row = { id: string; kind: VatRateKind; rate: string; validFrom: string; validTo: string | null; note: string };
type Values = VatRateForm;

function VatRateForm({
  initial,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Values;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: Values) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("vatRates");
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ defaultValues: initial, resolver: zodResolver(vatRateForm) });
  const err = (f: keyof Values) => serverError?.fields[f] ?? errors[f]?.message;
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <div className="grid-2">
        <SelectField label={t("kind")} error={err("kind")} autoFocus {...register("kind")}>
          {VAT_RATE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("rate")} inputMode="decimal" autoComplete="off" error={err("rate")} {...register("rate")} />
        <Controller
          control={control}
          name="validFrom"
          render={({ field }) => (
            <DateField label={t("validFrom")} required error={err("validFrom")} value={field.value ?? ""} onChange={field.onChange} />
          )}
        />
        <Controller
          control={control}
          name="validTo"
          render={({ field }) => (
            <DateField
              label={t("validTo")}
              hint={t("openEnded")}
              error={err("validTo")}
              value={field.value ?? ""}
              onChange={field.onChange}
            />
          )}
        />
      </div>
      <TextField label={t("note")} maxLength={200} autoComplete="off" error={err("note")} {...register("note")} />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

/** Haldus: the dated VAT rates; overlaps of one kind are refused with the clashing rate named. */
export function VatRatesAdmin({ canManage }: { canManage: boolean }) {
  const t = useTranslations("vatRates");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const periodText = usePeriodText();
  const list = useQuery(trpc.vatRates.list.queryOptions());
  const editor = useEditor<{ id: string | null; values: Values }>();
  const [deleting, setDeleting] = useState<Row | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.vatRates.list.queryKey() });
  const save = useMutation(
    trpc.vatRates.save.mutationOptions({
      onSuccess: () => {
        editor.saved(t("saved"));
        void refresh();
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const remove = useMutation(
    trpc.vatRates.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        editor.setNotice({ kind: "success", text: t("deleted") });
        void refresh();
      },
      onError: (e) => {
        setDeleting(null);
        editor.setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const submit = (v: Values) => save.mutate({ ...v, id: editor.editing?.id ?? null, validTo: v.validTo || null });
  const today = tallinnToday();
  const rows = (list.data ?? []) as Row[];
  const percent = (r: Row) => `${Number(r.rate)} %`;

  return (
    <>
      <ListHeader
        title={t("title")}
        notice={editor.notice}
        action={
          canManage ? (
            <button
              type="button"
              className="btn"
              onClick={() =>
                editor.open({ id: null, values: { id: null, kind: "standard", rate: "", validFrom: "", validTo: "", note: "" } })
              }
            >
              {t("add")}
            </button>
          ) : null
        }
      />
      <p className="catalogue-muted">{t("intro")}</p>
      <ListState query={list} count={rows.length} empty={t("empty")}>
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("kind")}</th>
                  <th scope="col">{t("rate")}</th>
                  <th scope="col">{t("validFrom")}</th>
                  <th scope="col">{t("note")}</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">{t("edit")}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{t(`kinds.${r.kind}`)}</th>
                    <td>
                      {percent(r)}{" "}
                      {r.validFrom <= today && (r.validTo === null || today <= r.validTo) ? (
                        <span className="badge ok">{t("current")}</span>
                      ) : null}
                    </td>
                    <td>{periodText(r.validFrom, r.validTo)}</td>
                    <td>{r.note}</td>
                    {canManage ? (
                      <td style={{ whiteSpace: "nowrap" }}>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={`${t("edit")}: ${t(`kinds.${r.kind}`)} ${percent(r)}, ${periodText(r.validFrom, r.validTo)}`}
                          onClick={() =>
                            editor.open({
                              id: r.id,
                              values: {
                                id: r.id,
                                kind: r.kind,
                                rate: String(Number(r.rate)),
                                validFrom: r.validFrom,
                                validTo: r.validTo ?? "",
                                note: r.note,
                              },
                            })
                          }
                        >
                          {t("edit")}
                        </button>{" "}
                        <button
                          type="button"
                          className="btn link danger"
                          aria-label={`${t("delete")}: ${t(`kinds.${r.kind}`)} ${percent(r)}, ${periodText(r.validFrom, r.validTo)}`}
                          onClick={() => setDeleting(r)}
                        >
                          {t("delete")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </ListState>
      <Dialog open={editor.editing !== null} title={editor.editing?.id ? t("editTitle") : t("addTitle")} onClose={editor.close}>
        {editor.editing ? (
          <VatRateForm
            key={editor.editing.id ?? "new"}
            initial={editor.editing.values}
            serverError={editor.formError}
            busy={save.isPending}
            onSubmit={submit}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("delete")}
        busy={remove.isPending}
        confirmLabel={t("delete")}
        message={
          deleting
            ? t("confirmDelete", {
                rate: Number(deleting.rate),
                kind: t(`kinds.${deleting.kind}`),
                from: format.date(deleting.validFrom),
              })
            : ""
        }
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
