"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { useSubmissionKey } from "@/components/ui/use-submission-key";
import { useFormat } from "@/components/ui/use-format";

type Channel = "e-financials" | "operator" | "email";

/**
 * The invoice page's send action: the funder's channel named, one button for a confirmed invoice
 * that is not out yet (again after a failure), the outcome announced to screen readers. Every
 * attempt and its answer then shows in the sending history below.
 */
export function InvoiceSend({
  id,
  channel,
  status,
  sendState,
  sentAt,
  canSend,
}: {
  id: string;
  channel: Channel;
  status: string;
  sendState: string;
  sentAt: Date | null;
  canSend: boolean;
}) {
  const t = useTranslations("invoiceSending");
  const format = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const key = useSubmissionKey();
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.invoices.get.queryKey({ id }) });
  const send = useMutation(
    trpc.billing.invoices.send.mutationOptions({
      onSuccess: (r) => {
        key.done();
        setNotice(r.ok ? { kind: "success", text: t("sent") } : { kind: "error", text: t("failed", { messages: r.messages.join("; ") }) });
        void refresh();
      },
      onError: (e) => {
        setNotice({ kind: "error", text: errorText(e).message });
        void refresh();
      },
    }),
  );
  const sendable = status === "confirmed" && (sendState === "idle" || sendState === "failed");
  return (
    <section className="panel" aria-labelledby="send-heading">
      <h2 id="send-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      <p>{t("channel", { channel: t(`channels.${channel}`) })}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      {sentAt ? <p>{t("alreadySent", { when: format.dateTime(new Date(sentAt)) })}</p> : null}
      {canSend && sendable ? (
        <p className="toolbar">
          <button
            type="button"
            className="btn"
            disabled={send.isPending}
            onClick={() => send.mutate({ id, idempotencyKey: key.keyFor({ id }) })}
          >
            {send.isPending ? t("sending") : t(`send.${channel}`)}
          </button>
        </p>
      ) : null}
    </section>
  );
}
