import { currentActor } from "@/server/auth/current-actor";
import { db } from "@/server/db/client";
import { attachScan, readScan, SCAN_MAX_BYTES } from "@/server/documents/scans";
import { AppError } from "@/server/errors";

/**
 * /api/documents/<id>/scan: POST a signed attendance sheet's scan (multipart, field "file"),
 * GET it back. Files do not fit tRPC's 1 MB JSON body, hence a route of its own; the rules are
 * the domain's (server/documents/scans.ts).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

function refusal(err: unknown): Response {
  if (!(err instanceof AppError)) throw err;
  const status = err.code === "NOT_FOUND" ? 404 : err.code === "FORBIDDEN" ? 403 : err.code === "CONFLICT" ? 409 : 400;
  return json(status, { messageKey: err.messageKey, params: err.params, field: err.field ?? null, message: err.message });
}

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  if (!actor) return json(401, { messageKey: "errors.signInFirst" });
  if (!UUID.test(id)) return json(404, { messageKey: "errors.notFound", params: { what: "document" } });
  // Refused before reading the body: a declared size over the limit plus room for the multipart framing.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > SCAN_MAX_BYTES + 64 * 1024) return json(413, { messageKey: "errors.scanTooLarge", params: { maxMb: 5 }, field: "file" });
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    return json(400, { messageKey: "errors.scanType", field: "file" });
  }
  if (!file || typeof file === "string") return json(400, { messageKey: "errors.scanEmpty", field: "file" });
  try {
    const bytes = Buffer.from(await file.arrayBuffer());
    const done = await attachScan({ db: db(), actor, ip: request.headers.get("x-real-ip") }, { documentId: id, bytes });
    return json(200, done);
  } catch (err) {
    return refusal(err);
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  if (!actor) return new Response("Sign in first", { status: 401 });
  if (!UUID.test(id)) return new Response("Not found", { status: 404 });
  try {
    const scan = await readScan({ db: db(), actor, ip: request.headers.get("x-real-ip") }, { documentId: id });
    return new Response(new Uint8Array(scan.bytes), {
      headers: {
        "content-type": scan.mime,
        "content-disposition": `attachment; filename="${scan.fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return refusal(err);
  }
}
