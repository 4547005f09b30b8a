import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { transformer } from "@/lib/transformer";
import { recordAudit } from "@/server/audit/audit";
import { AppError, translateDbError, type AppErrorCode } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";
import type { Resource } from "@/server/policy/permissions";
import type { Actor } from "@/server/policy/actor";
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
 * An expected refusal (a domain error or a PostgreSQL refusal it stands for) as tRPC's error,
 * after a refused access is put in the audit log; null for anything else, which goes on as it is.
 */
async function refusal(ctx: Context, path: string, cause: unknown): Promise<TRPCError | null> {
  const translated = translateDbError(cause);
  if (!(translated instanceof AppError)) return null;
  if (translated.code === "FORBIDDEN" && ctx.actor) {
    await recordAudit(ctx.db, {
      actorEmployeeId: ctx.actor.employeeId,
      action: "access.refused",
      outcome: "refused",
      ip: ctx.ip,
      details: { procedure: path, reason: translated.message },
    });
  }
  return new TRPCError({ code: trpcCode[translated.code], message: translated.message, cause: translated });
}

/**
 * Who may call (`check`), then the procedure, with every expected refusal of either mapped to
 * tRPC's codes in one place. One middleware a procedure, not one a step: tRPC copies a call's
 * options into a new object, key by key, at every middleware, and the three steps' copies were
 * ~5 % of the server's CPU for a booking (bench:booking's profile).
 */
async function guarded<R extends { ok: true } | { ok: false; error: TRPCError }>(
  ctx: Context,
  path: string,
  check: () => void,
  proceed: () => Promise<R>,
): Promise<R> {
  try {
    check();
  } catch (cause) {
    throw (await refusal(ctx, path, cause)) ?? cause;
  }
  const result = await proceed();
  if (!result.ok) {
    const mapped = await refusal(ctx, path, result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.meta({ access: "public" }).use(({ ctx, path, next }) => guarded(ctx, path, () => {}, next));

/** What a person who must replace a one-time password may still call. */
const beforePasswordChange = (path: string) => path === "me.get" || path.startsWith("account.");

/** The signed-in caller, unless there is none or they must first replace a one-time password. */
function signedIn(ctx: Context, path: string): Actor {
  if (!ctx.actor) throw new AppError("UNAUTHENTICATED", "errors.signInFirst", "Sign in first");
  if (ctx.mustChangePassword && !beforePasswordChange(path)) {
    throw new AppError("FORBIDDEN", "errors.mustChangePassword", "Choose a new password first");
  }
  return ctx.actor;
}

export const signedInProcedure = t.procedure.meta({ access: "signedIn" }).use(({ ctx, path, next }) =>
  guarded(
    ctx,
    path,
    () => signedIn(ctx, path),
    () => next({ ctx: { actor: ctx.actor! } }),
  ),
);

/** Signed in and holding resource:action in some scope; the domain function narrows the scope. */
export function permittedProcedure(resource: Resource, action: string) {
  return t.procedure.meta({ access: { resource, action } }).use(({ ctx, path, next }) =>
    guarded(
      ctx,
      path,
      () => requirePermission(signedIn(ctx, path), resource, action),
      () => next({ ctx: { actor: ctx.actor! } }),
    ),
  );
}
