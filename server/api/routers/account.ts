import { z } from "zod";
import { changePassword, endMySession, mySessions, signOutEverywhere } from "@/server/auth/account";
import { router, signedInProcedure } from "../trpc";

/** The signed-in person's own account: their sessions and their password. */
export const accountRouter = router({
  sessions: signedInProcedure.query(({ ctx }) => mySessions(ctx, { currentSid: ctx.sid ?? null })),
  endSession: signedInProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .mutation(({ ctx, input }) => endMySession(ctx, { sid: input.sessionId })),
  signOutEverywhere: signedInProcedure.mutation(({ ctx }) => signOutEverywhere(ctx)),
  changePassword: signedInProcedure
    .input(z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }))
    .mutation(({ ctx, input }) => changePassword(ctx, { ...input, currentSid: ctx.sid ?? null })),
});
