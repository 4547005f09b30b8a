import { env, oidcConfigured } from "@/server/env";
import { publicProcedure, router, signedInProcedure } from "../trpc";
import { getInstitution } from "@/server/settings/institution";

export const meRouter = router({
  /** Who is signed in and what they may do: drives the navigation. */
  get: signedInProcedure.query(async ({ ctx }) => {
    const { actor } = ctx;
    return {
      employeeId: actor.employeeId,
      firstName: actor.firstName,
      lastName: actor.lastName,
      permissions: [...actor.permissions].map(([key, scope]) => ({ key, scope })),
      mustChangePassword: ctx.mustChangePassword ?? false,
    };
  }),
  /** What the sign-in page needs to know before anybody is signed in. */
  signInOptions: publicProcedure.query(async ({ ctx }) => {
    const institution = await getInstitution(ctx.db);
    return {
      institutionName: institution.legalName,
      eid: oidcConfigured(),
      password: env().PASSWORD_SIGN_IN === "on",
    };
  }),
});
