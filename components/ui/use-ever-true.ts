"use client";
import { useState } from "react";

/**
 * True from the first render where `value` is true, for good. A lazily loaded dialog (next/dynamic)
 * is mounted only once it is first opened, so its code (forms, zod schemas, pickers) is fetched and
 * run on that click rather than while the page loads, and then stays mounted so that closing it
 * goes through the dialog's own close() (which returns the focus to where it was).
 */
export function useEverTrue(value: boolean): boolean {
  const [seen, setSeen] = useState(value);
  if (value && !seen) setSeen(true);
  return seen || value;
}
