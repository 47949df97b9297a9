import { randomBytes } from 'node:crypto';
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
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  ensurePseudonymSecret(keyDir);
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

/** the demo deployment's pseudonym and audit seal keys: random, kept with the demo keys, stable across restarts */
function ensurePseudonymSecret(keyDir: string): void {
  for (const name of ['pseudonym.secret', 'audit-seal.secret']) {
    const file = path.join(keyDir, name);
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
}

export async function importDemoSigningKey(keys: DemoKeys) {
  return importJWK(keys.privateJwk, DEMO_ALGORITHM);
}
