import { currentActor } from "@/server/auth/current-actor";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { EXPORT_LISTS, isExportList, label, type ExportList, type Locale } from "@/server/exports/lists";
import { csvStream, xlsxStream } from "@/server/exports/stream";

/**
 * GET /api/exports/<list>?format=csv|xlsx&locale=et|en&<the list's filters>: a list as on the
 * screen, streamed page by page (the next page is read when the reader has taken the last, and
 * stops when the reader stops). The first page is read before answering, so a refusal is a 403 or
 * 404, not a broken file. The rows come from the list's own domain function (its policy); each
 * export is audited before its first row leaves.
 */
export async function GET(request: Request, { params }: { params: Promise<{ list: string }> }) {
  const { list } = await params;
  if (!isExportList(list)) return new Response("Not found", { status: 404 });
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first", { status: 401 });
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx") return new Response("format must be csv or xlsx", { status: 400 });
  const locale: Locale = url.searchParams.get("locale") === "en" ? "en" : "et";
  const def: ExportList = EXPORT_LISTS[list];
  const filters = Object.fromEntries([...url.searchParams].filter(([k, v]) => !["format", "locale"].includes(k) && v !== ""));
  const parsed = def.params.safeParse(filters);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    return new Response(`Check the parameter ${field}`, { status: 400 });
  }
  const ip = request.headers.get("x-real-ip");
  const ctx = { db: db(), actor, ip };
  try {
    const pages = def.pages(ctx, parsed.data, locale);
    const first = await pages.next();
    async function* all() {
      if (first.done) return;
      yield first.value;
      yield* pages;
    }
    const columns = def.columns.map((c) => ({ label: label(locale, c.key), kind: c.kind }));
    // Audited before any row leaves: what was asked for, by whom.
    await recordAudit(ctx.db, {
      actorEmployeeId: actor.employeeId,
      action: "list.export",
      clientId: typeof parsed.data.clientId === "string" ? parsed.data.clientId : null,
      targetType: "list",
      targetId: list,
      ip,
      details: { list, format },
    });
    const name = `${list}-${new Date().toISOString().slice(0, 10)}.${format}`;
    const body = format === "csv" ? csvStream(columns, all(), locale) : xlsxStream(list, columns, all());
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof AppError)
      return new Response(err.message, { status: err.code === "NOT_FOUND" ? 404 : err.code === "FORBIDDEN" ? 403 : 400 });
    throw err;
  }
}
