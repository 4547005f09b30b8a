"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

type Editing = { id: string | null; name: string; unitId: string; active: boolean };

/** Managers define the kinds of general work their people log time under, for a unit or for everyone. */
export function WorkTypesAdmin({ canManageAll }: { canManageAll: boolean }) {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const list = useQuery(trpc.workload.workTypes.list.queryOptions());
  const units = useQuery(trpc.workload.sheet.units.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation(trpc.workload.workTypes.save.mutationOptions({
    onSuccess: () => { setEditing(null); setNotice(t("typeSaved")); void queryClient.invalidateQueries({ queryKey: trpc.workload.workTypes.list.queryKey() }); },
    onError: (e) => setFormError(errorText(e)),
  }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!editing) return;
    const f = new FormData(e.currentTarget);
    save.mutate({ id: editing.id, name: String(f.get("name") ?? ""), unitId: String(f.get("unitId") ?? "") || null, active: f.get("active") === "on" });
  }
  const open = (value: Editing) => { setFormError(null); setNotice(null); setEditing(value); };
  const rows = list.data ?? [];
  const fields = formError?.fields ?? {};
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("typesTitle")}</h1>
        <button type="button" className="btn" onClick={() => open({ id: null, name: "", unitId: canManageAll ? "" : (units.data?.[0]?.id ?? ""), active: true })}>{t("addType")}</button>
      </div>
      <p className="hint">{t("typesHint")}</p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {list.isError ? <Alert kind="error">{errorText(list.error).message}</Alert> : null}
      {list.isPending ? <p>{tc("loading")}</p> : rows.length === 0 ? <EmptyState>{t("noTypes")}</EmptyState> : (
        <table className="data">
          <thead><tr><th scope="col">{t("typeName")}</th><th scope="col">{t("typeUnit")}</th><th scope="col">{t("status")}</th><th scope="col"><span className="visually-hidden">{t("actions")}</span></th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.active ? undefined : "inactive"}>
                <td>{r.name}</td>
                <td>{r.unitName ?? t("wholeInstitution")}</td>
                <td>{r.active ? <span className="badge ok">{t("inUse")}</span> : <span className="badge">{t("retired")}</span>}</td>
                <td>{r.canManage ? <button type="button" className="btn link" aria-label={t("editType", { name: r.name })} onClick={() => open({ id: r.id, name: r.name, unitId: r.unitId ?? "", active: r.active })}>{tc("edit")}</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Dialog open={editing !== null} title={editing?.id ? t("editTypeTitle") : t("addType")} onClose={() => setEditing(null)}>
        {editing ? (
          <form onSubmit={submit} noValidate>
            {formError?.message && Object.keys(fields).length === 0 ? <Alert kind="error">{formError.message}</Alert> : null}
            <TextField label={t("typeName")} name="name" defaultValue={editing.name} required autoFocus error={fields.name} maxLength={100} />
            <SelectField label={t("typeUnit")} name="unitId" defaultValue={editing.unitId} error={fields.unitId} hint={t("typeUnitHint")}>
              {canManageAll ? <option value="">{t("wholeInstitution")}</option> : null}
              {treeOrder(units.data ?? []).map((u) => <option key={u.id} value={u.id}>{indent(u.depth)}{u.name}</option>)}
            </SelectField>
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
    </>
  );
}
