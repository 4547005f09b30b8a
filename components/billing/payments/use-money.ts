"use client";
import { useFormat } from "@/components/ui/use-format";

/** Euros as the person's language writes them. */
export function useMoney() {
  return useFormat().money;
}
