import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createTokenVerifier } from '../../src/auth/token-verifier';
import { validateConfig } from '../../src/config';
import { resolvePolicy } from '../../src/permissions/access-policy';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Tokens as real deployments issue them: a remote JWKS that rotates, the IdP's own role names,
 * and roles the gateway does not know. (Forged, expired and foreign tokens: tests/e2e.)
 */

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as JWK };
}

describe('tokens from a remote identity provider', () => {
  let server: http.Server;
  let url: string;
  let published: JWK[] = [];
  let fetches = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const config = () =>
    validateConfig(
      {
        auth: {
          issuer: 'https://idp.test/realms/staff',
          audience: 'hospital-gateway',
          algorithms: ['ES256'],
          jwksUrl: url,
          jwksCooldownSeconds: 0,
          claims: { roles: 'groups', departments: 'dept_codes' },
          roleMapping: { HIS_DOCTOR: 'clinician', YBB: 'finance' },
        },
        permissions: { pseudonymSecret: 'x'.repeat(32) },
        audit: { engine: 'postgres', url: 'postgres://gw@db/audit', sealSecret: 'y'.repeat(32) },
        sources: Object.fromEntries(
          ['HIS', 'LIS', 'PACS', 'FINANCE'].map((kind) => [kind.toLowerCase(), { kind, engine: 'postgres', url: 'postgres://gw@db/x', mapping: `${kind}.yaml` }]),
        ),
      },
      'test',
      '/',
      {},
    ).auth;

  const sign = (key: Awaited<ReturnType<typeof keyPair>>, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer('https://idp.test/realms/staff')
      .setAudience('hospital-gateway')
      .setSubject('u-1001')
      .setExpirationTime('5m')
      .sign(key.privateKey);

  it('caches the key set, follows a key rotation without a restart, and drops a retired key', async () => {
    const first = await keyPair('2026-11-a');
    const second = await keyPair('2026-11-b');
    published = [first.publicJwk];
    const verifier = createTokenVerifier(config(), (p) => p);
    const viewer = await verifier.verify(await sign(first, { groups: ['HIS_DOCTOR'], dept_codes: 'CARD RESP' }));
    expect(viewer).toEqual({ id: 'u-1001', name: null, roles: ['clinician'], departments: ['CARD', 'RESP'] });
    await verifier.verify(await sign(first, { groups: ['HIS_DOCTOR'] }));
    expect(fetches).toBe(1);

    published = [second.publicJwk];
    await expect(verifier.verify(await sign(second, { groups: ['YBB'] }))).resolves.toMatchObject({ roles: ['finance'] });
    expect(fetches).toBe(2);
    await expect(verifier.verify(await sign(first, { groups: ['HIS_DOCTOR'] }))).rejects.toThrow(/key this gateway does not know/);
  });

  it('maps the IdP’s role names; a name it neither maps nor knows grants nothing', async () => {
    const key = await keyPair('2026-11-c');
    published = [key.publicJwk];
    const verifier = createTokenVerifier(config(), (p) => p);
    const viewer = await verifier.verify(await sign(key, { groups: ['SUPERUSER', 'root'] }));
    expect(viewer.roles).toEqual(['SUPERUSER', 'root']);
    const policy = resolvePolicy(viewer, { smallCellK: 5 });
    expect(policy.roles).toEqual([]);
    expect(['PATIENT', 'CLINICAL', 'FINANCIAL', 'REFERENCE', 'SELF'].map((c) => policy.access(c as never))).toEqual(['none', 'none', 'none', 'none', 'none']);
  });
});

describe('a valid token with an unknown role, over HTTP', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('gets nothing but FORBIDDEN errors', async () => {
    const token = await gw.token(['superuser'], ['CARD']);
    const { status, body } = await gw.graphql('{ departments { code } encounters(filter: {}, first: 3) { edges { node { id } } } }', undefined, token);
    expect(status).toBe(200);
    expect(body.data).toEqual({ departments: [], encounters: { edges: [] } });
    expect(body.errors!.map((e: any) => [e.extensions.code, e.path])).toEqual([
      ['FORBIDDEN', ['departments']],
      ['FORBIDDEN', ['encounters']],
    ]);
  });

  it('lets a token with roles of different scopes act in one role, named by X-Gateway-Role', async () => {
    const token = await gw.token(['analyst', 'clinician'], ['CARD']);
    const query = '{ me { roles } patients(first: 1) { edges { node { id } } } }';
    const mixed = await gw.graphql(query, undefined, token);
    expect(mixed.status).toBe(403);
    expect(mixed.body.errors![0].message).toMatch(/X-Gateway-Role/);
    const asAnalyst = await gw.graphql(query, undefined, token, { 'X-Gateway-Role': 'analyst' });
    expect(asAnalyst.body.errors).toBeUndefined();
    expect(asAnalyst.body.data!.patients.edges[0].node.id).toMatch(/^PSN-/);
  });
});
