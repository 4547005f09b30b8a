import { describe, expect, it } from "vitest";
import { newNonce } from "./security-headers";

describe("newNonce", () => {
  it("gives 16 random bytes each time, never the same, across refills of its pool", () => {
    const nonces = Array.from({ length: 1000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    // Not a counter or a slice of one sequence: no two nonces share their first 8 bytes.
    expect(new Set(nonces.map((n) => Buffer.from(n, "base64").subarray(0, 8).toString("hex"))).size).toBe(1000);
  });
});
