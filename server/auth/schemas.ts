import { z } from "@/lib/zod";

/** Inputs of the signed-in person's own account procedures (server/auth/account.ts). */
export const endMySessionInput = z.object({ sessionId: z.uuid() });

/** A password's length bounds; the rest of the rules (common words, the personal code) are password.ts's. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
});
export type ChangePasswordSubmission = z.output<typeof changePasswordInput>;

/** The change form also asks for the new password twice; the repeat never leaves the browser. */
export const changePasswordForm = changePasswordInput
  .extend({ repeatPassword: z.string() })
  .refine((v) => v.repeatPassword === v.newPassword, { path: ["repeatPassword"], message: "account.passwordsDiffer" });
export type ChangePasswordValues = z.input<typeof changePasswordForm>;
