"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { saveSpecialtyInput, type SpecialtySubmission } from "@/server/org/schemas";
import { useTRPC } from "@/components/trpc/client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

type Specialty = { id: string; code: string; nameEt: string; nameEn: string; active: boolean };

export function SpecialtiesAdmin() {
  const t = useTranslations("specialties");
  const tc = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const list = useQuery(trpc.specialties.list.queryOptions());
  const editor = useEditor<Omit<Specialty, "id"> & { id: string | null }>();
  const [deleting, setDeleting] = useState<Specialty | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.specialties.list.queryKey() });
  const save = useMutation(
    trpc.specialties.save.mutationOptions({
      onSuccess: () => {
        editor.saved(t("saved"));
        void refresh();
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const remove = useMutation(
    trpc.specialties.delete.mutationOptions({
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
  const rows = (list.data ?? []) as Specialty[];
  return (
    <>
      <ListHeader
        title={t("title")}
        notice={editor.notice}
        action={
          <button type="button" className="btn" onClick={() => editor.open({ id: null, code: "", nameEt: "", nameEn: "", active: true })}>
            {t("add")}
          </button>
        }
      />
      <ListState query={list} count={rows.length} empty={t("empty")}>
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("code")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{tc("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id} className={s.active ? undefined : "inactive"}>
                  <td>{locale === "en" ? s.nameEn : s.nameEt}</td>
                  <td>
                    <code>{s.code}</code>
                  </td>
                  <td>{s.active ? <span className="badge ok">{t("inUse")}</span> : <span className="badge">{t("notInUse")}</span>}</td>
                  <td>
                    <button
                      type="button"
                      className="btn link"
                      aria-label={t("editNamed", { name: s.nameEt })}
                      onClick={() => editor.open(s)}
                    >
                      {tc("edit")}
                    </button>
                    <button
                      type="button"
                      className="btn link"
                      aria-label={t("deleteNamed", { name: s.nameEt })}
                      onClick={() => setDeleting(s)}
                    >
                      {tc("delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListState>
      <Dialog open={editor.editing !== null} title={editor.editing?.id ? t("edit") : t("add")} onClose={editor.close}>
        {editor.editing ? (
          <SpecialtyForm
            key={editor.editing.id ?? "new"}
            initial={editor.editing}
            serverError={editor.formError}
            busy={save.isPending}
            onSubmit={(v) => save.mutate(v)}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteConfirm", { name: deleting?.nameEt ?? "" })}
        confirmLabel={t("deleteSpecialty")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}

/** A specialty's names, code and use, checked with the procedure's own schema before sending. */
function SpecialtyForm({
  initial,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: SpecialtySubmission;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: SpecialtySubmission) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("specialties");
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SpecialtySubmission>({ defaultValues: initial, resolver: useSchemaResolver(saveSpecialtyInput) });
  const err = (f: keyof SpecialtySubmission) => errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <TextField label={t("nameEt")} required autoFocus error={err("nameEt")} {...register("nameEt")} />
      <TextField label={t("nameEn")} required error={err("nameEn")} {...register("nameEn")} />
      <TextField label={t("code")} required error={err("code")} hint={t("codeHint")} {...register("code")} />
      <CheckboxField label={t("inUse")} {...register("active")} />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}
