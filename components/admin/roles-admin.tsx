"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { roleForm, type RoleSubmission, type RoleValues } from "@/server/org/schemas";
import { useTRPC } from "@/components/trpc/client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { TextArea, TextField } from "@/components/ui/field";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";

type Scope = "own" | "unit" | "all";
type Permission = { resource: string; action: string; scope: Scope };
type Role = { id: string; name: string; description: string; permissions: Permission[]; memberCount: number };
type Catalogue = Record<string, { actions: readonly string[]; scopes: readonly Scope[] }>;

function PermissionMatrix({
  catalogue,
  value,
  onChange,
}: {
  catalogue: Catalogue;
  value: Permission[];
  onChange: (next: Permission[]) => void;
}) {
  const t = useTranslations("roles");
  const actions = [...new Set(Object.values(catalogue).flatMap((c) => c.actions))];
  const scopeOf = (resource: string, action: string) => value.find((p) => p.resource === resource && p.action === action)?.scope ?? "";
  const set = (resource: string, action: string, scope: string) => {
    const rest = value.filter((p) => !(p.resource === resource && p.action === action));
    onChange(scope ? [...rest, { resource, action, scope: scope as Scope }] : rest);
  };
  return (
    <div className="table-frame">
      <table className="data matrix">
        <caption className="visually-hidden">{t("matrixCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("resource")}</th>
            {actions.map((a) => (
              <th key={a} scope="col">
                {t(`actions.${a}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(catalogue).map(([resource, entry]) => (
            <tr key={resource}>
              <th scope="row">{t(`resources.${resource}`)}</th>
              {actions.map((action) => (
                <td key={action}>
                  {entry.actions.includes(action) ? (
                    <select
                      aria-label={`${t(`resources.${resource}`)}: ${t(`actions.${action}`)}`}
                      value={scopeOf(resource, action)}
                      onChange={(e) => set(resource, action, e.target.value)}
                    >
                      <option value="">—</option>
                      {entry.scopes.map((s) => (
                        <option key={s} value={s}>
                          {t(`scopes.${s}`)}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint" style={{ color: "var(--muted)", fontSize: ".88rem" }}>
        {t("scopeHelp")}
      </p>
    </div>
  );
}

export function RolesAdmin({ canManage }: { canManage: boolean }) {
  const t = useTranslations("roles");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const roles = useQuery(trpc.roles.list.queryOptions());
  const catalogue = useQuery(trpc.roles.catalogue.queryOptions());
  const editor = useEditor<Omit<Role, "memberCount" | "id"> & { id: string | null }>();
  const [deleting, setDeleting] = useState<Role | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.roles.list.queryKey() });
  const save = useMutation(
    trpc.roles.save.mutationOptions({
      onSuccess: () => {
        editor.saved(t("saved"));
        void refresh();
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const remove = useMutation(
    trpc.roles.delete.mutationOptions({
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

  const list = (roles.data ?? []) as Role[];
  const { editing, formError } = editor;
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
              disabled={roles.isPending}
              onClick={() => editor.open({ id: null, name: "", description: "", permissions: [] })}
            >
              {t("add")}
            </button>
          ) : null
        }
      />
      <ListState query={roles} count={list.length} empty={t("empty")}>
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("description")}</th>
                <th scope="col">{t("people")}</th>
                <th scope="col">{t("permissionCount")}</th>
                <th scope="col">
                  <span className="visually-hidden">{tc("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td>{r.description}</td>
                  <td>{r.memberCount}</td>
                  <td>{r.permissions.length}</td>
                  <td>
                    {canManage ? (
                      <>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("editNamed", { name: r.name })}
                          onClick={() => editor.open({ id: r.id, name: r.name, description: r.description, permissions: r.permissions })}
                        >
                          {tc("edit")}
                        </button>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("deleteNamed", { name: r.name })}
                          onClick={() => setDeleting(r)}
                        >
                          {tc("delete")}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListState>

      <Dialog open={editing !== null} title={editing?.id ? t("edit") : t("add")} onClose={editor.close} wide>
        {editing && catalogue.data ? (
          <RoleForm
            key={editing.id ?? "new"}
            // The matrix offers only the catalogue's resources; the schema checks them again on the way.
            editing={editing as RoleValues}
            catalogue={catalogue.data as Catalogue}
            serverError={formError}
            busy={save.isPending}
            onSubmit={(role) => {
              editor.setFormError(null);
              save.mutate(role);
            }}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        message={t("deleteConfirm", { name: deleting?.name ?? "" })}
        confirmLabel={t("deleteRole")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </>
  );
}

/** A role's name, description and permissions, checked with the procedure's own schema before sending. */
function RoleForm({
  editing,
  catalogue,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  editing: RoleValues;
  catalogue: Catalogue;
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (role: RoleSubmission) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("roles");
  const resolver = useSchemaResolver(roleForm, { "permissions:custom": t("needsPermission") });
  const {
    register,
    control,
    handleSubmit,
    formState: { errors },
  } = useForm<RoleValues, unknown, RoleSubmission>({ defaultValues: editing, resolver });
  const err = (f: keyof RoleValues) => errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <TextField label={t("name")} required autoFocus error={err("name")} {...register("name")} />
      <TextArea label={t("description")} rows={2} maxLength={500} error={err("description")} {...register("description")} />
      <h3 id="perm-heading">{t("permissions")}</h3>
      {err("permissions") ? (
        <p className="error" role="alert" style={{ color: "var(--danger)", fontWeight: 600 }}>
          {err("permissions")}
        </p>
      ) : null}
      <Controller
        control={control}
        name="permissions"
        render={({ field }) => <PermissionMatrix catalogue={catalogue} value={field.value} onChange={field.onChange} />}
      />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}
