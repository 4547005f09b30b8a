import os from "node:os";
import { z } from "zod";

/** The app's database connections when DATABASE_POOL_SIZE is not set: twice the cores, plus one. */
export const defaultPoolSize = () => Math.max(4, os.availableParallelism() * 2 + 1);

/**
 * All configuration read from the environment, validated in one place. Read lazily: `next build`
 * imports server code without any of it set.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url(),
  /**
   * Connections the app keeps to PostgreSQL. Few beat many: on two cores the booking storm
   * went from 1,250 to 1,550 bookings/s going from 20 to 6 (less waiting on each other's locks
   * and CPU). Default: twice the cores, plus one.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(defaultPoolSize()),
  /** Set when the app started its own embedded PostgreSQL (boot sets it; not for operators). */
  EMBEDDED_DATABASE: z.enum(["0", "1"]).default("0"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  AUTH_URL: z.string().url().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(10),
  PASSWORD_SIGN_IN: z.enum(["on", "off"]).default("on"),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default("openid"),
  OIDC_NAME: z.string().default("eID (ID-kaart, Mobiil-ID, Smart-ID)"),
  /** Claim that carries the personal code: `sub` (TARA: "EE" + code) or e.g. `serialNumber`. */
  OIDC_PERSONAL_CODE_CLAIM: z.string().default("sub"),
  /** Minutes between signed checkpoints of the audit chains (DATA_DIR/audit-checkpoints.jsonl). */
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  /** Signs the audit checkpoints; else a key generated into DATA_DIR/audit-signing-key. */
  AUDIT_SIGNING_KEY: z.string().min(32, "AUDIT_SIGNING_KEY must be at least 32 characters").optional(),
  /** How long a stop (SIGTERM, Ctrl+C) waits for requests in flight before it cuts them off. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Trust X-Forwarded-For from a reverse proxy in front of the app. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** e-Financials' sale_invoice_type for a credit note; RIK's spec does not enumerate the values. */
  /** The SMTP server that sends invoices by e-mail: smtp://user:password@host:587 or smtps://…:465 (nodemailer's URL form). */
  SMTP_URL: z.string().url().optional(),
  /** The sender of invoice e-mails, e.g. "Arved <arved@asutus.ee>"; else the institution's e-mail. */
  SMTP_FROM: z.string().min(3).optional(),
  E_FINANCIALS_CREDIT_INVOICE_TYPE: z.string().trim().min(1).max(30).default("CREDIT-INVOICE"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

export function oidcConfigured(e: Env = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET);
}
