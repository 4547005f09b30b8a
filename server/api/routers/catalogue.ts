import { router } from "../trpc";

// Funding sources, services and price lists: filled in by the catalogue work.
export const catalogueRouter = router({});
