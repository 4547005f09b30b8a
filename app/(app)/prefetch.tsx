import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/components/trpc/query-client";
import type { Context } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { currentSession } from "@/server/auth/current-actor";
import { db } from "@/server/db/client";

/** One QueryClient per page request (React's cache is per request on the server). */
const requestQueryClient = cache(makeQueryClient);

const requestContext = cache(async (): Promise<Context> => {
  const current = await currentSession();
  return {
    db: db(),
    actor: current?.actor ?? null,
    ip: null,
    sid: current?.session.sid ?? null,
    mustChangePassword: current?.session.mustChangePassword ?? false,
  };
});

/**
 * tRPC's query options on the server: the same query keys the browser's useTRPC() makes, answered
 * by calling the procedure directly (same access checks, no HTTP round trip).
 */
export const serverTrpc = cache(() => createTRPCOptionsProxy({ router: appRouter, ctx: requestContext, queryClient: requestQueryClient }));

/**
 * Runs the page's queries before it renders, so the first paint shows data instead of "Laen…".
 * A query that fails is left out of the hydrated state; the browser asks again and shows the error.
 */
export async function prefetch(run: (trpc: ReturnType<typeof serverTrpc>, client: QueryClient) => Promise<void>[]): Promise<void> {
  await Promise.all(run(serverTrpc(), requestQueryClient()));
}

/** Hands the prefetched queries to the browser's QueryClient. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(requestQueryClient())}>{children}</HydrationBoundary>;
}
