import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { PROJECT_ROOT } from '../../src/paths';
import { manifestOf, PersistedDocuments, persistedSources, type PersistedManifest } from '../../src/reliability/persisted-documents';
import { buildSchema } from '../../src/schema';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/**
 * Persisted documents and the introspection policy: dashboard accounts run only the manifest's
 * operations, analysts keep free queries, and introspection follows the configured roles.
 */
const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'persisted', 'manifest.json'), 'utf8')) as PersistedManifest;
const scorecard = manifest.operations.find((o) => o.name === 'DashboardScorecard')!;

describe('the persisted operations manifest', () => {
  it('is generated from persisted/*.graphql (run `npm run persisted:manifest` after changing them) and valid against the schema', () => {
    expect(manifest).toEqual(manifestOf(persistedSources(path.join(PROJECT_ROOT, 'persisted'))));
    const schema = buildSchema();
    for (const operation of manifest.operations) expect([operation.name, validate(schema, parse(operation.body))]).toEqual([operation.name, []]);
  });
});

describe('recognizing a manifest operation sent as text', () => {
  const documents = new PersistedDocuments(manifest);
  const spaced = `# the dashboard's scorecard, as a developer formatted it\n${scorecard.body.replace(/ {/g, '\n  {  ').replace(/\n/g, '\n\n')}`;

  it('accepts the exact text and the same operation spaced and commented otherwise, every time it is asked', () => {
    expect(documents.contains(scorecard.body)).toBe(true);
    expect(spaced).not.toBe(scorecard.body);
    for (let i = 0; i < 3; i++) expect(documents.contains(spaced)).toBe(true);
  });

  it('refuses another operation, a changed one, a malformed text and a manifest operation padded far beyond the length of any operation (not parsed), also when asked again', () => {
    const changed = scorecard.body.replace(/\}\s*$/, ' __typename }');
    const longer = `${scorecard.body}\n${'#'.repeat(200_000)}`;
    for (let i = 0; i < 2; i++) {
      expect(documents.contains('{ departments { code } }')).toBe(false);
      expect(documents.contains(changed)).toBe(false);
      expect(documents.contains('query {')).toBe(false);
      expect(documents.contains(longer)).toBe(false);
    }
  });

  it('keeps its verdicts bounded: after thousands of other texts, it still answers alike', () => {
    for (let i = 0; i < 3_000; i++) documents.contains(`{ d${i}: departments { code } }`);
    expect(documents.contains(spaced)).toBe(true);
    expect(documents.contains('{ d1: departments { code } }')).toBe(false);
    expect((documents as unknown as { verdicts: { size: number } }).verdicts.size).toBeLessThanOrEqual(1_000);
  });
});

describe('allow-list mode and introspection over HTTP', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      configure: (config) => {
        config.persistedDocuments.allowListRoles = ['ops_assistant'];
        config.server.introspection = ['analyst', 'admin'];
      },
    });
  });

  afterAll(async () => {
    await gw?.close();
  });

  const variables = { period: { quarter: '2026-Q1' } };

  it('runs only manifest operations for a dashboard role: by id, or by their exact text', async () => {
    const ops = await gw.token(['ops_assistant'], ['CARD']);
    const free = await gw.post({ query: '{ departments { code } }' }, ops);
    expect(free.status).toBe(403);
    expect(((await free.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');

    const byId = await gw.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: scorecard.id } } }, ops);
    expect(byId.status).toBe(200);
    const body = (await byId.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.scorecard.department.code).toBe('CARD');

    const byText = await gw.post({ query: scorecard.body, variables }, ops);
    expect(byText.status).toBe(200);

    const unknown = await gw.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, ops);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets analysts run free queries, and persisted ones too', async () => {
    const analyst = await gw.token(['analyst']);
    expect((await gw.graphql('{ departments { code } }', undefined, analyst)).status).toBe(200);
    const byId = await gw.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: scorecard.id } } }, analyst);
    expect(((await byId.json()) as any).data.scorecard.department).toBeNull();
  });

  it('answers introspection only for the configured roles', async () => {
    const director = await gw.token(['dept_director'], ['CARD']);
    const refused = await gw.graphql('{ __schema { queryType { name } } }', undefined, director);
    expect(refused.body.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(refused.body.data).toBeUndefined();
    const analyst = await gw.token(['analyst']);
    const allowed = await gw.graphql('{ __schema { queryType { name } } }', undefined, analyst);
    expect(allowed.body.data.__schema.queryType.name).toBe('Query');
  });
});
