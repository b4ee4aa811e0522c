/**
 * A real OpenID Provider for the end-to-end sign-in tests (e2e/oidc.spec.ts): oidc-provider 9, a certified
 * implementation, on free ports of 127.0.0.1. playwright.config.ts starts it before the console and reads the issuer
 * URL from the one JSON line it prints: {"issuer", "control", "impostorIssuer"}.
 *
 * - 127.0.0.1, not localhost: cookies ignore ports, so the issuer's session cookies and the console's (on
 *   localhost) never mix.
 * - One confidential client (the console's callback URL from CONSOLE_URL); PKCE (S256) required; the `groups` claim in
 *   the id_token (conformIdTokenClaims: false) as well as at userinfo.
 * - devInteractions: its login form (any password; the login is the subject) and consent page, which the tests fill in.
 * - Control, on the same port: PUT /__test/people/<login> {"groups":[…],"email":…,"name":…} sets what the next token
 *   says about that person (read at every token, so it applies at the next sign-in even when the issuer's session is
 *   reused); PUT /__test/mode {"mode":"impostor"|"normal"}: in impostor mode this issuer's discovery URL serves the
 *   discovery document of a second genuine provider with another issuer — the mix-up only the console's own issuer
 *   check refuses (next-auth 4 validates tokens against whatever issuer discovery names).
 */
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const CONSOLE_URL = process.env.CONSOLE_URL ?? 'http://localhost:3100';
const CLIENT = {
  client_id: process.env.OIDC_CLIENT_ID ?? 'halcytone-console',
  client_secret: process.env.OIDC_CLIENT_SECRET ?? 'e2e-oidc-client-secret',
  redirect_uris: [`${CONSOLE_URL}/api/auth/callback/oidc`],
  post_logout_redirect_uris: [`${CONSOLE_URL}/login`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
};

/** login → what the next token says about that person; changed by the test between sign-ins. */
const people = new Map();
let mode = 'normal';

function signingKey() {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: 'test-issuer', use: 'sig', alg: 'RS256' };
}

function makeProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [CLIENT],
    jwks: { keys: [signingKey()] },
    cookies: { keys: ['test-issuer-cookie-key-0123456789'] },
    pkce: { required: () => true },
    // Scope → claims. `groups` is its own scope, as Okta and Keycloak name it.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // Put scope claims in the id_token too (by default they go only to userinfo when an access token is issued).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, login) {
      return {
        accountId: login,
        async claims() {
          const person = people.get(login) ?? {};
          return {
            sub: login,
            email: person.email ?? `${login}@example.test`,
            email_verified: true,
            name: person.name ?? login,
            groups: person.groups ?? [],
          };
        },
      };
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('issuer server_error', error));
  return provider;
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

// The impostor: a second genuine provider (same client, same people) whose issuer is not the configured one.
const impostorServer = http.createServer();
const impostorPort = await listen(impostorServer);
const impostor = makeProvider(`http://127.0.0.1:${impostorPort}`);
impostorServer.on('request', impostor.callback());

const server = http.createServer();
const port = await listen(server);
const issuer = `http://127.0.0.1:${port}`;
const provider = makeProvider(issuer);
const handleOidc = provider.callback();

server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/__test/')) {
      if (req.method === 'PUT' && url.pathname.startsWith('/__test/people/')) {
        const login = decodeURIComponent(url.pathname.slice('/__test/people/'.length));
        people.set(login, await readJson(req));
        return send(res, 200, { login, ...people.get(login) });
      }
      if (req.method === 'PUT' && url.pathname === '/__test/mode') {
        mode = (await readJson(req)).mode === 'impostor' ? 'impostor' : 'normal';
        return send(res, 200, { mode });
      }
      return send(res, 404, { error: 'not_found' });
    }
    if (mode === 'impostor' && url.pathname === '/.well-known/openid-configuration') {
      const document = await (await fetch(`http://127.0.0.1:${impostorPort}/.well-known/openid-configuration`)).json();
      return send(res, 200, document);
    }
    return handleOidc(req, res);
  } catch (error) {
    console.error('issuer control error', error);
    send(res, 500, { error: 'internal' });
  }
});

// On stderr, so that a slow start shows where its time went (the wait pattern is read from stdout).
console.error(`OpenID provider ready after ${Math.round(performance.now())} ms`);
console.log(
  JSON.stringify({ issuer, control: `${issuer}/__test`, impostorIssuer: `http://127.0.0.1:${impostorPort}` }),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    impostorServer.close();
    process.exit(0);
  });
}
