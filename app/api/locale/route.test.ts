import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET } from "./route";

/**
 * Next hands route handlers the origin it was started with (http://localhost:<port>), whatever
 * host the person used; the switch must answer with a relative Location on this site.
 */
const switchTo = (query: string) =>
  GET(new NextRequest(`http://localhost:3000/api/locale?${query}`, { headers: { host: "192.168.1.20:3000" } }));

describe("GET /api/locale", () => {
  it("sets the language and goes back to the page by a relative path, so the host the person used stays", () => {
    const res = switchTo("set=en&next=%2Fclients%3Ftab%3Dplan");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/clients?tab=plan");
    expect(res.headers.get("set-cookie")).toMatch(/^NEXT_LOCALE=en; Path=\/; Max-Age=31536000; SameSite=Lax/);
  });

  it("never follows next= to another site", () => {
    for (const next of ["/%5Cevil.example", "//evil.example", "http://evil.example/", "/%09/evil.example", "%2F%5Cevil.example"]) {
      const res = switchTo(`set=et&next=${next}`);
      expect([next, res.headers.get("location")]).toEqual([next, "/"]);
    }
  });
});
