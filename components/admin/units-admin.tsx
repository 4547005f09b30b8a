"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { useLocalName } from "@/components/ui/use-local-name";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { indent, treeOrder } from "./unit-options";

type Unit = {
  id: string;
  name: string;
  nameEn: string;
  parentId: string | null;
  headEmployeeId: string | null;
  headName: string | null;
  memberCount: number;
  canManage: boolean;
};
type Editing = { id: string | null; name: string; nameEn: string; parentId: string | null; headEmployeeId: string | null };

export function UnitsAdmin({ canCreateRoot, canPickHead }: { canCreateRoot: boolean; canPickHead: boolean }) {
  const t = useTranslations("units");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const localName = useLocalName();
  const units = useQuery(trpc.units.list.queryOptions());
  const people = useQuery({ ...trpc.employees.list.queryOptions({}), enabled: canPickHead });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  const [notice, setNotice] = useState<{ kind: "error" | "success"; text: string } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.units.list.queryKey() });
  const onSaved = (message: string) => {
    setEditing(null);
    setFormError(null);
    setNotice({ kind: "success", text: message });
    void refresh();
  };
  const create = useMutation(
    trpc.units.create.mutationOptions({ onSuccess: () => onSaved(t("created")), onError: (e) => setFormError(errorText(e)) }),
  );
  const update = useMutation(
    trpc.units.update.mutationOptions({ onSuccess: () => onSaved(t("saved")), onError: (e) => setFormError(errorText(e)) }),
  );
  const remove = useMutation(
    trpc.units.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        setNotice({ kind: "success", text: t("deleted") });
        void refresh();
      },
      onError: (e) => {
        setDeleting(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );

  const rows = treeOrder((units.data ?? []) as Unit[]);
  const children = (id: string | null) => rows.filter((u) => u.parentId === id);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!editing) return;
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      nameEn: String(form.get("nameEn") ?? ""),
      parentId: (form.get("parentId") as string) || null,
      headEmployeeId: (form.get("headEmployeeId") as string) || null,
    };
    if (!input.name.trim()) {
      setFormError({ message: t("nameRequired"), fields: { name: t("nameRequired") } });
      return;
    }
    if (editing.id) update.mutate({ id: editing.id, ...input });
    else create.mutate(input);
  }

  const renderNode = (u: Unit & { depth: number }) => (
    <li key={u.id}>
      <div className="node">
        <span className="name">{localName(u)}</span>
        <span className="meta">
          {u.headName ? t("headIs", { name: u.headName }) : t("noHead")} · {t("members", { count: u.memberCount })}
        </span>
        {u.canManage ? (
          <span style={{ marginLeft: "auto", display: "flex", gap: ".25rem" }}>
            <button
              type="button"
              className="btn link"
              onClick={() => {
                setFormError(null);
                setEditing({ id: u.id, name: u.name, nameEn: u.nameEn, parentId: u.parentId, headEmployeeId: u.headEmployeeId });
              }}
              aria-label={t("editNamed", { name: u.name })}
            >
              {tc("edit")}
            </button>
            <button
              type="button"
              className="btn link"
              onClick={() => {
                setFormError(null);
                setEditing({ id: null, name: "", nameEn: "", parentId: u.id, headEmployeeId: null });
              }}
              aria-label={t("addChildNamed", { name: u.name })}
            >
              {t("addChild")}
            </button>
            <button type="button" className="btn link" onClick={() => setDeleting(u)} aria-label={t("deleteNamed", { name: u.name })}>
              {tc("delete")}
            </button>
          </span>
        ) : null}
      </div>
      {children(u.id).length > 0 ? <ul>{children(u.id).map(renderNode)}</ul> : null}
    </li>
  );

  const roots = rows.filter((u) => u.depth === 0);
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
        {canCreateRoot ? (
          <button
            type="button"
            className="btn"
            disabled={units.isPending}
            onClick={() => {
              setFormError(null);
              setEditing({ id: null, name: "", nameEn: "", parentId: null, headEmployeeId: null });
            }}
          >
            {t("add")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div className="panel">
        {units.isPending ? (
          <p>{tc("loading")}</p>
        ) : units.isError ? (
          <Alert kind="error">{errorText(units.error).message}</Alert>
        ) : roots.length === 0 ? (
          <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <ul className="tree" aria-label={t("title")}>
            {roots.map(renderNode)}
          </ul>
        )}
      </div>

      <Dialog open={editing !== null} title={editing?.id ? t("edit") : t("add")} onClose={() => setEditing(null)}>
        {editing ? (
          <form onSubmit={submit} noValidate>
            {formError && Object.keys(formError.fields).length === 0 ? <Alert kind="error">{formError.message}</Alert> : null}
            <TextField label={t("name")} name="name" defaultValue={editing.name} required autoFocus error={formError?.fields.name} />
            <TextField
              label={t("nameEn")}
              name="nameEn"
              lang="en"
              defaultValue={editing.nameEn}
              hint={tc("nameEnHint")}
              error={formError?.fields.nameEn}
            />
            <SelectField label={t("parent")} name="parentId" defaultValue={editing.parentId ?? ""} error={formError?.fields.parentId}>
              <option value="">{t("topLevel")}</option>
              {rows
                .filter((u) => u.id !== editing.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {indent(u.depth)}
                    {localName(u)}
                  </option>
                ))}
            </SelectField>
            {canPickHead ? (
              <SelectField
                label={t("head")}
                name="headEmployeeId"
                defaultValue={editing.headEmployeeId ?? ""}
                error={formError?.fields.headEmployeeId}
              >
                <option value="">{t("noHead")}</option>
                {(people.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.lastName}, {p.firstName}
                  </option>
                ))}
              </SelectField>
            ) : null}
            <div className="actions">
              <button type="button" className="btn secondary" onClick={() => setEditing(null)}>
                {tc("cancel")}
              </button>
              <button type="submit" className="btn" disabled={create.isPending || update.isPending}>
                {tc("save")}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteConfirm", { name: deleting?.name ?? "" })}
        confirmLabel={t("deleteUnit")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}
