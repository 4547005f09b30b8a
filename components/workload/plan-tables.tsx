"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import type { RouterOutputs } from "@/components/trpc/types";
import { EmptyState } from "@/components/ui/alert";
import { useHours } from "./format";

export type Plan = RouterOutputs["workload"]["plan"]["get"];

function Figure({
  label,
  value,
  note,
  over,
  children,
}: {
  label: string;
  value: string;
  note?: string;
  over?: boolean;
  children?: React.ReactNode;
}) {
  const id = useId();
  return (
    // A named group of its own term and value: a <dl> may not hold groups directly (axe: definition-list).
    <div role="group" aria-labelledby={id} className={over ? "over" : undefined}>
      <dl>
        <dt id={id}>{label}</dt>
        <dd>
          {value}
          {note ? <small>{note}</small> : null}
          {children}
        </dd>
      </dl>
    </div>
  );
}

/** Possible hours against agreed, done and general work, and what is left. */
export function PlanFigures({ plan, onEditPossible }: { plan: Plan; onEditPossible?: () => void }) {
  const t = useTranslations("workload");
  const hours = useHours();
  const h = (x: number) => t("hoursShort", { hours: hours(x) });
  const p = plan.possible;
  const possibleNote = p.override
    ? t("possibleOverridden", { computed: hours(p.computed) })
    : t("possibleComputed", { days: p.workingDays, shortened: p.shortenedDays.length });
  return (
    <div className="figures" role="group" aria-label={t("figures")}>
      <Figure label={t("possible")} value={h(p.hours)} note={possibleNote}>
        {onEditPossible ? (
          <button type="button" className="btn link" onClick={onEditPossible}>
            {t("editPossible")}
          </button>
        ) : null}
      </Figure>
      <Figure label={t("agreed")} value={h(plan.agreedHours)} />
      <Figure label={t("done")} value={h(plan.doneHours)} />
      <Figure label={t("general")} value={h(plan.generalHours)} />
      <Figure
        label={t("free")}
        value={h(plan.freeHours)}
        over={plan.freeHours < 0}
        note={plan.freeHours < 0 ? t("overPossible") : undefined}
      />
    </div>
  );
}

/** The month's hours by service and by client; a booking can start from a client's line. */
export function PlanTables({ plan, onBook }: { plan: Plan; onBook?: (client: { id: string; label: string }) => void }) {
  const t = useTranslations("workload");
  const locale = useLocale();
  const hours = useHours();
  const serviceName = (s: { nameEt: string; nameEn: string }) => (locale === "en" ? s.nameEn : s.nameEt);
  const sum = (pick: (s: Plan["byService"][number]) => number) => plan.byService.reduce((a, s) => a + pick(s), 0);
  return (
    <>
      <section className="workload-section" aria-labelledby="by-service">
        <h2 id="by-service">{t("byService")}</h2>
        {plan.byService.length === 0 ? (
          <EmptyState>{t("noSessionsInMonth")}</EmptyState>
        ) : (
          <div className="table-frame">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("service")}</th>
                  <th scope="col" className="num">
                    {t("agreed")}
                  </th>
                  <th scope="col" className="num">
                    {t("done")}
                  </th>
                  <th scope="col" className="num">
                    {t("sessions")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {plan.byService.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.code} {serviceName(s)}
                    </th>
                    <td className="num">{hours(s.agreedHours)}</td>
                    <td className="num">{hours(s.doneHours)}</td>
                    <td className="num">{s.sessions}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("totals")}</th>
                  <td className="num">{hours(plan.agreedHours)}</td>
                  <td className="num">{hours(plan.doneHours)}</td>
                  <td className="num">{sum((s) => s.sessions)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
      <section className="workload-section" aria-labelledby="by-client">
        <h2 id="by-client">{t("byClient")}</h2>
        {plan.byClient.length === 0 ? (
          <EmptyState>{t("noClientsInMonth")}</EmptyState>
        ) : (
          <>
            <div className="table-frame">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t("client")}</th>
                    <th scope="col" className="num">
                      {t("agreed")}
                    </th>
                    <th scope="col" className="num">
                      {t("done")}
                    </th>
                    <th scope="col" className="num">
                      {t("sessions")}
                    </th>
                    {onBook ? (
                      <th scope="col">
                        <span className="visually-hidden">{t("actions")}</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {plan.byClient.map((c) => (
                    <tr key={c.clientId ?? "hidden"}>
                      <th scope="row">
                        {c.clientId ? (
                          <Link href={`/clients/${c.clientId}`}>{c.name}</Link>
                        ) : (
                          t("otherClients", { count: plan.hiddenClients })
                        )}
                      </th>
                      <td className="num">{hours(c.agreedHours)}</td>
                      <td className="num">{hours(c.doneHours)}</td>
                      <td className="num">{c.sessions}</td>
                      {onBook ? (
                        <td>
                          {c.clientId ? (
                            <button
                              type="button"
                              className="btn link"
                              onClick={() => onBook({ id: c.clientId!, label: c.name ?? "" })}
                              aria-label={t("bookFor", { name: c.name ?? "" })}
                            >
                              {t("book")}
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">{t("groupHint")}</p>
          </>
        )}
      </section>
    </>
  );
}
