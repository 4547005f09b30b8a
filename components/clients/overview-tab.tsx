"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { treeOrder } from "@/components/admin/unit-options";
import { COUNTIES, COUNTY_NAMES, type County } from "@/lib/counties";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { Loading } from "@/components/ui/loading";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { toClientInput, type ClientFormValues } from "./client-form-values";
import type { ClientRecordData } from "./client-record";

// The form (react-hook-form, the schemas) loads when the person opens it, not with the record.
const ClientForm = dynamic(() => import("./client-form").then((m) => m.ClientForm), { ssr: false, loading: Loading });

export function OverviewTab({ record }: { record: ClientRecordData }) {
  const t = useTranslations("clients");
  const tc = useTranslations("common");
  const locale = useLocale() === "en" ? "en" : "et";
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const { client, can } = record;
  const [editing, setEditing] = useState(false);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [confirmAnonymise, setConfirmAnonymise] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const units = useQuery({ ...trpc.units.list.queryOptions(), enabled: editing });
  const people = useQuery({ ...trpc.employees.list.queryOptions({}), enabled: editing });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.clients.get.queryKey({ clientId: client.id }) });
  const update = useMutation(
    trpc.clients.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        setNotice({ kind: "success", text: t("saved") });
        void refresh();
      },
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  const exportData = useMutation(
    trpc.clients.export.mutationOptions({
      onSuccess: (data) => {
        const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = `klient-${client.id}.json`;
        a.click();
        URL.revokeObjectURL(a.href);
        setNotice({ kind: "success", text: t("exported") });
      },
      onError: (e) => setNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  const anonymise = useMutation(
    trpc.clients.anonymise.mutationOptions({
      onSuccess: () => router.push("/clients"),
      onError: (e) => {
        setConfirmAnonymise(false);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const initial: ClientFormValues = {
    personalCode: client.personalCode ?? "",
    foreign: !client.personalCode,
    birthDate: client.birthDate ?? "",
    firstName: client.firstName,
    lastName: client.lastName,
    email: client.email ?? "",
    phone: client.phone ?? "",
    address: client.address,
    county: (COUNTIES.find((c) => c === client.county) ?? "") as ClientFormValues["county"],
    legalRepresentative: client.legalRepresentative,
    preferredLanguage: client.preferredLanguage as ClientFormValues["preferredLanguage"],
    notes: client.notes,
    unitIds: record.units.map((u) => u.id),
    caseManagerId: client.caseManagerId ?? "",
  };
  return (
    <>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div className="panel">
        <dl className="facts">
          <dt>{t("personalCode")}</dt>
          <dd>{client.personalCode ?? "—"}</dd>
          {client.birthDate ? (
            <>
              <dt>{t("birthDate")}</dt>
              <dd>{client.birthDate}</dd>
            </>
          ) : null}
          <dt>{t("phone")}</dt>
          <dd>{client.phone ?? "—"}</dd>
          <dt>{t("email")}</dt>
          <dd>{client.email ?? "—"}</dd>
          <dt>{t("address")}</dt>
          <dd>{client.address || "—"}</dd>
          <dt>{t("county")}</dt>
          <dd>{COUNTIES.find((c) => c === client.county) ? COUNTY_NAMES[client.county as County][locale] : "—"}</dd>
          <dt>{t("legalRepresentative")}</dt>
          <dd>{client.legalRepresentative || "—"}</dd>
          <dt>{t("preferredLanguage")}</dt>
          <dd>{t(`languages.${client.preferredLanguage}`)}</dd>
          <dt>{t("units")}</dt>
          <dd>{record.units.map((u) => u.name).join(", ")}</dd>
          <dt>{t("caseManager")}</dt>
          <dd>{record.caseManager ? `${record.caseManager.firstName} ${record.caseManager.lastName}` : "—"}</dd>
          {client.notes ? (
            <>
              <dt>{t("notes")}</dt>
              <dd style={{ whiteSpace: "pre-wrap" }}>{client.notes}</dd>
            </>
          ) : null}
        </dl>
        {can.readClinical ? null : (
          <p className="hint" style={{ color: "var(--muted)" }}>
            {t("clinicalHidden")}
          </p>
        )}
        <div className="actions">
          {can.export ? (
            <button
              type="button"
              className="btn secondary"
              onClick={() => exportData.mutate({ clientId: client.id })}
              disabled={exportData.isPending}
            >
              {t("export")}
            </button>
          ) : null}
          {can.anonymise ? (
            <button type="button" className="btn danger" onClick={() => setConfirmAnonymise(true)}>
              {t("anonymise")}
            </button>
          ) : null}
          {can.update ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setFormError(null);
                setEditing(true);
              }}
            >
              {t("edit")}
            </button>
          ) : null}
        </div>
      </div>
      <Dialog open={editing} title={t("edit")} onClose={() => setEditing(false)}>
        {editing && units.data ? (
          <ClientForm
            initial={initial}
            units={treeOrder(units.data)}
            serverError={formError}
            busy={update.isPending}
            showNotes={can.readClinical}
            caseManagers={(people.data ?? []).map((p) => ({ id: p.id, name: `${p.lastName}, ${p.firstName}` }))}
            onCancel={() => setEditing(false)}
            onSubmit={(v) => update.mutate({ clientId: client.id, ...toClientInput(v) })}
          />
        ) : (
          <p>{tc("loading")}</p>
        )}
      </Dialog>
      <ConfirmDialog
        open={confirmAnonymise}
        title={t("anonymiseTitle")}
        message={t("anonymiseConfirm")}
        confirmLabel={t("anonymise")}
        busy={anonymise.isPending}
        onCancel={() => setConfirmAnonymise(false)}
        onConfirm={() => anonymise.mutate({ clientId: client.id })}
      />
    </>
  );
}
