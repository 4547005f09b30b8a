"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import type { RouterOutputs } from "@/components/trpc/types";
import { Alert } from "@/components/ui/alert";
import { ListState } from "@/components/ui/editing";
import { Dialog } from "@/components/ui/dialog";
import { TextArea } from "@/components/ui/field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useMoney } from "./use-money";
import { useEverTrue } from "@/components/ui/use-ever-true";

// Loaded on the first "assign" (useEverTrue), not while the billing page loads (Lighthouse TBT).
const AssignDialog = dynamic(() => import("./assign-dialog").then((m) => m.AssignDialog), { ssr: false });

type Payment = RouterOutputs["payments"]["waiting"][number];

/** Payments not (fully) settled against invoices: a person assigns or ignores each. */
export function WaitingPayments({ onChanged }: { onChanged: () => void }) {
  const t = useTranslations("payments.waiting");
  const ta = useTranslations("payments.assign");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const money = useMoney();
  const errorText = useErrorText();
  const [assigning, setAssigning] = useState<Payment | null>(null);
  const assignDialogUsed = useEverTrue(assigning !== null);
  const [ignoring, setIgnoring] = useState<Payment | null>(null);
  const [note, setNote] = useState("");
  const [notice, setNotice] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const list = useQuery(trpc.payments.waiting.queryOptions());
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.payments.waiting.queryKey() });
    onChanged();
  };
  const ignore = useMutation(
    trpc.payments.ignore.mutationOptions({
      onSuccess: () => {
        setIgnoring(null);
        setNotice({ kind: "success", text: t("ignored") });
        refresh();
      },
      onError: (e) => {
        setIgnoring(null);
        setNotice({ kind: "error", text: errorText(e).message });
      },
    }),
  );
  const rows = list.data ?? [];

  return (
    <section className="panel" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" style={{ marginTop: 0 }}>
        {t("heading")}
      </h2>
      <p style={{ color: "var(--muted)" }}>{t("help")}</p>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <ListState query={list} count={rows.length} empty={t("empty")}>
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("colDate")}</th>
                  <th scope="col">{t("colPayer")}</th>
                  <th scope="col" className="num">
                    {t("colAmount")}
                  </th>
                  <th scope="col" className="num">
                    {t("colLeft")}
                  </th>
                  <th scope="col">{t("colDetails")}</th>
                  <th scope="col">{t("colReason")}</th>
                  <th scope="col">{t("actions")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.id}>
                    <td>{p.bookingDate}</td>
                    <td>{p.payerName ?? "—"}</td>
                    <td className="num">{money(p.amountCents)}</td>
                    <td className="num">{money(p.leftCents)}</td>
                    <td>{[p.reference, p.remittance].filter(Boolean).join(" · ") || "—"}</td>
                    <td>{p.unmatchedReason ? t(`reason.${p.unmatchedReason}`) : "—"}</td>
                    <td>
                      <div className="toolbar" style={{ marginBottom: 0, gap: ".25rem" }}>
                        <button
                          type="button"
                          className="btn secondary"
                          aria-label={`${t("assign")}: ${p.bookingDate} ${money(p.leftCents)}`}
                          onClick={() => setAssigning(p)}
                        >
                          {t("assign")}
                        </button>
                        <button
                          type="button"
                          className="btn link"
                          aria-label={`${t("ignore")}: ${p.bookingDate} ${money(p.leftCents)}`}
                          onClick={() => {
                            setNote("");
                            setIgnoring(p);
                          }}
                        >
                          {t("ignore")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </ListState>
      {assignDialogUsed ? (
        <AssignDialog
          payment={assigning}
          onClose={() => setAssigning(null)}
          onAssigned={() => {
            setAssigning(null);
            setNotice({ kind: "success", text: ta("assigned") });
            refresh();
          }}
        />
      ) : null}
      <Dialog open={ignoring !== null} title={t("ignoreTitle")} onClose={() => setIgnoring(null)}>
        <p>{t("ignoreMessage")}</p>
        <TextArea label={t("ignoreNote")} name="note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="actions">
          <button type="button" className="btn secondary" onClick={() => setIgnoring(null)} autoFocus>
            {tc("cancel")}
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={ignore.isPending}
            onClick={() => ignoring && ignore.mutate({ paymentId: ignoring.id, note })}
          >
            {t("ignore")}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
