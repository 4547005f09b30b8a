"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { Scheduler } from "./scheduler";
import { validDate } from "./time";

/**
 * The client's sessions inside the client's record. A booking made here starts with the client
 * chosen; marking a session done adds to the dataset, so that is refetched too.
 */
export function ClientCalendarTab({ clientId, clientName }: { clientId: string; clientName: string }) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const te = useTranslations("errors");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const me = useQuery(trpc.me.get.queryOptions());
  // ?date=YYYY-MM-DD opens the week of that day.
  const initialDate = validDate(useSearchParams().get("date"));
  if (me.isPending) return <p>{tc("loading")}</p>;
  if (me.isError) return <Alert kind="error">{errorText(me.error).message}</Alert>;
  const may = (key: string) => me.data.permissions.some((p) => p.key === key);
  if (!may("sessions:read")) return <Alert kind="info">{te("noAccess")}</Alert>;
  const meOption = { id: me.data.employeeId, label: `${me.data.firstName} ${me.data.lastName}` };
  return (
    <>
      <h2 className="visually-hidden">{t("clientCalendar")}</h2>
      <Scheduler
        mode="plain"
        filter={{ clientId }}
        liveRooms={[`client:${clientId}`]}
        alsoRefresh={[trpc.funding.entries.list.pathKey(), trpc.funding.decisions.list.queryKey({ clientId })]}
        initialView="week"
        initialDate={initialDate}
        me={meOption}
        canBook={may("sessions:book")}
        presetFor={() => ({ clients: [{ id: clientId, label: clientName }] })}
      />
    </>
  );
}
