"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { deviceLabel } from "@/lib/device-label";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

/** "My sessions": where the person is signed in, with a way out of each and of all. */
export function MySessions() {
  const t = useTranslations("account");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
  const end = useMutation(
    trpc.account.endSession.mutationOptions({
      onSuccess: () => {
        setNotice(t("sessionEnded"));
        refresh();
      },
    }),
  );
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({
      // The server has ended this session too; clear the cookie and go to sign-in.
      onSuccess: () => void signOut({ redirectTo: "/login" }),
    }),
  );
  const failure = end.error ?? everywhere.error;
  const rows = sessions.data ?? [];

  return (
    <section aria-labelledby="my-sessions">
      <h2 id="my-sessions">{t("sessionsTitle")}</h2>
      <p>{t("sessionsIntro")}</p>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      {failure ? <Alert kind="error">{errorText(failure).message}</Alert> : null}
      {sessions.isPending ? (
        <p>{tc("loading")}</p>
      ) : sessions.isError ? (
        <Alert kind="error">{errorText(sessions.error).message}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState>{t("noSessions")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("sessionsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("device")}</th>
                  <th scope="col">{t("ip")}</th>
                  <th scope="col">{t("since")}</th>
                  <th scope="col">{t("lastSeen")}</th>
                  <th scope="col">{t("method")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{tc("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => {
                  const device = deviceLabel(s.userAgent) ?? t("unknownDevice");
                  return (
                    <tr key={s.id}>
                      <td>
                        {device}
                        {s.current ? (
                          <>
                            {" "}
                            <span className="badge ok">{t("current")}</span>
                          </>
                        ) : null}
                      </td>
                      <td>{s.ip ?? "—"}</td>
                      <td>{format.dateTime(s.createdAt)}</td>
                      <td>{format.dateTime(s.lastSeenAt)}</td>
                      <td>{s.method === "eid" ? t("methods.eid") : t("methods.password")}</td>
                      <td>
                        {s.current ? null : (
                          <button
                            type="button"
                            className="btn link"
                            disabled={end.isPending}
                            aria-label={t("endSessionNamed", { device })}
                            onClick={() => end.mutate({ sessionId: s.id })}
                          >
                            {t("endSession")}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
          {t("signOutEverywhere")}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t("signOutEverywhereTitle")}
        message={t("signOutEverywhereConfirm")}
        confirmLabel={t("signOutEverywhere")}
        busy={everywhere.isPending}
        onConfirm={() => everywhere.mutate()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}
