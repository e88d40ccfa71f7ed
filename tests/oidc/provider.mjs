// A real OpenID Connect provider (the certified `oidc-provider` package) on loopback, for
// Vägval's sign-in tests (tests/test_auth_oidc.py). Never for production: its login page
// (oidc-provider's devInteractions) accepts the test users below with any password.
//
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
//
// Prints "ready ISSUER" on stdout once it listens on 127.0.0.1:PORT. Its users: alice
// (team inkop), bob (team hr), carol (teams inkop and hr) and admin (team it-admin); the ID
// token carries sub (the login name), name, email, email_verified and groups (the team claim).
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || !redirectUri) {
  console.error('usage: node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI');
  process.exit(2);
}

const USERS = {
  alice: { name: 'Alice Andersson', email: 'alice@kommun.example', groups: ['inkop'] },
  bob: { name: 'Bob Berg', email: 'bob@kommun.example', groups: ['hr'] },
  carol: { name: 'Carol Carlsson', email: 'carol@kommun.example', groups: ['inkop', 'hr'] },
  admin: { name: 'Ada Admin', email: 'admin@kommun.example', groups: ['it-admin'] },
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [new URL(redirectUri).origin + '/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // The test users; the login page takes any password.
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...user };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'groups'],
  },
  // The claims of the scopes asked for go into the ID token (Streamlit reads st.user from it).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: ['vagval-test-only-cookie-key'] },
  // The app is the organisation's own: no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err));

// Streamlit asks for prompt=select_account (as Microsoft Entra ID understands it); here
// choosing an account is signing in as one of the test users.
provider.use(async (ctx, next) => {
  if (ctx.path === '/auth' && ctx.query.prompt === 'select_account') {
    ctx.query = { ...ctx.query, prompt: 'login' };
  }
  await next();
});

const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
