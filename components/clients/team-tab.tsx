"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ContactValues } from "@/server/clients/schemas";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import type { ClientRecordData } from "./client-record";
import { ContactForm, GrantForm, TeamForm } from "./team-forms";
import { useFormat } from "@/components/ui/use-format";

type Contact = ClientRecordData["network"][number];

export function TeamTab({ record }: { record: ClientRecordData }) {
  const t = useTranslations("clients");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const clientId = record.client.id;
  const [editingTeam, setEditingTeam] = useState<string[] | null>(null);
  const [contact, setContact] = useState<(Omit<Partial<Contact>, "id"> & { id: string | null }) | null>(null);
  const [removing, setRemoving] = useState<Contact | null>(null);
  const [granting, setGranting] = useState(false);
  const [formError, setFormError] = useState<ErrorText | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const people = useQuery({ ...trpc.employees.list.queryOptions({}), enabled: editingTeam !== null || granting });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.clients.get.queryKey({ clientId }) });
  const done = (text: string) => {
    setNotice({ kind: "success", text });
    setFormError(null);
    void refresh();
  };
  const setTeam = useMutation(
    trpc.clients.setTeam.mutationOptions({
      onSuccess: () => {
        setEditingTeam(null);
        done(t("teamSaved"));
      },
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  const saveContact = useMutation(
    trpc.clients.saveContact.mutationOptions({
      onSuccess: () => {
        setContact(null);
        done(t("contactSaved"));
      },
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  const deleteContact = useMutation(
    trpc.clients.deleteContact.mutationOptions({
      onSuccess: () => {
        setRemoving(null);
        done(t("contactDeleted"));
      },
      onError: (e) => {
        setRemoving(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const grant = useMutation(
    trpc.clients.grantAccess.mutationOptions({
      onSuccess: () => {
        setGranting(false);
        done(t("accessGranted"));
      },
      onError: (e) => setFormError(errorText(e)),
    }),
  );
  const revoke = useMutation(
    trpc.clients.revokeAccess.mutationOptions({
      onSuccess: () => done(t("accessRevoked")),
      onError: (e) => setNotice({ kind: "error", text: errorText(e).message }),
    }),
  );
  const canUpdate = record.can.update;

  return (
    <>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div className="panel">
        <div className="toolbar">
          <h2 style={{ margin: 0, flex: 1 }}>{t("team")}</h2>
          {canUpdate ? (
            <button
              type="button"
              className="btn secondary"
              onClick={() => {
                setFormError(null);
                setEditingTeam(record.team.map((m) => m.id));
              }}
            >
              {t("editTeam")}
            </button>
          ) : null}
        </div>
        <p>
          {t("caseManager")}: <strong>{record.caseManager ? `${record.caseManager.firstName} ${record.caseManager.lastName}` : "—"}</strong>
        </p>
        {record.team.length === 0 ? (
          <EmptyState>{t("noTeam")}</EmptyState>
        ) : (
          <ul>
            {record.team.map((m) => (
              <li key={m.id}>
                {m.firstName} {m.lastName}
                {m.active ? "" : ` (${t("inactive")})`}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="panel">
        <div className="toolbar">
          <h2 style={{ margin: 0, flex: 1 }}>{t("network")}</h2>
          {record.can.editNetwork ? (
            <button
              type="button"
              className="btn secondary"
              onClick={() => {
                setFormError(null);
                setContact({ id: null });
              }}
            >
              {t("addContact")}
            </button>
          ) : null}
        </div>
        {!record.can.readClinical ? (
          <p className="hint" style={{ color: "var(--muted)" }}>
            {t("networkHidden")}
          </p>
        ) : record.network.length === 0 ? (
          <EmptyState>{t("noNetwork")}</EmptyState>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("contactName")}</th>
                  <th scope="col">{t("contactKind")}</th>
                  <th scope="col">{t("contactDetails")}</th>
                  <th scope="col">{t("consents")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {record.network.map((c) => (
                  <tr key={c.id}>
                    <td>
                      {c.name}
                      {c.organisation ? (
                        <>
                          <br />
                          <small>{c.organisation}</small>
                        </>
                      ) : null}
                    </td>
                    <td>{t(`kinds.${c.kind}`)}</td>
                    <td>{[c.phone, c.email].filter(Boolean).join(", ")}</td>
                    <td>
                      {c.consents.length ? (
                        c.consents.map((x) => (
                          <span key={x} className="badge ok">
                            {t(`consentKinds.${x}`)}
                          </span>
                        ))
                      ) : (
                        <span className="badge">{t("noConsent")}</span>
                      )}
                    </td>
                    <td>
                      {record.can.editNetwork ? (
                        <>
                          <button
                            type="button"
                            className="btn link"
                            aria-label={t("editContactNamed", { name: c.name })}
                            onClick={() => {
                              setFormError(null);
                              setContact(c);
                            }}
                          >
                            {tc("edit")}
                          </button>
                          <button
                            type="button"
                            className="btn link"
                            aria-label={t("deleteContactNamed", { name: c.name })}
                            onClick={() => setRemoving(c)}
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
        )}
      </div>
      {record.can.manageAccess ? (
        <div className="panel">
          <div className="toolbar">
            <h2 style={{ margin: 0, flex: 1 }}>{t("grants")}</h2>
            <button
              type="button"
              className="btn secondary"
              onClick={() => {
                setFormError(null);
                setGranting(true);
              }}
            >
              {t("grantAccess")}
            </button>
          </div>
          <p className="hint" style={{ color: "var(--muted)" }}>
            {t("grantsHelp")}
          </p>
          {record.grants.length === 0 ? (
            <EmptyState>{t("noGrants")}</EmptyState>
          ) : (
            <div className="table-frame">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("grantee")}</th>
                    <th scope="col">{t("reason")}</th>
                    <th scope="col">{t("validUntil")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{tc("actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {record.grants.map((g) => (
                    <tr key={g.id} className={g.revokedAt || new Date(g.validUntil) < new Date() ? "inactive" : undefined}>
                      <td>{g.employeeName}</td>
                      <td>{g.reason}</td>
                      <td>
                        {format.date(new Date(g.validUntil))}
                        {g.revokedAt ? ` · ${t("revoked")}` : ""}
                      </td>
                      <td>
                        {!g.revokedAt && new Date(g.validUntil) > new Date() ? (
                          <button type="button" className="btn link" onClick={() => revoke.mutate({ clientId, grantId: g.id })}>
                            {t("revoke")}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : null}

      <Dialog open={editingTeam !== null} title={t("editTeam")} onClose={() => setEditingTeam(null)}>
        {editingTeam ? (
          <TeamForm
            clientId={clientId}
            employeeIds={editingTeam}
            people={people.data ?? []}
            serverError={formError}
            busy={setTeam.isPending}
            onSubmit={(input) => setTeam.mutate(input)}
            onCancel={() => setEditingTeam(null)}
          />
        ) : null}
      </Dialog>
      <Dialog open={contact !== null} title={contact?.id ? t("editContact") : t("addContact")} onClose={() => setContact(null)}>
        {contact ? (
          <ContactForm
            key={contact.id ?? "new"}
            initial={{
              clientId,
              id: contact.id,
              kind: contact.kind ?? "relative",
              name: contact.name ?? "",
              organisation: contact.organisation ?? "",
              phone: contact.phone ?? "",
              email: contact.email ?? "",
              consents: (contact.consents ?? []) as ContactValues["consents"],
              note: contact.note ?? "",
            }}
            serverError={formError}
            busy={saveContact.isPending}
            onSubmit={(input) => saveContact.mutate(input)}
            onCancel={() => setContact(null)}
          />
        ) : null}
      </Dialog>
      <Dialog open={granting} title={t("grantAccess")} onClose={() => setGranting(false)}>
        {granting ? (
          <GrantForm
            clientId={clientId}
            people={people.data ?? []}
            serverError={formError}
            busy={grant.isPending}
            onSubmit={(input) => grant.mutate(input)}
            onCancel={() => setGranting(false)}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        title={t("deleteContactTitle")}
        message={t("deleteContactConfirm", { name: removing?.name ?? "" })}
        confirmLabel={t("deleteContact")}
        busy={deleteContact.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && deleteContact.mutate({ clientId, id: removing.id })}
      />
    </>
  );
}
