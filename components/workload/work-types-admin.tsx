"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import { CheckboxField, FormDialog, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useLocalName } from "@/components/ui/use-local-name";

type Editing = { id: string | null; name: string; nameEn: string; unitId: string; active: boolean };

/** Managers define the kinds of general work their people log time under, for a unit or for everyone. */
export function WorkTypesAdmin() {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const localName = useLocalName();
  const list = useQuery(trpc.workload.workTypes.list.queryOptions());
  const units = useQuery(trpc.workload.sheet.units.queryOptions());
  const editor = useEditor<Editing>();
  const save = useMutation(
    trpc.workload.workTypes.save.mutationOptions({
      onSuccess: () => {
        editor.saved(t("typeSaved"));
        void queryClient.invalidateQueries({ queryKey: trpc.workload.workTypes.list.queryKey() });
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const rows = list.data?.types ?? [];
  // Where saveWorkType lets the viewer put a type: the server's answer, not a guess from the role.
  const forInstitution = list.data?.forInstitution ?? false;
  const allowedUnits = list.data?.unitIds;
  const unitChoices = treeOrder(units.data ?? []).filter((u) => allowedUnits === null || (allowedUnits ?? []).includes(u.id));
  const fields = editor.formError?.fields ?? {};
  return (
    <>
      <ListHeader
        title={t("typesTitle")}
        notice={editor.notice}
        action={
          list.data?.mayAdd ? (
            <button
              type="button"
              className="btn"
              onClick={() =>
                editor.open({ id: null, name: "", nameEn: "", unitId: forInstitution ? "" : (unitChoices[0]?.id ?? ""), active: true })
              }
            >
              {t("addType")}
            </button>
          ) : null
        }
      />
      <p className="hint">{t("typesHint")}</p>
      <ListState query={list} count={rows.length} empty={t("noTypes")}>
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("typeName")}</th>
                <th scope="col">{t("typeUnit")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.active ? undefined : "inactive"}>
                  <td>{localName(r)}</td>
                  <td>{r.unitName ? localName({ name: r.unitName, nameEn: r.unitNameEn }) : t("wholeInstitution")}</td>
                  <td>{r.active ? <span className="badge ok">{t("inUse")}</span> : <span className="badge">{t("retired")}</span>}</td>
                  <td>
                    {r.canManage ? (
                      <button
                        type="button"
                        className="btn link"
                        aria-label={t("editType", { name: r.name })}
                        onClick={() => editor.open({ id: r.id, name: r.name, nameEn: r.nameEn, unitId: r.unitId ?? "", active: r.active })}
                      >
                        {tc("edit")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ListState>
      <FormDialog
        value={editor.editing}
        title={editor.editing?.id ? t("editTypeTitle") : t("addType")}
        onClose={editor.close}
        error={editor.formError}
        busy={save.isPending}
        onSubmit={(f, editing) =>
          save.mutate({
            id: editing.id,
            name: String(f.get("name") ?? ""),
            nameEn: String(f.get("nameEn") ?? ""),
            unitId: String(f.get("unitId") ?? "") || null,
            active: f.get("active") === "on",
          })
        }
      >
        {(editing) => (
          <>
            <TextField
              label={t("typeName")}
              name="name"
              defaultValue={editing.name}
              required
              autoFocus
              error={fields.name}
              maxLength={100}
            />
            <TextField
              label={t("typeNameEn")}
              name="nameEn"
              lang="en"
              defaultValue={editing.nameEn}
              hint={tc("nameEnHint")}
              error={fields.nameEn}
              maxLength={100}
            />
            <SelectField label={t("typeUnit")} name="unitId" defaultValue={editing.unitId} error={fields.unitId} hint={t("typeUnitHint")}>
              {forInstitution ? <option value="">{t("wholeInstitution")}</option> : null}
              {unitChoices.map((u) => (
                <option key={u.id} value={u.id}>
                  {indent(u.depth)}
                  {localName(u)}
                </option>
              ))}
            </SelectField>
            <CheckboxField label={t("inUse")} name="active" defaultChecked={editing.active} />
          </>
        )}
      </FormDialog>
    </>
  );
}
