import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/** The demo hospital's token issuer: a key pair generated on first start, kept in the demo data directory. */
export const DEMO_ISSUER = 'urn:hospital-gateway:demo';
export const DEMO_AUDIENCE = 'hospital-gateway';
export const DEMO_ALGORITHM = 'ES256';

export interface DemoKeys {
  jwksFile: string;
  privateJwk: JWK;
}

export async function ensureDemoKeys(keyDir: string): Promise<DemoKeys> {
  const privateFile = path.join(keyDir, 'private.jwk.json');
  const jwksFile = path.join(keyDir, 'jwks.json');
  if (existsSync(privateFile) && existsSync(jwksFile)) {
    return { jwksFile, privateJwk: JSON.parse(readFileSync(privateFile, 'utf8')) as JWK };
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { publicKey, privateKey } = await generateKeyPair(DEMO_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: DEMO_ALGORITHM, use: 'sig' };
  writeFileSync(privateFile, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  chmodSync(privateFile, 0o600);
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...publicJwk, kid, alg: DEMO_ALGORITHM, use: 'sig' }] }, null, 2));
  return { jwksFile, privateJwk };
}

export async function importDemoSigningKey(keys: DemoKeys) {
  return importJWK(keys.privateJwk, DEMO_ALGORITHM);
}
