"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { CheckboxField, FormDialog, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useLocalName } from "@/components/ui/use-local-name";

type Room = RouterOutputs["scheduling"]["rooms"]["list"][number];
type Editing = Omit<Room, "id" | "createdAt" | "unitName"> & { id: string | null };
type Unit = { id: string; name: string; parentId: string | null; canManage: boolean };

/** Rooms of the units the person manages: name, unit, capacity, equipment, in use or not. */
export function RoomsAdmin() {
  const t = useTranslations("scheduling.roomsAdmin");
  const localName = useLocalName();
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({}));
  const units = useQuery(trpc.units.list.queryOptions());
  const editor = useEditor<Editing>();
  const save = useMutation(
    trpc.scheduling.rooms.save.mutationOptions({
      onSuccess: (_data, input) => {
        editor.saved(input.id ? t("saved") : t("created"));
        void queryClient.invalidateQueries({ queryKey: trpc.scheduling.rooms.list.queryKey() });
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );

  const unitRows = treeOrder((units.data ?? []) as Unit[]);
  const manageable = unitRows.filter((u) => u.canManage);
  function submit(f: FormData, editing: Editing) {
    const name = String(f.get("name") ?? "").trim();
    const unitId = String(f.get("unitId") ?? "");
    const capacityText = String(f.get("capacity") ?? "").trim();
    const capacity = Number(capacityText);
    const fields: Record<string, string> = {};
    if (!name) fields.name = t("nameRequired");
    if (!unitId) fields.unitId = t("unitRequired");
    if (!/^\d+$/.test(capacityText) || capacity < 1 || capacity > 500) fields.capacity = t("capacityInvalid");
    if (Object.keys(fields).length) {
      editor.setFormError({ message: "", fields });
      return;
    }
    save.mutate({ id: editing.id, name, unitId, capacity, equipment: String(f.get("equipment") ?? ""), active: f.get("active") === "on" });
  }

  const list = rooms.data ?? [];
  const fields = editor.formError?.fields;
  return (
    <>
      <ListHeader
        title={t("title")}
        notice={editor.notice}
        action={
          <button
            type="button"
            className="btn"
            disabled={manageable.length === 0}
            onClick={() => editor.open({ id: null, name: "", unitId: manageable[0]?.id ?? "", capacity: 1, equipment: "", active: true })}
          >
            {t("add")}
          </button>
        }
      />
      <div className="panel">
        <ListState query={rooms} count={list.length} empty={t("empty")}>
          <table className="data">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("unit")}</th>
                <th scope="col">{t("capacity")}</th>
                <th scope="col">{t("equipment")}</th>
                <th scope="col">{t("state")}</th>
                <th scope="col">
                  <span className="visually-hidden">{tc("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} className={r.active ? undefined : "inactive"}>
                  <td>{r.name}</td>
                  <td>{r.unitName}</td>
                  <td>{r.capacity}</td>
                  <td style={{ whiteSpace: "pre-wrap" }}>{r.equipment}</td>
                  <td>{r.active ? <span className="badge ok">{t("active")}</span> : <span className="badge">{t("inactive")}</span>}</td>
                  <td>
                    {manageable.some((u) => u.id === r.unitId) ? (
                      <button
                        type="button"
                        className="btn link"
                        aria-label={t("editNamed", { name: r.name })}
                        onClick={() =>
                          editor.open({
                            id: r.id,
                            name: r.name,
                            unitId: r.unitId,
                            capacity: r.capacity,
                            equipment: r.equipment,
                            active: r.active,
                          })
                        }
                      >
                        {tc("edit")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ListState>
      </div>

      <FormDialog
        value={editor.editing}
        title={editor.editing?.id ? t("edit") : t("add")}
        onClose={editor.close}
        error={editor.formError}
        busy={save.isPending}
        onSubmit={submit}
      >
        {(editing) => (
          <>
            <div className="grid-2">
              <TextField
                label={t("name")}
                name="name"
                defaultValue={editing.name}
                required
                autoFocus
                maxLength={100}
                error={fields?.name}
              />
              <SelectField label={t("unit")} name="unitId" defaultValue={editing.unitId} required error={fields?.unitId}>
                <option value="">{t("chooseUnit")}</option>
                {manageable.map((u) => (
                  <option key={u.id} value={u.id}>
                    {indent(u.depth)}
                    {localName(u)}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={t("capacity")}
                name="capacity"
                type="number"
                inputMode="numeric"
                min={1}
                max={500}
                step={1}
                defaultValue={editing.capacity}
                required
                hint={t("capacityHint")}
                error={fields?.capacity}
              />
            </div>
            <TextArea
              label={t("equipment")}
              name="equipment"
              rows={2}
              maxLength={500}
              defaultValue={editing.equipment}
              error={fields?.equipment}
            />
            <CheckboxField label={t("active")} name="active" defaultChecked={editing.active} />
          </>
        )}
      </FormDialog>
    </>
  );
}
