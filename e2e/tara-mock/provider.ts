import http from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

/**
 * A local OpenID Connect provider that behaves like TARA (https://tara.ria.ee) for tests and
 * demos: authorization-code flow with state and nonce, client_secret_basic, `sub` = "EE" +
 * personal code, names under `profile_attributes`, `amr` = the chosen method, 40 s ID tokens.
 * Its login page asks for the personal code the way TARA's Mobile-ID form does.
 */
export type TaraMockOptions = {
  port: number;
  redirectUri: string;
  clientId: string;
  clientSecret: string;
  /** Names returned for known personal codes; others get a generic name. */
  people?: Record<string, { given: string; family: string }>;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string) {
  return `<!doctype html><html lang="et"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:3rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input,select,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}button{margin-top:1rem;background:#003168;color:#fff;border:0;border-radius:4px}</style>
</head><body>${body}</body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function createTaraMock(opts: TaraMockOptions) {
  const issuer = `http://localhost:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    scopes: ["openid", "idcard", "mid", "smartid"],
    claims: { openid: ["sub", "profile_attributes"] },
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    features: { devInteractions: { enabled: false } },
    ttl: { IdToken: 40, AccessToken: 40, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
    cookies: { keys: ["tara-mock-cookie-key-for-tests-only"] },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const code = sub.replace(/^EE/, "");
      const person = opts.people?.[code] ?? { given: "TEST", family: "KASUTAJA" };
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          profile_attributes: { given_name: person.given, family_name: person.family, date_of_birth: "1980-01-08" },
        }),
      };
    },
  });
  const callback = provider.callback();

  const server = http.createServer(async (req, res) => {
    try {
      const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? "");
      if (!match) return void callback(req, res);
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "consent") {
        // TARA asks no consent: grant what the client asked for and go on.
        const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        return void (await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
      }
      if (req.method === "POST" && match[2]) {
        const form = await readForm(req);
        const code = (form.get("personalCode") ?? "").trim();
        const method = form.get("method") ?? "mID";
        return void (await provider.interactionFinished(
          req,
          res,
          { login: { accountId: `EE${code}`, amr: [method] } },
          { mergeWithLastSubmission: false },
        ));
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        page(
          "TARA test",
          `<h1>Riigi autentimisteenus (test)</h1>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label for="method">Autentimisviis</label>
<select id="method" name="method"><option value="mID">Mobiil-ID</option><option value="smartid">Smart-ID</option><option value="idcard">ID-kaart</option></select>
<label for="personalCode">Isikukood</label><input id="personalCode" name="personalCode" inputmode="numeric" required>
<button type="submit">Jätka</button></form>`,
        ),
      );
    } catch (err) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    }
  });
  return { server, issuer };
}
