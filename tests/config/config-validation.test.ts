import path from 'node:path';
import { ConfigError, loadConfigFile, validateConfig } from '../../src/config';
import { PROJECT_ROOT } from '../../src/paths';

const SECRET = 'a-pseudonym-secret-of-thirty-two-bytes-or-more';

const base = () => ({
  auth: { issuer: 'https://idp.example/realms/staff', audience: 'hospital-gateway', jwksUrl: 'https://idp.example/certs' },
  permissions: { pseudonymSecret: '${PSEUDONYM_SECRET}' },
  audit: { engine: 'postgres', url: 'postgres://gw_audit@audit-db/audit', sealSecret: '${PSEUDONYM_SECRET}' },
  sources: {
    his: { kind: 'HIS', engine: 'mssql', url: 'mssql://gw:${HIS_PASSWORD}@his-db:1433/his', schema: 'dbo', mapping: 'his.yaml' },
    lis: { kind: 'LIS', engine: 'mysql', url: 'mysql://gw@lis-db/lis', mapping: 'lis.yaml' },
    pacs: { kind: 'PACS', engine: 'postgres', url: 'postgres://gw@pacs-db/pacs', mapping: 'pacs.yaml' },
    finance: { kind: 'FINANCE', engine: 'postgres', url: 'postgres://gw@fin-db/fin', mapping: 'finance.yaml' },
  },
});

function problemsOf(raw: unknown, env: NodeJS.ProcessEnv = { HIS_PASSWORD: 'secret', PSEUDONYM_SECRET: SECRET }): string[] {
  try {
    validateConfig(raw, 'gateway.config.yaml', '/etc/gateway', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration validation', () => {
  it('accepts a complete configuration, resolving ${VAR} from the environment and applying defaults', () => {
    const config = validateConfig(base(), 'gateway.config.yaml', '/etc/gateway', { HIS_PASSWORD: 's3cret', PORT: '8080', PSEUDONYM_SECRET: SECRET });
    expect(config.sources.his!.url).toBe('mssql://gw:s3cret@his-db:1433/his');
    expect(config.server.port).toBe(8080);
    expect(config.sources.lis!.poolSize).toBe(10);
    expect(config.auth.claims).toEqual({ id: 'sub', name: 'name', roles: 'roles', departments: 'departments' });
    expect(config.site.timeZone).toBe('Asia/Shanghai');
  });

  it('names an unset environment variable and the key that refers to it', () => {
    expect(problemsOf(base(), { PSEUDONYM_SECRET: SECRET })).toEqual(['config key sources.his.url: refers to ${HIS_PASSWORD}, which is not set in the environment']);
  });

  it('names an unknown key and suggests the intended one', () => {
    const raw = base() as Record<string, any>;
    raw.sources.lis.engin = 'mysql';
    expect(problemsOf(raw)).toEqual(["config key sources.lis.engin: unknown key (did you mean 'engine'?)"]);
  });

  it('names a bad engine, a missing url and a url of the wrong kind', () => {
    const raw = base() as Record<string, any>;
    raw.sources.pacs.engine = 'oracle';
    delete raw.sources.lis.url;
    raw.sources.finance.url = 'mysql://gw@fin-db/fin';
    const problems = problemsOf(raw);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config key sources\.pacs\.engine: .*"mssql"\|"mysql"\|"postgres"\|"embedded"/),
        'config key sources.lis.url: the mysql engine needs a connection url',
        'config key sources.finance.url: a postgres url starts with postgres://',
      ]),
    );
  });

  it('requires exactly one source of each kind', () => {
    const raw = base() as Record<string, any>;
    raw.sources.lis.kind = 'PACS';
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining(['config key sources: no source of kind LIS', 'config key sources: 2 sources of kind PACS; configure exactly one']),
    );
  });

  it('requires exactly one key source and refuses algorithm confusion', () => {
    const raw = base() as Record<string, any>;
    raw.auth.hs256Secret = 'short';
    expect(problemsOf(raw)).toEqual(expect.arrayContaining(['config key auth: set exactly one of jwksUrl, jwksFile or hs256Secret', 'config key auth.hs256Secret: must be at least 32 bytes long']));
    const confused = base() as Record<string, any>;
    confused.auth.algorithms = ['RS256', 'HS256'];
    expect(problemsOf(confused)).toEqual([expect.stringMatching(/^config key auth\.algorithms: HS\* algorithms need hs256Secret/)]);
  });

  it('reports a missing required key as missing', () => {
    const raw = base() as Record<string, any>;
    delete raw.auth.audience;
    expect(problemsOf(raw)).toEqual(['config key auth.audience: missing (required)']);
  });

  it('refuses a time zone that does not exist and a PORT that is not a port', () => {
    expect(problemsOf({ ...base(), site: { timeZone: 'Asia/Shangai' } })).toEqual(['config key site.timeZone: not an IANA time zone (e.g. Asia/Shanghai)']);
    expect(problemsOf(base(), { HIS_PASSWORD: 'x', PORT: 'eighty', PSEUDONYM_SECRET: SECRET })).toEqual(["env PORT: 'eighty' is not a port number"]);
  });
});

describe('the shipped example configuration', () => {
  it('is valid once its secrets are in the environment', () => {
    const file = path.join(PROJECT_ROOT, 'gateway.config.example.yaml');
    const env = { HIS_DB_PASSWORD: 'a', LIS_DB_PASSWORD: 'b', PACS_DB_PASSWORD: 'c', FIN_DB_PASSWORD: 'd', PSEUDONYM_SECRET: 'p'.repeat(32), AUDIT_SEAL_SECRET: 's'.repeat(32), AUDIT_DB_PASSWORD: 'e' };
    const config = loadConfigFile(file, env);
    expect(Object.keys(config.sources)).toEqual(['his', 'lis', 'pacs', 'finance']);
    expect(config.auth.claims.departments).toBe('dept_codes');
    expect(() => loadConfigFile(file, {})).toThrow(/HIS_DB_PASSWORD/);
  });
});
