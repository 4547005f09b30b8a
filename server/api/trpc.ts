import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { transformer } from "@/lib/transformer";
import { recordAudit } from "@/server/audit/audit";
import { AppError, translateDbError, type AppErrorCode } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";
import type { Resource } from "@/server/policy/permissions";
import type { Context } from "./context";

/** Every procedure declares who may call it; a test walks the router and refuses any without. */
export type Access = "public" | "signedIn" | { resource: Resource; action: string };
export type Meta = { access: Access };

const trpcCode: Record<AppErrorCode, TRPCError["code"]> = {
  INVALID_INPUT: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHORIZED",
  CONFLICT: "CONFLICT",
  LIMIT_EXCEEDED: "UNPROCESSABLE_CONTENT",
  MONTH_LOCKED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer,
    errorFormatter({ shape, error }) {
      const app = error.cause instanceof AppError ? error.cause : null;
      const zod = error.cause instanceof ZodError ? error.cause : null;
      return {
        ...shape,
        // An unexpected failure keeps its details in the server log, not in the browser.
        message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal error" : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          app: app ? { code: app.code, messageKey: app.messageKey, params: app.params, field: app.field ?? null } : null,
          fields: zod ? zod.issues.map((i) => ({ field: i.path.join("."), message: i.message })) : null,
        },
      };
    },
  });

/**
 * Maps domain errors and expected PostgreSQL refusals to tRPC codes, in one place, and puts
 * every refused access in the audit log.
 */
const errorMapping = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) {
    const translated = translateDbError(result.error.cause);
    if (translated instanceof AppError) {
      if (translated.code === "FORBIDDEN" && ctx.actor) {
        await recordAudit(ctx.db, {
          actorEmployeeId: ctx.actor.employeeId,
          action: "access.refused",
          outcome: "refused",
          ip: ctx.ip,
          details: { procedure: path, reason: translated.message },
        });
      }
      throw new TRPCError({ code: trpcCode[translated.code], message: translated.message, cause: translated });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorMapping).meta({ access: "public" });

/** What a person who must replace a one-time password may still call. */
const beforePasswordChange = (path: string) => path === "me.get" || path.startsWith("account.");

export const signedInProcedure = t.procedure
  .use(errorMapping)
  .meta({ access: "signedIn" })
  .use(({ ctx, path, next }) => {
    if (!ctx.actor) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "Sign in first",
        cause: new AppError("UNAUTHENTICATED", "errors.signInFirst", "Sign in first"),
      });
    }
    if (ctx.mustChangePassword && !beforePasswordChange(path)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "Choose a new password first",
        cause: new AppError("FORBIDDEN", "errors.mustChangePassword", "Choose a new password first"),
      });
    }
    return next({ ctx: { ...ctx, actor: ctx.actor } });
  });

/** Signed in and holding resource:action in some scope; the domain function narrows the scope. */
export function permittedProcedure(resource: Resource, action: string) {
  return signedInProcedure.meta({ access: { resource, action } }).use(({ ctx, next }) => {
    requirePermission(ctx.actor, resource, action);
    return next();
  });
}
