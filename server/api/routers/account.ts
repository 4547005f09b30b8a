import { changePassword, endMySession, mySessions, signOutEverywhere } from "@/server/auth/account";
import { changePasswordInput, endMySessionInput } from "@/server/auth/schemas";
import { router, signedInProcedure } from "../trpc";

/** The signed-in person's own account: their sessions and their password. */
export const accountRouter = router({
  sessions: signedInProcedure.query(({ ctx }) => mySessions(ctx, { currentSid: ctx.sid ?? null })),
  endSession: signedInProcedure.input(endMySessionInput).mutation(({ ctx, input }) => endMySession(ctx, { sid: input.sessionId })),
  signOutEverywhere: signedInProcedure.mutation(({ ctx }) => signOutEverywhere(ctx)),
  changePassword: signedInProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, { ...input, currentSid: ctx.sid ?? null })),
});
