"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";

/** Who has read or changed this client's data: the client's own access history. */
export function HistoryTab({ clientId }: { clientId: string }) {
  const t = useTranslations("clients.history");
  const ta = useTranslations("audit");
  const tc = useTranslations("common");
  const format = useFormat();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const history = useQuery(trpc.clients.accessHistory.queryOptions({ clientId }));
  if (history.isPending) return <p>{tc("loading")}</p>;
  if (history.isError) return <Alert kind="error">{errorText(history.error).message}</Alert>;
  if (history.data.length === 0) return <EmptyState>{t("empty")}</EmptyState>;
  const label = (action: string, details: unknown) => {
    const view = (details as { view?: string } | null)?.view;
    if (action === "client.read" && view && t.has(`views.${view}`)) return t("read", { what: t(`views.${view}`) });
    const key = `actions.${action.replace(/\./g, "_")}`;
    return ta.has(key) ? ta(key) : action;
  };
  return (
    <div className="table-frame">
      <table className="data">
        <caption className="visually-hidden">{t("title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("what")}</th>
          </tr>
        </thead>
        <tbody>
          {history.data.map((r) => (
            <tr key={r.seq}>
              <td>{format.dateTime(r.at)}</td>
              <td>{r.actorName ?? "—"}</td>
              <td>{label(r.action, r.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
