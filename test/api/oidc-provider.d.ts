// oidc-provider (dev dependency, the local test issuer) ships no type declarations.
declare module 'oidc-provider';
