"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { indent, treeOrder } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { CheckboxField, FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { Dialog } from "@/components/ui/dialog";
import { useSchemaResolver } from "@/components/ui/schema-resolver";
import { useForm } from "react-hook-form";
import { roomForm, type RoomSubmission, type RoomValues } from "@/server/scheduling/schemas";
import { SelectField, TextArea, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { useLocalName } from "@/components/ui/use-local-name";

type Room = RouterOutputs["scheduling"]["rooms"]["list"][number];
type Editing = Omit<Room, "id" | "createdAt" | "unitName"> & { id: string | null };
type Unit = { id: string; name: string; parentId: string | null; canManage: boolean };

/** Rooms of the units the person manages: name, unit, capacity, equipment, in use or not. */
export function RoomsAdmin() {
  const t = useTranslations("scheduling.roomsAdmin");
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
  const list = rooms.data ?? [];
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
          <div className="table-frame">
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
          </div>
        </ListState>
      </div>

      <Dialog open={editor.editing !== null} title={editor.editing?.id ? t("edit") : t("add")} onClose={editor.close}>
        {editor.editing ? (
          <RoomForm
            key={editor.editing.id ?? "new"}
            initial={{ ...editor.editing, capacity: String(editor.editing.capacity) }}
            units={manageable}
            serverError={editor.formError}
            busy={save.isPending}
            onSubmit={(v) => save.mutate(v)}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
    </>
  );
}

/** A room's name, unit, capacity and equipment, checked with the procedure's own schema before sending. */
function RoomForm({
  initial,
  units,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: RoomValues;
  units: (Unit & { depth: number })[];
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: RoomSubmission) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("scheduling.roomsAdmin");
  const localName = useLocalName();
  // The form's own hint texts for its fields; anything else in the schema's words.
  const resolver = useSchemaResolver(roomForm, {
    "name:too_small": t("nameRequired"),
    unitId: t("unitRequired"),
    capacity: t("capacityInvalid"),
  });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<RoomValues, unknown, RoomSubmission>({ defaultValues: initial, resolver });
  const err = (f: keyof RoomValues) => errors[f]?.message ?? serverError?.fields[f];
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <div className="grid-2">
        <TextField label={t("name")} required autoFocus maxLength={100} error={err("name")} {...register("name")} />
        <SelectField label={t("unit")} required error={err("unitId")} {...register("unitId")}>
          <option value="">{t("chooseUnit")}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {indent(u.depth)}
              {localName(u)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("capacity")}
          type="number"
          inputMode="numeric"
          min={1}
          max={500}
          step={1}
          required
          hint={t("capacityHint")}
          error={err("capacity")}
          {...register("capacity")}
        />
      </div>
      <TextArea label={t("equipment")} rows={2} maxLength={500} error={err("equipment")} {...register("equipment")} />
      <CheckboxField label={t("active")} {...register("active")} />
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}
