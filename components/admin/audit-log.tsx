"use client";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { tallinnDayStart } from "@/lib/tallinn-time";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { SelectField, TextField } from "@/components/ui/field";
import { DateField } from "@/components/ui/entry-field";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

const ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "access.refused",
  "unit.",
  "employee.",
  "role.",
  "specialty.",
  "settings.",
  "funding_source.",
  "service.",
  "price_version.",
  "client.",
  "decision.",
  "entry.",
  "session.",
  "calendar.",
  "room.",
  "report.",
  "invoice.",
  "billing.",
  "work_type.",
  "time_entry.",
  "possible_hours.",
  "timesheet.",
  "audit.verify",
  "installation.",
];

type Filter = { action?: string; outcome?: "ok" | "refused" | "failed"; text?: string; from?: Date; to?: Date };

/** Tallinn midnight of a yyyy-mm-dd date input, as an instant. */
function dayStart(value: string, plusDays = 0): Date | undefined {
  return value ? tallinnDayStart(value, plusDays) : undefined;
}

export function AuditLog() {
  const t = useTranslations("audit");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<Filter>({});
  // Held here, not read from the form: a typed day counts only once it has been read as a day.
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const verify = useMutation(trpc.audit.verify.mutationOptions());

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setFilter({
      action: (f.get("action") as string) || undefined,
      outcome: ((f.get("outcome") as string) || undefined) as Filter["outcome"],
      text: (f.get("text") as string) || undefined,
      from: dayStart(from),
      to: dayStart(to, 1),
    });
  }
  const rows = log.data?.pages.flatMap((p) => p.rows) ?? [];
  const actionLabel = (a: string) => {
    const key = `actions.${a.replace(/\./g, "_")}`;
    return t.has(key) ? t(key) : a;
  };
  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>{t("title")}</h1>
        <button type="button" className="btn secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          {verify.isPending ? t("verifying") : t("verify")}
        </button>
      </div>
      {verify.data ? (
        verify.data.ok ? (
          <Alert kind="success">{t("chainOk")}</Alert>
        ) : (
          <Alert kind="error">
            {t("chainBroken", { count: verify.data.problems.length })}
            <ul>
              {verify.data.problems.slice(0, 20).map((p) => (
                <li key={`${p.seq}-${p.problem}`}>
                  #{p.seq}: {p.problem}
                </li>
              ))}
            </ul>
          </Alert>
        )
      ) : null}
      {verify.isError ? <Alert kind="error">{errorText(verify.error).message}</Alert> : null}
      <form className="toolbar panel" onSubmit={apply} role="search" aria-label={t("filters")}>
        <SelectField label={t("action")} name="action" defaultValue="">
          <option value="">{t("allActions")}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("outcome")} name="outcome" defaultValue="">
          <option value="">{t("allOutcomes")}</option>
          <option value="ok">{t("outcomes.ok")}</option>
          <option value="refused">{t("outcomes.refused")}</option>
          <option value="failed">{t("outcomes.failed")}</option>
        </SelectField>
        <TextField label={t("text")} name="text" type="search" hint={t("textHint")} />
        <DateField label={t("from")} name="from" value={from} onChange={setFrom} />
        <DateField label={t("to")} name="to" value={to} onChange={setTo} />
        <button type="submit" className="btn" style={{ marginBottom: ".9rem" }}>
          {t("apply")}
        </button>
      </form>
      {log.isPending ? (
        <p>{tc("loading")}</p>
      ) : log.isError ? (
        <Alert kind="error">{errorText(log.error).message}</Alert>
      ) : rows.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <div className="table-frame">
            <table className="data">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("time")}</th>
                  <th scope="col">{t("who")}</th>
                  <th scope="col">{t("action")}</th>
                  <th scope="col">{t("outcome")}</th>
                  <th scope="col">{t("details")}</th>
                  <th scope="col">IP</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.seq}>
                    <td>{r.seq}</td>
                    <td>{format.dateTime(r.at)}</td>
                    <td>
                      {r.actorName ?? r.subject ?? "—"}
                      {r.actorName && r.subject ? (
                        <>
                          <br />
                          <small>{r.subject}</small>
                        </>
                      ) : null}
                    </td>
                    <td>{actionLabel(r.action)}</td>
                    <td>
                      <span className={`badge ${r.outcome === "ok" ? "ok" : "danger"}`}>{t(`outcomes.${r.outcome}`)}</span>
                    </td>
                    <td>
                      <code style={{ fontSize: ".8rem", wordBreak: "break-word" }}>
                        {r.targetType ? `${r.targetType} ${r.targetId ?? ""} ` : ""}
                        {JSON.stringify(r.details)}
                      </code>
                    </td>
                    <td>{r.ip ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.hasNextPage ? (
            <div className="actions" style={{ justifyContent: "center" }}>
              <button type="button" className="btn secondary" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                {t("more")}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
