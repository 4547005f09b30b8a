"use client";
import { ExportButtons } from "@/components/ui/export-buttons";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { treeOrder, indent } from "@/components/admin/unit-options";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { Loading } from "@/components/ui/loading";
import { SelectField, TextField } from "@/components/ui/field";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { EMPTY_CLIENT, toClientInput } from "./client-form-values";
import { useLocalName } from "@/components/ui/use-local-name";

// The form (react-hook-form, the schemas) loads when the person opens it, not with the list.
const ClientForm = dynamic(() => import("./client-form").then((m) => m.ClientForm), { ssr: false, loading: Loading });

export function ClientList({ canCreate, canPickCaseManager }: { canCreate: boolean; canPickCaseManager: boolean }) {
  const t = useTranslations("clients");
  const localName = useLocalName();
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const errorText = useErrorText();
  const [search, setSearch] = useState("");
  const [unitId, setUnitId] = useState("");
  const [caseManagerId, setCaseManagerId] = useState("");
  const [fundingSourceId, setFundingSourceId] = useState("");
  const deferred = useDeferredValue(search);
  const list = useQuery(
    trpc.clients.list.queryOptions({
      search: deferred || undefined,
      unitId: unitId || undefined,
      caseManagerId: caseManagerId || undefined,
      fundingSourceId: fundingSourceId || undefined,
    }),
  );
  const units = useQuery(trpc.units.list.queryOptions());
  const people = useQuery(trpc.employees.list.queryOptions({}));
  const funders = useQuery(trpc.catalogue.fundingSources.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const create = useMutation(
    trpc.clients.create.mutationOptions({
      onSuccess: ({ id }) => router.push(`/clients/${id}`),
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  const unitRows = treeOrder(units.data ?? []);
  const rows = list.data ?? [];
  const filtered = Boolean(search || unitId || caseManagerId || fundingSourceId);
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
        <ExportButtons list="clients" params={{ search: deferred || undefined, unitId: unitId || undefined }} />
        {canCreate ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setFormError(null);
              setCreating(true);
            }}
          >
            {t("add")}
          </button>
        ) : null}
      </div>
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
        <SelectField label={t("caseManager")} name="caseManager" value={caseManagerId} onChange={(e) => setCaseManagerId(e.target.value)}>
          <option value="">{t("allCaseManagers")}</option>
          {(people.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.lastName}, {p.firstName}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("funder")} name="funder" value={fundingSourceId} onChange={(e) => setFundingSourceId(e.target.value)}>
          <option value="">{t("allFunders")}</option>
          {(funders.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </SelectField>
      </div>
      {list.isPending ? (
        <p>{tc("loading")}</p>
      ) : list.isError ? (
        <Alert kind="error">{errorText(list.error).message}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState>{filtered ? t("noMatches") : t("empty")}</EmptyState>
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
                  <th scope="col">{t("caseManager")}</th>
                  <th scope="col">{t("currentFunding")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/clients/${c.id}`}>
                        {c.lastName}, {c.firstName}
                      </Link>
                    </td>
                    <td>{c.personalCode ?? (c.birthDate ? t("bornOn", { date: c.birthDate }) : "")}</td>
                    <td>{c.unitNames.join(", ")}</td>
                    <td>{c.caseManagerName ?? "—"}</td>
                    <td>
                      {c.currentFunding.map((f) => (
                        <span key={f.source} className="badge" title={f.source}>
                          {f.kind}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <Dialog open={creating} title={t("add")} onClose={() => setCreating(false)}>
        {creating ? (
          <ClientForm
            initial={EMPTY_CLIENT}
            units={unitRows}
            serverError={formError}
            busy={create.isPending}
            caseManagers={canPickCaseManager ? (people.data ?? []).map((p) => ({ id: p.id, name: `${p.lastName}, ${p.firstName}` })) : null}
            onCancel={() => setCreating(false)}
            onSubmit={(v) => create.mutate(toClientInput(v))}
          />
        ) : null}
      </Dialog>
    </>
  );
}
