"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { tallinnDate } from "./time";

type AppData = { messageKey: string; params: Record<string, string | number>; field: string | null };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * useErrorText for the calendars: the clash messages carry ISO timestamps, shown here as Tallinn
 * times; a status is worded; and a refusal about one client of a group (a hard limit when the
 * session is marked done) says whose it is.
 */
export function useSchedulingError() {
  const errorText = useErrorText();
  const format = useFormatter();
  const t = useTranslations("scheduling");
  return useCallback(
    (error: unknown): ErrorText => {
      const data = (error as { data?: { app?: AppData | null } } | null)?.data;
      const app = data?.app;
      if (!app) return errorText(error);
      const params: Record<string, string | number> = { ...app.params };
      const start = typeof params.start === "string" && ISO.test(params.start) ? new Date(params.start) : null;
      const end = typeof params.end === "string" && ISO.test(params.end) ? new Date(params.end) : null;
      if (start) params.start = format.dateTime(start, { dateStyle: "short", timeStyle: "short" });
      if (end) {
        const sameDay = start && tallinnDate(start) === tallinnDate(end);
        params.end = format.dateTime(end, sameDay ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" });
      }
      if (app.messageKey === "errors.sessionClosed" && typeof params.status === "string" && t.has(`statuses.${params.status}`)) {
        params.status = t(`statuses.${params.status}`);
      }
      const worded = errorText({ ...(error as object), data: { ...data, app: { ...app, params } } });
      const client = app.params.client;
      if (typeof client === "string" && client && !worded.message.includes(client)) {
        return { ...worded, message: `${client}: ${worded.message}` };
      }
      return worded;
    },
    [errorText, format, t],
  );
}
