"use client";

import { useRef } from "react";

/** A random UUID v4; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The idempotency key of a form's submission. Sending the same values again (after an error, a
 * lost answer, a double click) reuses the key, so the server answers with the first result
 * instead of writing twice; changed values, or a new submission after a success (`done`), get a
 * new key.
 */
export function useSubmissionKey() {
  const current = useRef<{ values: string; key: string } | null>(null);
  return {
    keyFor(values: unknown): string {
      const serialized = JSON.stringify(values);
      if (current.current?.values !== serialized) current.current = { values: serialized, key: uuid() };
      return current.current.key;
    },
    done(): void {
      current.current = null;
    },
  };
}
