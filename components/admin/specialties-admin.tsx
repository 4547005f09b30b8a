"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
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
  const [editing, setEditing] = useState<(Omit<Specialty, "id"> & { id: string | null }) | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [deleting, setDeleting] = useState<Specialty | null>(null);
  const [notice, setNotice] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.specialties.list.queryKey() });
  const save = useMutation(trpc.specialties.save.mutationOptions({
    onSuccess: () => { setEditing(null); setNotice({ kind: "success", text: t("saved") }); void refresh(); },
    onError: (e) => setFormError(errorText(e)),
  }));
  const remove = useMutation(trpc.specialties.delete.mutationOptions({
    onSuccess: () => { setDeleting(null); setNotice({ kind: "success", text: t("deleted") }); void refresh(); },
    onError: (e) => { setDeleting(null); setNotice({ kind: "error", text: errorText(e).message }); },
  }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!editing) return;
    const f = new FormData(e.currentTarget);
    save.mutate({ id: editing.id, code: String(f.get("code")), nameEt: String(f.get("nameEt")), nameEn: String(f.get("nameEn")), active: f.get("active") === "on" });
  }
  const rows = (list.data ?? []) as Specialty[];
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
        <button type="button" className="btn" onClick={() => { setFormError(null); setEditing({ id: null, code: "", nameEt: "", nameEn: "", active: true }); }}>{t("add")}</button>
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {list.isPending ? <p>{tc("loading")}</p> : rows.length === 0 ? <EmptyState>{t("empty")}</EmptyState> : (
        <table className="data">
          <thead><tr><th scope="col">{t("name")}</th><th scope="col">{t("code")}</th><th scope="col">{t("status")}</th><th scope="col"><span className="visually-hidden">{tc("actions")}</span></th></tr></thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className={s.active ? undefined : "inactive"}>
                <td>{locale === "en" ? s.nameEn : s.nameEt}</td>
                <td><code>{s.code}</code></td>
                <td>{s.active ? <span className="badge ok">{t("inUse")}</span> : <span className="badge">{t("notInUse")}</span>}</td>
                <td>
                  <button type="button" className="btn link" aria-label={t("editNamed", { name: s.nameEt })} onClick={() => { setFormError(null); setEditing(s); }}>{tc("edit")}</button>
                  <button type="button" className="btn link" aria-label={t("deleteNamed", { name: s.nameEt })} onClick={() => setDeleting(s)}>{tc("delete")}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={editing !== null} title={editing?.id ? t("edit") : t("add")} onClose={() => setEditing(null)}>
        {editing ? (
          <form onSubmit={submit} noValidate>
            {formError && Object.keys(formError.fields).length === 0 ? <Alert kind="error">{formError.message}</Alert> : null}
            <TextField label={t("nameEt")} name="nameEt" defaultValue={editing.nameEt} required autoFocus error={formError?.fields.nameEt} />
            <TextField label={t("nameEn")} name="nameEn" defaultValue={editing.nameEn} required error={formError?.fields.nameEn} />
            <TextField label={t("code")} name="code" defaultValue={editing.code} required error={formError?.fields.code} hint={t("codeHint")} />
            <label style={{ display: "flex", gap: ".4rem", alignItems: "center" }}>
              <input type="checkbox" name="active" defaultChecked={editing.active} /> {t("inUse")}
            </label>
            <div className="actions">
              <button type="button" className="btn secondary" onClick={() => setEditing(null)}>{tc("cancel")}</button>
              <button type="submit" className="btn" disabled={save.isPending}>{tc("save")}</button>
            </div>
          </form>
        ) : null}
      </Dialog>
      <ConfirmDialog open={deleting !== null} title={t("deleteTitle")} message={t("deleteConfirm", { name: deleting?.nameEt ?? "" })}
        confirmLabel={t("deleteSpecialty")} busy={remove.isPending} onCancel={() => setDeleting(null)} onConfirm={() => deleting && remove.mutate({ id: deleting.id })} />
    </>
  );
}
