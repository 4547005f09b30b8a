import { NextResponse, type NextRequest } from "next/server";

/**
 * Switches the interface language and goes back to the page. A plain form target, so the switch
 * works before the page's scripts have loaded (and without them).
 */
export function GET(request: NextRequest) {
  const locale = request.nextUrl.searchParams.get("set") === "en" ? "en" : "et";
  const next = request.nextUrl.searchParams.get("next") ?? "/";
  const target = next.startsWith("/") && !next.startsWith("//") ? next : "/";
  const response = NextResponse.redirect(new URL(target, request.nextUrl.origin), 303);
  response.cookies.set("NEXT_LOCALE", locale, { path: "/", maxAge: 31_536_000, sameSite: "lax" });
  return response;
}
