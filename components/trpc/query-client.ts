import { QueryClient } from "@tanstack/react-query";
import { transformer } from "@/lib/transformer";

/**
 * One QueryClient configuration for the browser and for a page's server-side prefetch: the
 * server dehydrates with the answers' transformer (lib/transformer.ts: superjson, dates stay
 * dates), the browser hydrates with it.
 */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Long enough that data prefetched by the page is not fetched again at once on hydration.
        staleTime: 30_000,
        // Refusals (4xx) are answers, not glitches: do not retry them.
        retry: (count, error) => count < 2 && !/^4\d\d$/.test(String((error as { data?: { httpStatus?: number } }).data?.httpStatus)),
      },
      dehydrate: { serializeData: transformer.serialize },
      hydrate: { deserializeData: transformer.deserialize },
    },
  });
}
