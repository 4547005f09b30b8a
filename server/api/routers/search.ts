import { globalSearch, globalSearchInput } from "@/server/search/global-search";
import { router, signedInProcedure } from "../trpc";

export const searchRouter = router({
  global: signedInProcedure.input(globalSearchInput).query(({ ctx, input }) => globalSearch(ctx, input)),
});
