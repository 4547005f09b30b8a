import { z } from "@/lib/zod";

/** Inputs of the signed-in person's own account procedures (server/auth/account.ts). */
export const endMySessionInput = z.object({ sessionId: z.uuid() });
export const changePasswordInput = z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) });
