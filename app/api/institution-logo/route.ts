import { db } from "@/server/db/client";
import { getInstitutionLogo } from "@/server/settings/institution";

/** The institution's logo for the header and documents; public like a letterhead. */
export async function GET() {
  const logo = await getInstitutionLogo(db());
  if (!logo) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(logo.bytes), {
    headers: { "content-type": logo.mime, "cache-control": "no-cache", "x-content-type-options": "nosniff" },
  });
}
