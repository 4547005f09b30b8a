"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { Dialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { useHours } from "./format";
import { useFormat } from "@/components/ui/use-format";
import { useLocalName } from "@/components/ui/use-local-name";

type Counting = { counted: boolean; onChange: (counted: boolean) => void; busy: boolean } | null;

/**
 * One line of the time sheet opened up: the done sessions and the general work it adds up; a
 * manager of the unit may leave the person out of time accounting here (or take them back).
 */
export function SheetDetails({
  employeeId,
  month,
  onClose,
  counting = null,
}: {
  employeeId: string | null;
  month: string;
  onClose: () => void;
  counting?: Counting;
}) {
  const t = useTranslations("workload");
  return (
    <Dialog open={employeeId !== null} title={t("detailsTitle")} onClose={onClose}>
      {employeeId ? <Details employeeId={employeeId} month={month} onClose={onClose} counting={counting} /> : null}
    </Dialog>
  );
}

function Details({ employeeId, month, onClose, counting }: { employeeId: string; month: string; onClose: () => void; counting: Counting }) {
  const t = useTranslations("workload");
  const tc = useTranslations("common");
  const locale = useLocale();
  const format = useFormat();
  const hours = useHours();
  const localName = useLocalName();
  const trpc = useTRPC();
  const errorText = useErrorText();
  const details = useQuery(trpc.workload.sheet.details.queryOptions({ employeeId, month }));
  if (details.isPending) return <p>{tc("loading")}</p>;
  if (details.isError) return <Alert kind="error">{errorText(details.error).message}</Alert>;
  const d = details.data;
  const day = (date: string) => format.weekdayDay(date);
  const time = (s: Date, e: Date) => format.slot(s, e);
  return (
    <>
      <p>
        <strong>{d.employee.name}</strong> · <Link href={`/workload?employee=${d.employee.id}&month=${month}`}>{t("openPlan")}</Link>
      </p>
      <h3>{t("doneSessions")}</h3>
      {d.sessions.length === 0 ? (
        <EmptyState>{t("noDoneSessions")}</EmptyState>
      ) : (
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("service")}</th>
                <th scope="col">{t("clients")}</th>
                <th scope="col" className="num">
                  {t("hours")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{time(s.startsAt, s.endsAt)}</td>
                  <td>
                    {s.serviceCode} {locale === "en" ? s.serviceEn : s.serviceEt}
                  </td>
                  <td>{[...s.clients, ...(s.hiddenClients ? [t("moreClients", { count: s.hiddenClients })] : [])].join(", ")}</td>
                  <td className="num">{hours(s.hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t("generalWork")}</h3>
      {d.entries.length === 0 ? (
        <EmptyState>{t("noEntries")}</EmptyState>
      ) : (
        <div className="table-frame">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("date")}</th>
                <th scope="col">{t("workType")}</th>
                <th scope="col" className="num">
                  {t("hours")}
                </th>
                <th scope="col">{t("note")}</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.id}>
                  <td>{day(e.workDate)}</td>
                  <td>{localName({ name: e.type, nameEn: e.typeEn })}</td>
                  <td className="num">{hours(e.hours)}</td>
                  <td>{e.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {counting && !counting.counted ? <p className="hint">{t("leftOutNote")}</p> : null}
      <div className="actions">
        {counting ? (
          <button type="button" className="btn secondary" disabled={counting.busy} onClick={() => counting.onChange(!counting.counted)}>
            {counting.counted ? t("leaveOutPerson") : t("countPerson")}
          </button>
        ) : null}
        <button type="button" className="btn secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
    </>
  );
}
