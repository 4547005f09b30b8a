/**
 * Runs the TARA-like OpenID provider on its own: used by the Playwright suite and to try eID
 * sign-in locally (see README). Configured by TARA_MOCK_PORT and APP_URL.
 */
import { createTaraMock } from "./provider";

const port = Number(process.env.TARA_MOCK_PORT ?? 3199);
const appUrl = process.env.APP_URL ?? "http://localhost:3000";
const { server, issuer } = createTaraMock({
  port,
  redirectUri: `${appUrl}/api/auth/callback/eid`,
  clientId: process.env.OIDC_CLIENT_ID ?? "hoolekanne-test",
  clientSecret: process.env.OIDC_CLIENT_SECRET ?? "hoolekanne-test-secret",
  people: {
    "60001019906": { given: "LIIS", family: "METS" },
    "38001085718": { given: "MART", family: "KASK" },
  },
});
server.listen(port, "127.0.0.1", () => console.log(`TARA mock at ${issuer}, redirecting to ${appUrl}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
