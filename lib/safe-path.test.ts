import { describe, expect, it } from "vitest";
import { safeLocalPath } from "./safe-path";

describe("safeLocalPath: only a path on this site, always relative", () => {
  it("keeps a path with its query and fragment", () => {
    expect(safeLocalPath("/clients/1?tab=plan#goals")).toBe("/clients/1?tab=plan#goals");
    expect(safeLocalPath("/")).toBe("/");
  });

  it("refuses everything a browser would take to another host", () => {
    const foreign = [
      "//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "http://evil.example/",
      "https:evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ];
    for (const value of foreign) expect([value, safeLocalPath(value)]).toEqual([value, "/"]);
  });

  it("turns an absolute URL into nothing, even one naming this host: the caller adds no origin", () => {
    expect(safeLocalPath("http://localhost:3000/clients", "/home")).toBe("/home");
  });
});
