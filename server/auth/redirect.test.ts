import { describe, expect, it } from "vitest";
import { redirectOnSameHost } from "./redirect";

/**
 * Auth.js's answer to sign-in and sign-out says where to go next. It must be the host the person
 * used, not AUTH_URL's (server.ts sets localhost when unset): a person who came by IP address or
 * by domain would otherwise land, signed out, on another host.
 */
const baseUrl = "http://localhost:3000";
const via = (host: string, url: string, extra: Record<string, string> = {}, trustProxy = false) =>
  redirectOnSameHost({ url, baseUrl, headers: new Headers({ host, ...extra }), authUrl: baseUrl, trustProxy });

describe("where Auth.js sends the person", () => {
  it("back to the host the request came to, by IP address or by domain", () => {
    expect(via("127.0.0.1:3000", "/login")).toBe("http://127.0.0.1:3000/login");
    expect(via("hoolekanne.example.ee", "/login")).toBe("http://hoolekanne.example.ee/login");
    // Auth.js's own absolute URLs (AUTH_URL's origin) become the person's host too.
    expect(via("127.0.0.1:3000", "http://localhost:3000/clients?tab=plan")).toBe("http://127.0.0.1:3000/clients?tab=plan");
    expect(via("10.0.0.5:3000", "http://10.0.0.5:3000/calendar")).toBe("http://10.0.0.5:3000/calendar");
  });

  it("behind a trusted proxy, to the forwarded host and scheme", () => {
    const forwarded = { "x-forwarded-host": "hoolekanne.example.ee", "x-forwarded-proto": "https" };
    expect(via("127.0.0.1:3000", "/login", forwarded, true)).toBe("https://hoolekanne.example.ee/login");
    expect(via("127.0.0.1:3000", "/login", forwarded, false)).toBe("http://127.0.0.1:3000/login");
  });

  it("never to another site", () => {
    for (const target of ["http://evil.example/", "//evil.example", "/\\evil.example", "http://localhost:3000.evil.example/"]) {
      expect([target, via("127.0.0.1:3000", target)]).toEqual([target, "http://127.0.0.1:3000/"]);
    }
    expect(via("evil host/", "/login")).toBe("http://localhost:3000/login");
  });
});
