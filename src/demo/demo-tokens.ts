import { SignJWT } from 'jose';
import { DEMO_ALGORITHM, DEMO_AUDIENCE, DEMO_ISSUER, importDemoSigningKey, type DemoKeys } from './demo-identity';

export interface DemoTokenClaims {
  sub: string;
  name?: string;
  roles: string[];
  departments: string[];
  /** lifetime, e.g. '1h', '30m', '2d' (jose time span) */
  ttl: string;
}

/** Signs a token for the demo issuer; only the demo's own key can, so it is useless elsewhere. */
export async function signDemoToken(keys: DemoKeys, claims: DemoTokenClaims): Promise<string> {
  const key = await importDemoSigningKey(keys);
  return new SignJWT({ name: claims.name, roles: claims.roles, departments: claims.departments })
    .setProtectedHeader({ alg: DEMO_ALGORITHM, kid: keys.privateJwk.kid, typ: 'JWT' })
    .setIssuer(DEMO_ISSUER)
    .setAudience(DEMO_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.ttl)
    .sign(key);
}
