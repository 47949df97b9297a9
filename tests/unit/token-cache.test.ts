import { SignJWT } from 'jose';
import { createTokenVerifier, TokenError } from '../../src/auth/token-verifier';
import type { AuthConfig } from '../../src/config';
import { engineConfig } from '../support/engine-sources';

/**
 * Verified tokens are remembered for tokenCacheSeconds, never past their expiry: the second
 * request with a token skips the signature check, an expired token is refused all the same.
 */
const SECRET = 'token-cache-test-secret-of-at-least-32-bytes';

function authConfig(tokenCacheSeconds: number): AuthConfig {
  return { ...engineConfig('embedded').auth, jwksFile: undefined, hs256Secret: SECRET, algorithms: ['HS256'], issuer: 'urn:t', audience: 'a', clockToleranceSeconds: 0, tokenCacheSeconds };
}

const sign = (exp: number, sub = 'u1') =>
  new SignJWT({ roles: ['clinician'], departments: ['CARD'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('urn:t').setAudience('a').setSubject(sub).setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));

describe('verified-token cache', () => {
  it('answers a repeated token from the cache with the same frozen viewer', async () => {
    const verifier = createTokenVerifier(authConfig(60), (p) => p);
    const token = await sign(Math.floor(Date.now() / 1000) + 600);
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.departments)).toBe(true);
    expect(first).toMatchObject({ id: 'u1', roles: ['clinician'], departments: ['CARD'] });
  });

  it('refuses a cached token once it has expired', async () => {
    const verifier = createTokenVerifier(authConfig(60), (p) => p);
    // three seconds of life: a slow machine must not cross exp before the first check (a one-second
    // token did, on a loaded CI run); then wait just past exp rather than a fixed time
    const exp = Math.floor(Date.now() / 1000) + 3;
    const token = await sign(exp);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'u1' });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 150));
    await expect(verifier.verify(token)).rejects.toThrow(TokenError);
  });

  it('never caches a refused token, and with tokenCacheSeconds 0 checks every time', async () => {
    const verifier = createTokenVerifier(authConfig(0), (p) => p);
    const token = await sign(Math.floor(Date.now() / 1000) + 600);
    expect(await verifier.verify(token)).not.toBe(await verifier.verify(token));
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const caching = createTokenVerifier(authConfig(60), (p) => p);
    await expect(caching.verify(forged)).rejects.toThrow(TokenError);
    await expect(caching.verify(forged)).rejects.toThrow(TokenError);
  });
});
