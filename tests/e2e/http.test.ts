import { generateKeyPair, SignJWT } from 'jose';
import { DEMO_AUDIENCE, DEMO_ISSUER, importDemoSigningKey } from '../../src/demo/demo-identity';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const CROSS_SYSTEM = `query CrossSystemWalk {
  me { id roles departmentCodes }
  departments(filter: { codes: ["CARD", "GSUR"] }) {
    code name kind beds staffCount doctorCount nurseCount
    encounters(filter: { kind: INPATIENT }, first: 5) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id kind admittedAt dischargedAt lengthOfStay dischargeOutcome
        attendingDoctor { name kind department { code } }
        patient { id name gender birthDate idCardNumber }
        diagnoses { type code }
        procedures { code level minimallyInvasive }
        labOrders { panelName orderedAt reportedAt results { analyteCode value unit abnormalFlag critical } }
        imagingStudies { modality bodyPart performedAt findingPositive equipment { name large } }
        charges { category amount }
        drgCase { drgCode drgName weight paymentStandard totalCost }
      } }
    }
  }
}`;

describe('the gateway over HTTP', () => {
  let gw: TestGateway;
  let analyst: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    analyst = await gw.token(['analyst']);
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('walks departments → encounters → patient, labs, imaging, charges and DRG case in one request', async () => {
    const { status, body } = await gw.graphql(CROSS_SYSTEM, undefined, analyst);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.me).toEqual({ id: 'test-analyst', roles: ['analyst'], departmentCodes: [] });
    const [cardiology, surgery] = body.data.departments;
    expect(cardiology).toMatchObject({ code: 'CARD', name: '心血管内科', kind: 'CLINICAL' });
    expect(surgery.code).toBe('GSUR');
    for (const department of body.data.departments) {
      expect(department.doctorCount).toBeGreaterThan(0);
      expect(department.encounters.edges).toHaveLength(5);
      expect(department.encounters.totalCount).toBeGreaterThan(5);
      for (const { node } of department.encounters.edges) {
        expect(node.kind).toBe('INPATIENT');
        expect(node.admittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        expect(node.attendingDoctor.department.code).toBe(department.code);
        // an analyst: pseudonymous id, masked identity (the permission suites test every role)
        expect(node.patient.id).toMatch(/^PSN-[A-Za-z0-9_-]{16}$/);
        expect(node.patient.name).toMatch(/^\p{Script=Han}\*+$/u);
        if (node.patient.idCardNumber !== null) expect(node.patient.idCardNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
        expect(node.diagnoses[0].type).toBe('PRINCIPAL');
      }
    }
    const nodes = body.data.departments.flatMap((d: any) => d.encounters.edges.map((e: any) => e.node));
    // Across the ten stays, every source system contributed.
    expect(nodes.some((n: any) => n.labOrders.some((o: any) => o.results.length > 0))).toBe(true);
    expect(nodes.some((n: any) => n.imagingStudies.length > 0)).toBe(true);
    expect(nodes.some((n: any) => n.charges.length > 0)).toBe(true);
    expect(nodes.some((n: any) => n.drgCase?.drgCode)).toBe(true);
  });

  it('refuses a request without a token: 401, UNAUTHENTICATED, WWW-Authenticate', async () => {
    const response = await gw.post({ query: '{ me { id } }' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toContain('Authorization: Bearer');
  });

  describe('refuses tokens it must not trust', () => {
    const claims = { roles: ['analyst'], departments: [] };
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['garbage', async () => 'not.a.jwt', /malformed/],
      [
        'alg: none',
        async () => {
          const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
          return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.`;
        },
        /algorithm/,
      ],
      [
        'a foreign key’s signature',
        async () => {
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: gw.keys.privateJwk.kid }).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setSubject('x').setExpirationTime('5m').sign(privateKey);
        },
        /signature/,
      ],
      [
        'tampered claims',
        async () => {
          const [header, payload, signature] = (await gw.token(['analyst'])).split('.');
          const changed = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['admin'] };
          return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
        },
        /signature/,
      ],
      [
        'an expired token',
        async () =>
          new SignJWT(claims)
            .setProtectedHeader({ alg: 'ES256', kid: gw.keys.privateJwk.kid })
            .setIssuer(DEMO_ISSUER)
            .setAudience(DEMO_AUDIENCE)
            .setSubject('x')
            .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
            .sign(await importDemoSigningKey(gw.keys)),
        /expired/,
      ],
      [
        'a token for another audience',
        async () =>
          new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: gw.keys.privateJwk.kid }).setIssuer(DEMO_ISSUER).setAudience('another-service').setSubject('x').setExpirationTime('5m').sign(await importDemoSigningKey(gw.keys)),
        /audience/,
      ],
    ];
    it.each(cases)('%s', async (_, make, reason) => {
      const response = await gw.post({ query: '{ me { id } }' }, await make());
      expect(response.status).toBe(401);
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.errors[0].message).toMatch(reason);
      expect(body.data).toBeUndefined();
    });
  });

  it('answers a malformed query with a 400-class error and no stack trace', async () => {
    const response = await gw.post({ query: '{ departments { code ' }, analyst);
    expect(response.status).toBe(400);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(text).not.toMatch(/stacktrace|\bat .*\.(js|ts):\d+/);
  });

  it('answers an unknown field with a validation error naming it', async () => {
    const { status, body } = await gw.graphql('{ departments { code budget } }', undefined, analyst);
    expect(status).toBe(400);
    expect(body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toContain('budget');
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });

  it('refuses bodies that are not JSON, too large, or of another type', async () => {
    expect((await gw.post('{"query": ', analyst)).status).toBe(400);
    expect((await gw.post({ query: `{ me { id } } #${'x'.repeat(1_100_000)}` }, analyst)).status).toBe(413);
    const form = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${analyst}`, 'content-type': 'text/plain' }, body: '{ me { id } }' });
    expect(form.status).toBe(415);
  });

  it('reads a streamed body without a length, and refuses one that grows past the limit with 413', async () => {
    const streamed = (parts: string[]) =>
      fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    const ok = await streamed(['{"query": "{ me ', '{ id } }"}']);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).data.me.id).toBeDefined();
    const big = await streamed(['{"query": "{ me { id } } #', ...Array.from({ length: 12 }, () => 'x'.repeat(100_000)), '"}']);
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].message).toMatch(/exceeds/);
  });

  it('serves liveness and per-source readiness', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', sources: { his: 'up', lis: 'up', pacs: 'up', finance: 'up' }, audit: 'up', failing: [] });
  });

  it('serves GraphiQL and every asset it loads from the gateway itself, under a same-origin CSP', async () => {
    const page = await fetch(`${gw.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset.startsWith('/graphiql/assets/')).toBe(true);
      const response = await fetch(`${gw.url}${asset}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      // No stylesheet or script pulls anything from another origin (fonts, CDNs).
      expect(text).not.toMatch(/@import\s+url\(\s*["']?https?:|<script[^>]+src=["']https?:/i);
    }
  });

  it('carries a request id on every response', async () => {
    const response = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'req-12345678' } });
    expect(response.headers.get('x-request-id')).toBe('req-12345678');
    const generated = await fetch(`${gw.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
