"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { unitForm, type UnitSubmission, type UnitValues } from "@/server/org/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
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

  const submit = (input: UnitSubmission) => {
    if (!editing) return;
    setFormError(null);
    if (editing.id) update.mutate({ id: editing.id, ...input });
    else create.mutate(input);
  };

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
          <UnitForm
            key={editing.id ?? `new-${editing.parentId ?? ""}`}
            editing={editing}
            units={rows}
            people={canPickHead ? (people.data ?? []) : null}
            serverError={formError}
            busy={create.isPending || update.isPending}
            onSubmit={submit}
            onCancel={() => setEditing(null)}
          />
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

/** One unit's name, parent and head, checked with the procedure's own schema before sending. */
function UnitForm({
  editing,
  units,
  people,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  editing: Editing;
  units: (Unit & { depth: number })[];
  people: { id: string; firstName: string; lastName: string }[] | null;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (input: UnitSubmission) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("units");
  const tc = useTranslations("common");
  const resolver = useSchemaResolver(unitForm, { name: t("nameRequired") });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<UnitValues, unknown, UnitSubmission>({
    defaultValues: {
      name: editing.name,
      nameEn: editing.nameEn,
      parentId: editing.parentId ?? "",
      headEmployeeId: editing.headEmployeeId ?? "",
    },
    resolver,
  });
  const err = (f: keyof UnitValues) => errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      {serverError && Object.keys(serverError.fields).length === 0 ? <Alert kind="error">{serverError.message}</Alert> : null}
      <TextField label={t("name")} required autoFocus error={err("name")} {...register("name")} />
      <TextField label={t("nameEn")} lang="en" hint={tc("nameEnHint")} error={err("nameEn")} {...register("nameEn")} />
      <SelectField label={t("parent")} error={err("parentId")} {...register("parentId")}>
        <option value="">{t("topLevel")}</option>
        {units
          .filter((u) => u.id !== editing.id)
          .map((u) => (
            <option key={u.id} value={u.id}>
              {indent(u.depth)}
              {u.name}
            </option>
          ))}
      </SelectField>
      {people ? (
        <SelectField label={t("head")} error={err("headEmployeeId")} {...register("headEmployeeId")}>
          <option value="">{t("noHead")}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.lastName}, {p.firstName}
            </option>
          ))}
        </SelectField>
      ) : null}
      <div className="actions">
        <button type="button" className="btn secondary" onClick={onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn" disabled={busy}>
          {tc("save")}
        </button>
      </div>
    </form>
  );
}
