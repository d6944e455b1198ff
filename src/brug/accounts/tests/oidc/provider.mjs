// A real OpenID Connect provider for Brug's end-to-end login tests, on 127.0.0.1 only.
// Started by brug.accounts.tests.oidc_provider (pytest); never used outside tests.
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS and POST_LOGOUT_URIS
// (comma-separated), ACCOUNTS (JSON: login -> {given_name, family_name}).
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const split = (value) => (value || '').split(',').filter(Boolean);

// A fresh signing key per process under one key id, so a token from another provider
// finds a key with its id and still fails the signature check.
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'brug-test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: split(process.env.REDIRECT_URIS),
    post_logout_redirect_uris: split(process.env.POST_LOGOUT_URIS),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  claims: { openid: ['sub'], profile: ['given_name', 'family_name'] },
  async findAccount(ctx, id) {
    const person = accounts[id] || {};
    return {
      accountId: id,
      async claims() {
        return { sub: id, given_name: person.given_name || id, family_name: person.family_name || 'Test' };
      },
    };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['brug-test-only-cookie-key'] },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`READY ${issuer}\n`);
});
