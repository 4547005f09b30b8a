"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { CheckboxField, FormActions, FormError, ListHeader, ListState, useEditor } from "@/components/ui/editing";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { BILLING_UNITS, VAT_STATUSES, type BillingUnit, type VatStatus } from "./options";

type Values = {
  code: string;
  nameEt: string;
  nameEn: string;
  specialtyId: string;
  isGroup: boolean;
  maxGroupSize: string;
  billingUnit: BillingUnit;
  vatStatus: VatStatus;
  active: boolean;
};

const EMPTY: Values = {
  code: "",
  nameEt: "",
  nameEn: "",
  specialtyId: "",
  isGroup: false,
  maxGroupSize: "",
  billingUnit: "hour",
  vatStatus: "exempt",
  active: true,
};

function ServiceForm({
  initial,
  specialties,
  serverError,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: Values;
  specialties: { id: string; label: string }[];
  serverError: ErrorText | null;
  busy: boolean;
  onSubmit: (v: Values) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("catalogue");
  const tc = useTranslations("common");
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<Values>({ defaultValues: initial });
  const err = (f: keyof Values) => errors[f]?.message ?? serverError?.fields[f];
  const isGroup = watch("isGroup");
  const required = (v: string) => v.trim().length > 0 || tc("required");
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormError error={serverError} />
      <div className="grid-2">
        <TextField
          label={t("services.code")}
          hint={t("services.codeHint")}
          error={err("code")}
          autoComplete="off"
          autoFocus
          maxLength={20}
          {...register("code", { validate: required })}
        />
        <SelectField label={t("services.specialty")} error={err("specialtyId")} {...register("specialtyId")}>
          <option value="">{t("services.noSpecialty")}</option>
          {specialties.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </SelectField>
        <TextField label={t("services.nameEt")} error={err("nameEt")} autoComplete="off" {...register("nameEt", { validate: required })} />
        <TextField label={t("services.nameEn")} error={err("nameEn")} autoComplete="off" {...register("nameEn", { validate: required })} />
        <SelectField label={t("services.billingUnit")} error={err("billingUnit")} {...register("billingUnit")}>
          {BILLING_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`units.${u}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("services.vatStatus")} hint={t("services.vatStatusHint")} error={err("vatStatus")} {...register("vatStatus")}>
          {VAT_STATUSES.map((v) => (
            <option key={v} value={v}>
              {t(`vat.${v}`)}
            </option>
          ))}
        </SelectField>
        <CheckboxField caption={t("services.form")} label={t("services.isGroupLabel")} {...register("isGroup")} />
        {isGroup ? (
          <TextField
            label={t("services.maxGroupSize")}
            hint={t("services.maxGroupSizeHint")}
            type="number"
            min={2}
            max={100}
            step={1}
            error={err("maxGroupSize")}
            {...register("maxGroupSize", {
              validate: (v) =>
                v.trim() === "" || (/^\d+$/.test(v.trim()) && Number(v) >= 2 && Number(v) <= 100) || t("services.maxGroupSizeInvalid"),
            })}
          />
        ) : null}
        <CheckboxField caption={t("status")} label={t("services.activeLabel")} {...register("active")} />
      </div>
      <FormActions onCancel={onCancel} busy={busy} />
    </form>
  );
}

export function ServicesAdmin({ canManage }: { canManage: boolean }) {
  const t = useTranslations("catalogue");
  const tc = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [search, setSearch] = useState("");
  const [showInactive, setShowInactive] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const list = useQuery(
    trpc.catalogue.services.list.queryOptions({ search: deferredSearch.trim() || undefined, activeOnly: !showInactive }),
  );
  const specialties = useQuery(trpc.specialties.list.queryOptions());
  const editor = useEditor<{ id: string | null; values: Values }>();
  const save = useMutation(
    trpc.catalogue.services.save.mutationOptions({
      onSuccess: (_data, input) => {
        editor.saved(input.id ? t("services.saved") : t("services.created"));
        void queryClient.invalidateQueries({ queryKey: trpc.catalogue.services.list.queryKey() });
      },
      onError: (e) => editor.setFormError(errorText(e)),
    }),
  );
  const open = (id: string | null, values: Values) => editor.open({ id, values });
  const submit = (v: Values) =>
    save.mutate({
      id: editor.editing?.id ?? null,
      code: v.code.trim(),
      nameEt: v.nameEt,
      nameEn: v.nameEn,
      specialtyId: v.specialtyId || null,
      isGroup: v.isGroup,
      maxGroupSize: v.isGroup && v.maxGroupSize.trim() ? Number(v.maxGroupSize) : null,
      billingUnit: v.billingUnit,
      vatStatus: v.vatStatus,
      active: v.active,
    });

  const specialtyRows = specialties.data ?? [];
  const specialtyName = (id: string | null) => {
    const s = specialtyRows.find((x) => x.id === id);
    return s ? (locale === "en" ? s.nameEn : s.nameEt) : "—";
  };
  const name = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  const rows = list.data ?? [];
  return (
    <>
      <ListHeader
        title={t("services.title")}
        notice={editor.notice}
        action={
          canManage ? (
            <button type="button" className="btn" onClick={() => open(null, EMPTY)}>
              {t("services.add")}
            </button>
          ) : null
        }
      />
      {canManage ? null : <Alert kind="info">{t("readOnly")}</Alert>}
      <div className="toolbar" role="search" aria-label={t("services.filters")}>
        <TextField
          label={t("services.search")}
          name="search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          hint={t("services.searchHint")}
        />
        <CheckboxField label={t("services.showInactive")} checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
      </div>
      <ListState query={list} count={rows.length} empty={search.trim() ? t("services.noMatches") : t("services.empty")}>
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("services.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("services.code")}</th>
                  <th scope="col">{t("services.name")}</th>
                  <th scope="col">{t("services.specialty")}</th>
                  <th scope="col">{t("services.form")}</th>
                  <th scope="col">{t("services.billingUnit")}</th>
                  <th scope="col">{t("services.vatStatus")}</th>
                  <th scope="col">{t("status")}</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">{tc("actions")}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.id} className={s.active ? undefined : "inactive"}>
                    <td>
                      <code>{s.code}</code>
                    </td>
                    <td>{name(s)}</td>
                    <td>{s.specialtyId ? specialtyName(s.specialtyId) : "—"}</td>
                    <td>
                      {s.isGroup
                        ? s.maxGroupSize
                          ? t("services.groupUpTo", { max: s.maxGroupSize })
                          : t("services.group")
                        : t("services.individual")}
                    </td>
                    <td>{t(`units.${s.billingUnit}`)}</td>
                    <td>{t(`vat.${s.vatStatus}`)}</td>
                    <td>{s.active ? <span className="badge ok">{t("active")}</span> : <span className="badge">{t("inactive")}</span>}</td>
                    {canManage ? (
                      <td>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("services.editNamed", { code: s.code, name: name(s) })}
                          onClick={() =>
                            open(s.id, {
                              code: s.code,
                              nameEt: s.nameEt,
                              nameEn: s.nameEn,
                              specialtyId: s.specialtyId ?? "",
                              isGroup: s.isGroup,
                              maxGroupSize: s.maxGroupSize === null ? "" : String(s.maxGroupSize),
                              billingUnit: s.billingUnit,
                              vatStatus: s.vatStatus,
                              active: s.active,
                            })
                          }
                        >
                          {tc("edit")}
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
      <Dialog open={editor.editing !== null} title={editor.editing?.id ? t("services.edit") : t("services.add")} onClose={editor.close}>
        {editor.editing ? (
          <ServiceForm
            key={editor.editing.id ?? "new"}
            initial={editor.editing.values}
            serverError={editor.formError}
            busy={save.isPending}
            specialties={specialtyRows
              .filter((s) => s.active || s.id === editor.editing?.values.specialtyId)
              .map((s) => ({ id: s.id, label: locale === "en" ? s.nameEn : s.nameEt }))}
            onSubmit={submit}
            onCancel={editor.close}
          />
        ) : null}
      </Dialog>
    </>
  );
}
