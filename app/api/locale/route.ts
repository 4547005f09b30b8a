import type { NextRequest } from "next/server";
import { safeLocalPath } from "@/lib/safe-path";

/**
 * Switches the interface language and goes back to the page. A plain form target, so the switch
 * works before the page's scripts have loaded (and without them). The Location is a relative
 * path on this site: Next knows itself only as the origin it was started with, while the person
 * may have come by IP address or by the institution's domain.
 */
export function GET(request: NextRequest) {
  const locale = request.nextUrl.searchParams.get("set") === "en" ? "en" : "et";
  const target = safeLocalPath(request.nextUrl.searchParams.get("next"));
  const response = new Response(null, { status: 303, headers: { location: target, "cache-control": "no-store" } });
  response.headers.append("set-cookie", `NEXT_LOCALE=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`);
  return response;
}
