export { hashPassword, verifyPassword, generatePassword, passwordProblem } from './passwords.ts';
export { openSession, resolveSession, SESSION_COOKIE, type Session } from './sessions.ts';
export { createOidcClient, type OidcClient, type OidcConfig, type OidcFlow } from './oidc.ts';
