import { NextResponse, type NextRequest } from "next/server";

/**
 * Sends people without a session cookie to the sign-in page before any page renders. Only the
 * cookie's presence is checked here; pages and tRPC verify the session itself.
 */
export function proxy(request: NextRequest) {
  const hasSession = request.cookies.has("authjs.session-token") || request.cookies.has("__Secure-authjs.session-token");
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = request.nextUrl.pathname === "/" ? "" : `?next=${encodeURIComponent(request.nextUrl.pathname)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // The offline page, the service worker, the manifest and the icons hold no data and must load signed out.
  matcher: ["/((?!login|api|_next|favicon.ico|fonts|offline|sw.js|manifest.webmanifest|icon.svg|pwa-icon).*)"],
};
