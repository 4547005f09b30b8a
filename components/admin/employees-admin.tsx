"use client";
import { useSearchParams } from "next/navigation";
import { ExportButtons } from "@/components/ui/export-buttons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { EmployeeCredentials } from "./employee-credentials";
import { EmployeeForm, type EmployeeFormValues } from "./employee-form";
import { indent, treeOrder } from "./unit-options";
import { useLocalName } from "@/components/ui/use-local-name";

const EMPTY: EmployeeFormValues = {
  personalCode: "",
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  active: true,
  weeklyHours: "40",
  unitIds: [],
  specialtyIds: [],
  roleIds: [],
  password: "",
};

export function EmployeesAdmin({ canManage, canAssignRoles }: { canManage: boolean; canAssignRoles: boolean }) {
  const t = useTranslations("employees");
  const localName = useLocalName();
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  // The header's search opens this page on the colleague it found.
  const params = useSearchParams();
  const [search, setSearch] = useState(params.get("search") ?? "");
  const [unitId, setUnitId] = useState("");
  const [includeInactive, setIncludeInactive] = useState(false);
  const deferredSearch = useDeferredValue(search);
  const filter = { search: deferredSearch || undefined, unitId: unitId || undefined, includeInactive };
  const people = useQuery(trpc.employees.list.queryOptions(filter));
  const units = useQuery(trpc.units.list.queryOptions());
  const specialties = useQuery(trpc.specialties.list.queryOptions());
  const roles = useQuery({ ...trpc.roles.list.queryOptions(), enabled: canAssignRoles });
  const [editing, setEditing] = useState<{ id: string | null; values: EmployeeFormValues } | null>(null);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const done = (message: string) => {
    setEditing(null);
    setFormError(null);
    setNotice(message);
    void queryClient.invalidateQueries({ queryKey: trpc.employees.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.units.list.queryKey() });
  };
  const create = useMutation(
    trpc.employees.create.mutationOptions({ onSuccess: () => done(t("created")), onError: (e) => setFormError(errorText(e)) }),
  );
  const update = useMutation(
    trpc.employees.update.mutationOptions({ onSuccess: () => done(t("saved")), onError: (e) => setFormError(errorText(e)) }),
  );

  const unitRows = treeOrder(units.data ?? []);
  const submit = (v: EmployeeFormValues) => {
    const input = {
      personalCode: v.personalCode.trim(),
      firstName: v.firstName,
      lastName: v.lastName,
      email: v.email || null,
      phone: v.phone || null,
      active: v.active,
      weeklyHours: Number(v.weeklyHours),
      unitIds: v.unitIds,
      specialtyIds: v.specialtyIds,
      roleIds: v.roleIds,
      password: v.password ? v.password : null,
    };
    if (editing?.id) update.mutate({ id: editing.id, ...input });
    else create.mutate(input);
  };

  const list = people.data ?? [];
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
        <ExportButtons
          list="employees"
          params={{ search: deferredSearch || undefined, unitId: unitId || undefined, includeInactive: String(includeInactive) }}
        />
        {canManage ? (
          <button
            type="button"
            className="btn"
            disabled={people.isPending}
            onClick={() => {
              setFormError(null);
              setEditing({ id: null, values: EMPTY });
            }}
          >
            {t("add")}
          </button>
        ) : null}
      </div>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <div className="toolbar" role="search">
        <TextField
          label={t("search")}
          name="search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          hint={t("searchHint")}
        />
        <SelectField label={t("unit")} name="unit" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          <option value="">{t("allUnits")}</option>
          {unitRows.map((u) => (
            <option key={u.id} value={u.id}>
              {indent(u.depth)}
              {localName(u)}
            </option>
          ))}
        </SelectField>
        <label style={{ display: "flex", gap: ".4rem", alignItems: "center", marginBottom: "1.2rem" }}>
          <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} /> {t("showInactive")}
        </label>
      </div>
      {people.isPending ? (
        <p>{tc("loading")}</p>
      ) : people.isError ? (
        <Alert kind="error">{errorText(people.error).message}</Alert>
      ) : list.length === 0 ? (
        <EmptyState>{search || unitId ? t("noMatches") : t("empty")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("name")}</th>
                  <th scope="col">{t("personalCode")}</th>
                  <th scope="col">{t("units")}</th>
                  <th scope="col">{t("specialties")}</th>
                  <th scope="col">{t("roles")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id} className={p.active ? undefined : "inactive"}>
                    <td>
                      {p.lastName}, {p.firstName}
                    </td>
                    <td>{p.personalCode}</td>
                    <td>{p.unitNames.join(", ")}</td>
                    <td>{p.specialtyNames.join(", ")}</td>
                    <td>
                      {p.roleNames.map((r) => (
                        <span key={r} className="badge">
                          {r}
                        </span>
                      ))}
                    </td>
                    <td>{p.active ? <span className="badge ok">{t("active")}</span> : <span className="badge">{t("inactive")}</span>}</td>
                    <td>
                      {p.canManage ? (
                        <button
                          type="button"
                          className="btn link"
                          aria-label={t("editNamed", { name: `${p.firstName} ${p.lastName}` })}
                          onClick={() => {
                            setFormError(null);
                            setEditing({
                              id: p.id,
                              values: {
                                personalCode: p.personalCode,
                                firstName: p.firstName,
                                lastName: p.lastName,
                                email: p.email ?? "",
                                phone: p.phone ?? "",
                                active: p.active,
                                weeklyHours: String(p.weeklyHours),
                                unitIds: p.unitIds,
                                specialtyIds: p.specialtyIds,
                                roleIds: p.roleIds,
                                password: "",
                              },
                            });
                          }}
                        >
                          {tc("edit")}
                        </button>
                      ) : null}
                      {p.mayCredentials ? (
                        <EmployeeCredentials
                          person={{ id: p.id, name: `${p.firstName} ${p.lastName}`, active: p.active }}
                          onNotice={setNotice}
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <Dialog open={editing !== null} title={editing?.id ? t("edit") : t("add")} onClose={() => setEditing(null)}>
        {editing ? (
          <EmployeeForm
            key={editing.id ?? "new"}
            initial={editing.values}
            isNew={editing.id === null}
            units={unitRows.map((u) => ({ id: u.id, label: u.name, depth: u.depth }))}
            specialties={(specialties.data ?? [])
              .filter((s) => s.active || editing.values.specialtyIds.includes(s.id))
              .map((s) => ({ id: s.id, label: s.nameEt }))}
            roles={canAssignRoles ? (roles.data ?? []).map((r) => ({ id: r.id, label: r.name })) : null}
            serverError={formError}
            busy={create.isPending || update.isPending}
            onSubmit={submit}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </>
  );
}
