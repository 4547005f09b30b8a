"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

/**
 * Secret iCal feeds for phone calendars: one's own sessions or a room's, times and room only.
 * The address is shown once, when it is made; a lost one is revoked and made anew.
 */
export function FeedsPanel({ employeeId }: { employeeId: string }) {
  const t = useTranslations("scheduling.feeds");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const feeds = useQuery(trpc.scheduling.feeds.list.queryOptions());
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const [target, setTarget] = useState("me");
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.scheduling.feeds.list.queryKey() });
  const create = useMutation(
    trpc.scheduling.feeds.create.mutationOptions({
      onSuccess: ({ token }) => {
        setError(null);
        setCreated(`${window.location.origin}/api/ical/${token}.ics`);
        void refresh();
      },
      onError: (e) => setError(errorText(e).message),
    }),
  );
  const revoke = useMutation(
    trpc.scheduling.feeds.revoke.mutationOptions({
      onSuccess: () => {
        setRevoking(null);
        void refresh();
      },
      onError: (e) => {
        setRevoking(null);
        setError(errorText(e).message);
      },
    }),
  );
  return (
    <section className="panel" aria-labelledby="feeds-heading" style={{ marginTop: "1rem" }}>
      <h2 id="feeds-heading" style={{ marginTop: 0 }}>
        {t("title")}
      </h2>
      <p style={{ color: "var(--muted)" }}>{t("help")}</p>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {created ? (
        <Alert kind="success">
          {t("created")} <code style={{ wordBreak: "break-all" }}>{created}</code>
        </Alert>
      ) : null}
      <div className="toolbar">
        <SelectField label={t("what")} name="feedTarget" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="me">{t("mine")}</option>
          {(rooms.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {t("room", { name: r.name })}
            </option>
          ))}
        </SelectField>
        {/* Enabled once the list has loaded, which is after hydration: an earlier click would do nothing. */}
        <button
          type="button"
          className="btn secondary"
          style={{ marginBottom: ".9rem" }}
          disabled={create.isPending || !feeds.isSuccess}
          onClick={() => create.mutate(target === "me" ? { kind: "specialist", targetId: employeeId } : { kind: "room", targetId: target })}
        >
          {t("create")}
        </button>
      </div>
      {(feeds.data ?? []).length > 0 ? (
        <ul>
          {feeds.data!.map((f) => (
            <li key={f.id}>
              {f.kind === "room" ? t("room", { name: f.roomName ?? "" }) : t("mine")} · {format.date(f.createdAt)}{" "}
              <button type="button" className="btn link" onClick={() => setRevoking(f.id)}>
                {t("revoke")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={revoking !== null}
        title={t("revokeTitle")}
        message={t("revokeConfirm")}
        confirmLabel={t("revoke")}
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ id: revoking })}
      />
    </section>
  );
}
