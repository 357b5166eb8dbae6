import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

describe('securityHeaders', () => {
  it('computes helmet’s headers once, with the CSP directives given', () => {
    const h = securityHeaders({ contentSecurityPolicy: { directives: { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } }, hsts: false });
    expect(h['content-security-policy']).toContain("default-src 'self'");
    expect(h['content-security-policy']).toContain("img-src 'self' data:");
    expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['strict-transport-security']).toBeUndefined();
  });

  it('sets HSTS only when asked (behind HTTPS)', () => {
    expect(securityHeaders({ hsts: true })['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('refuses an invalid directive at start instead of serving without a policy', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { 'default-src': ["'self'"], 'script-src': ['self'] } } })).toThrow();
  });
});
