import * as client from 'openid-client';

/**
 * Optional single sign-on for staff through the municipality's OpenID Connect provider.
 * Who may do what stays in our user table: the provider only proves identity, matched by
 * (issuer, subject) or, on first login, by the preferred_username of a pre-created user.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Only for a local test issuer over http. */
  allowHttp?: boolean;
}

export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClient {
  issuer: string;
  start(): Promise<{ url: string; flow: OidcFlow }>;
  finish(currentUrl: URL, flow: OidcFlow): Promise<{ subject: string; username: string | null }>;
}

export async function createOidcClient(cfg: OidcConfig): Promise<OidcClient> {
  const config = await client.discovery(
    new URL(cfg.issuer),
    cfg.clientId,
    { redirect_uris: [cfg.redirectUri], response_types: ['code'] },
    client.ClientSecretPost(cfg.clientSecret),
    cfg.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const issuer = config.serverMetadata().issuer;
  return {
    issuer,
    async start() {
      const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: cfg.redirectUri,
        scope: 'openid profile',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, flow };
    },
    async finish(currentUrl, flow) {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('Kein ID-Token erhalten');
      let username = typeof claims.preferred_username === 'string' ? claims.preferred_username : null;
      // Conforming issuers put profile claims only into the userinfo answer.
      if (username === null && tokens.access_token) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        username = typeof info.preferred_username === 'string' ? info.preferred_username : null;
      }
      return { subject: claims.sub, username };
    },
  };
}
