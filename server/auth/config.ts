import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { cookies } from "next/headers";
import Credentials from "next-auth/providers/credentials";
import { recordAudit } from "@/server/audit/audit";
import { db } from "@/server/db/client";
import { env, oidcConfigured } from "@/server/env";
import { errorFields, log } from "@/server/log";
import { revokeNow, sessionState, startSession } from "./auth-sessions";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_DAYS } from "./known-device";
import { readCookie } from "./session-token";
import { namesFromClaims, personalCodeFromClaims } from "./personal-code-claim";
import { redirectOnSameHost } from "./redirect";
import { signInWithEid, signInWithPassword } from "./sign-in";

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/** The client address as set by server.ts (x-real-ip is overwritten there, never trusted as sent). */
const ipOf = (headers: Headers | undefined) => headers?.get("x-real-ip") ?? null;

declare module "next-auth" {
  interface User {
    employeeId?: string;
    personalCode?: string;
  }
  interface Session {
    employeeId: string;
  }
}

function buildConfig(request: Request | undefined): NextAuthConfig {
  const e = env();
  const ip = ipOf(request?.headers);
  const providers: NextAuthConfig["providers"] = [];
  if (e.PASSWORD_SIGN_IN === "on") {
    providers.push(
      Credentials({
        id: "password",
        credentials: { personalCode: {}, password: {} },
        async authorize(credentials, req) {
          const result = await signInWithPassword(db(), {
            personalCode: String(credentials.personalCode ?? ""),
            password: String(credentials.password ?? ""),
            ip: ipOf(req.headers),
            deviceCookie: readCookie(req.headers.get("cookie") ?? undefined, KNOWN_DEVICE_COOKIE),
          });
          if (!result.ok) {
            throw new SignInRefused(result.reason === "throttled" ? `throttled-${result.retryAfter}` : result.reason);
          }
          if (result.device) {
            // Next adds cookies set here to Auth.js's response.
            (await cookies()).set(KNOWN_DEVICE_COOKIE, result.device, {
              httpOnly: true,
              sameSite: "lax",
              path: "/api/auth",
              secure: e.AUTH_URL?.startsWith("https:") ?? false,
              maxAge: KNOWN_DEVICE_DAYS * 86_400,
            });
          }
          return { id: result.employeeId, employeeId: result.employeeId, name: result.name };
        },
      }),
    );
  }
  if (oidcConfigured(e)) {
    providers.push({
      id: "eid",
      name: e.OIDC_NAME,
      type: "oidc",
      issuer: e.OIDC_ISSUER,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      // TARA requires state and nonce; PKCE is added where the provider supports it.
      checks: ["state", "nonce"],
      authorization: { params: { scope: e.OIDC_SCOPES } },
      profile(claims) {
        const personalCode = personalCodeFromClaims(claims, e.OIDC_PERSONAL_CODE_CLAIM);
        const { given, family } = namesFromClaims(claims);
        return {
          id: String(claims.sub),
          personalCode: personalCode ?? undefined,
          name: `${given} ${family}`.trim(),
        };
      },
    });
  }
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    providers,
    session: { strategy: "jwt", maxAge: e.SESSION_MAX_AGE_HOURS * 3600, updateAge: 15 * 60 },
    pages: { signIn: "/login", error: "/login" },
    // Refused sign-ins are expected and already in the audit log; keep the server log for faults.
    logger: {
      error(error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        log.error({ area: "auth", err: errorFields(error) }, "sign-in failed");
      },
    },
    callbacks: {
      redirect: ({ url, baseUrl }) =>
        redirectOnSameHost({ url, baseUrl, headers: request?.headers, authUrl: e.AUTH_URL, trustProxy: e.TRUST_PROXY === "1" }),
      async signIn({ user, account, profile }) {
        if (account?.provider !== "eid") return true;
        const result = await signInWithEid(db(), {
          personalCode: user.personalCode ?? null,
          rawSubject: String(profile?.sub ?? ""),
          ip,
          method: Array.isArray(profile?.amr) ? profile.amr.join(",") : undefined,
        });
        if (!result.ok) return `/login?error=eid-${result.reason}`;
        user.employeeId = result.employeeId;
        user.name = result.name;
        return true;
      },
      async jwt({ token, user, account }) {
        // Keep the cookie small: who it is and which server-side session; names and rights are
        // read fresh per request.
        if (user?.employeeId) {
          token.employeeId = user.employeeId;
          token.name = user.name;
          token.sid = await startSession(db(), {
            employeeId: user.employeeId,
            ip,
            userAgent: request?.headers.get("user-agent") ?? null,
            method: account?.provider === "eid" ? "eid" : "password",
            maxAgeSeconds: e.SESSION_MAX_AGE_HOURS * 3600,
          });
          delete token.email;
          delete token.picture;
          return token;
        }
        // A revoked, expired or pre-sessions cookie ends here: Auth.js then answers "no session".
        const state = typeof token.sid === "string" ? await sessionState(token.sid) : null;
        return state && state.employeeId === token.employeeId ? token : null;
      },
      session({ session, token }) {
        session.employeeId = String(token.employeeId ?? "");
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sid === "string") await revokeNow(db(), { sid: token.sid }, "sign_out");
        if (token?.employeeId) {
          await recordAudit(db(), { action: "auth.sign_out", actorEmployeeId: String(token.employeeId), ip });
        }
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth((request) => buildConfig(request));
