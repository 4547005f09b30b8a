import { z } from "zod";
import { changePassword, endMySession, mySessions, signOutEverywhere } from "@/server/auth/account";
import { router, signedInProcedure } from "../trpc";

/** The signed-in person's own account: their sessions and their password. */
export const accountRouter = router({
  sessions: signedInProcedure.query(({ ctx }) => mySessions(ctx.db, ctx.actor, ctx.sid ?? null)),
  endSession: signedInProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .mutation(({ ctx, input }) => endMySession(ctx.db, ctx.actor, input.sessionId, ctx.ip)),
  signOutEverywhere: signedInProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.actor, ctx.ip)),
  changePassword: signedInProcedure
    .input(z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }))
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.actor, { ...input, currentSid: ctx.sid ?? null }, ctx.ip)),
});
