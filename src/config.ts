import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { didYouMean } from '../adapters/mapping/suggest';
import { ROLES } from './permissions/roles';

/**
 * The gateway's configuration: one YAML file (`gateway.config.yaml`, or the path in env
 * GATEWAY_CONFIG) with `${ENV_VAR}` references for secrets. Validated as a whole at start; every
 * problem is reported with the key it concerns, and the process does not start.
 */

const SOURCE_KINDS = ['HIS', 'LIS', 'PACS', 'FINANCE'] as const;
const ENGINES = ['mssql', 'mysql', 'postgres', 'embedded'] as const;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512'] as const;

const sourceSchema = z
  .strictObject({
    kind: z.enum(SOURCE_KINDS),
    engine: z.enum(ENGINES),
    /** connection URL for server engines: mssql://, mysql://, postgres:// */
    url: z.string().min(1).optional(),
    /** data directory of the embedded engine */
    dataDir: z.string().min(1).optional(),
    /** schema (SQL Server, PostgreSQL) or database (MySQL) holding the vendor tables */
    schema: z.string().min(1).optional(),
    /** the mapping file, relative to the configuration file */
    mapping: z.string().min(1),
    poolSize: z.number().int().min(1).max(200).default(10),
    statementTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
    /** PostgreSQL: keep small statements prepared per connection; turn off behind a pooler that cannot (PgBouncer in transaction mode before 1.21) */
    preparedStatements: z.boolean().default(true),
    /** circuit breaker: consecutive failures that stop statements to the source, and the pause before a trial */
    breaker: z.strictObject({ failureThreshold: z.number().int().min(1).max(100).default(3), resetMs: z.number().int().min(100).max(600_000).default(5_000) }).prefault({}),
  })
  .superRefine((source, ctx) => {
    if (source.engine === 'embedded' && !source.dataDir) ctx.addIssue({ code: 'custom', path: ['dataDir'], message: 'the embedded engine needs a dataDir' });
    if (source.engine !== 'embedded' && !source.url) ctx.addIssue({ code: 'custom', path: ['url'], message: `the ${source.engine} engine needs a connection url` });
    if (source.url && source.engine !== 'embedded') {
      const expected = { mssql: ['mssql:', 'sqlserver:'], mysql: ['mysql:', 'mariadb:'], postgres: ['postgres:', 'postgresql:'] }[source.engine];
      let protocol = '';
      try {
        protocol = new URL(source.url).protocol;
      } catch {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'not a valid URL' });
        return;
      }
      if (!expected.includes(protocol)) ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${source.engine} url starts with ${expected[0]}//` });
    }
  });

const claimsSchema = z
  .strictObject({
    id: z.string().default('sub'),
    name: z.string().default('name'),
    roles: z.string().default('roles'),
    departments: z.string().default('departments'),
  })
  .prefault({});

const authSchema = z
  .strictObject({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    algorithms: z.array(z.enum(ALGORITHMS)).min(1).default(['RS256', 'ES256']),
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    jwksFile: z.string().min(1).optional(),
    hs256Secret: z.string().optional(),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30),
    /** how long a fetched JWKS is trusted, and the least time between two fetches (key rotation) */
    jwksCacheSeconds: z.number().int().min(0).max(86_400).default(600),
    jwksCooldownSeconds: z.number().int().min(0).max(3_600).default(30),
    /** a verified token is trusted this long without a second signature check (0: check every request) */
    tokenCacheSeconds: z.number().int().min(0).max(300).default(60),
    claims: claimsSchema,
    /** the identity provider's role names → the gateway's roles; unmapped unknown names grant nothing */
    roleMapping: z.record(z.string().min(1), z.enum(ROLES)).default({}),
  })
  .superRefine((auth, ctx) => {
    const keySources = [auth.jwksUrl, auth.jwksFile, auth.hs256Secret].filter((value) => value !== undefined);
    if (keySources.length !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set exactly one of jwksUrl, jwksFile or hs256Secret' });
    }
    if (auth.hs256Secret !== undefined) {
      if (Buffer.byteLength(auth.hs256Secret) < 32) ctx.addIssue({ code: 'custom', path: ['hs256Secret'], message: 'must be at least 32 bytes long' });
      if (auth.algorithms.some((alg) => !alg.startsWith('HS'))) ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'with hs256Secret, allow only HS256/HS384/HS512' });
    } else if (auth.algorithms.some((alg) => alg.startsWith('HS'))) {
      // A public key must never be usable as an HMAC secret (algorithm confusion).
      ctx.addIssue({ code: 'custom', path: ['algorithms'], message: 'HS* algorithms need hs256Secret; with a JWKS allow only asymmetric algorithms' });
    }
  });

/** a document seen again is a dashboard's or a client's fixed query; a first one may be a one-off */
export const DEFAULT_COMPILE_FROM_RUN = 2;

const configSchema = z.strictObject({
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65535).default(4000),
      host: z.string().default('0.0.0.0'),
      /** production mode: no error details to clients. Default: NODE_ENV=production */
      production: z.boolean().optional(),
      defaultPageSize: z.number().int().min(1).max(10_000).default(100),
      maxPageSize: z.number().int().min(1).max(100_000).default(10_000),
      maxBodyBytes: z.number().int().min(1024).max(50_000_000).default(1_000_000),
      /** schema introspection: for everyone (true), nobody (false), or the roles listed */
      introspection: z.union([z.boolean(), z.array(z.enum(ROLES))]).default(true),
      /** compile a query document into functions (graphql-jit) from its nth run; 0 = graphql-js only */
      compileQueriesFromRun: z.number().int().min(0).max(1_000).default(DEFAULT_COMPILE_FROM_RUN),
    })
    .prefault({}),
  site: z
    .strictObject({
      name: z.string().default('Hospital'),
      timeZone: z
        .string()
        .default('Asia/Shanghai')
        .refine((zone) => isTimeZone(zone), { message: 'not an IANA time zone (e.g. Asia/Shanghai)' }),
    })
    .prefault({}),
  auth: authSchema,
  permissions: z.strictObject({
    /** key of the analysts' patient pseudonyms: keep it secret and stable (a new key breaks joins) */
    pseudonymSecret: z.string().refine((secret) => Buffer.byteLength(secret) >= 32, { message: 'must be at least 32 bytes long' }),
    /** aggregates over fewer patients than this are suppressed for analysts */
    smallCellK: z.number().int().min(2).max(100).default(5),
  }),
  audit: z
    .strictObject({
      /** where the audit trail is kept: PostgreSQL or MySQL/MariaDB, or the demo's embedded database */
      engine: z.enum(['postgres', 'mysql', 'embedded']),
      url: z.string().optional(),
      /** embedded: the data directory of an embedded source's database */
      dataDir: z.string().optional(),
      /** PostgreSQL schema of the audit tables (MySQL: the database in the url) */
      schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and _').default('audit'),
      /** key that seals each record and the retention anchor: 32+ bytes, kept outside the database */
      sealSecret: z.string().refine((secret) => Buffer.byteLength(secret) >= 32, { message: 'must be at least 32 bytes long' }),
      /** a response with sensitive data waits at most this long for its records to commit */
      commitTimeoutMs: z.number().int().min(50).max(60_000).default(2_000),
      /** records are kept at least this long (six months: 180 days minimum) */
      retentionDays: z.number().int().min(180).max(36_500).default(180),
      poolSize: z.number().int().min(1).max(50).default(5),
      approvalSeconds: z.number().int().min(1).max(30 * 86_400).default(86_400),
      breakGlassSeconds: z.number().int().min(1).max(86_400).default(14_400),
      /** a viewer's grants in force are re-read at most this often; another replica's new grant shows this much later */
      grantCacheSeconds: z.number().int().min(0).max(60).default(2),
    })
    .superRefine((audit, ctx) => {
      if (audit.engine === 'embedded' && !audit.dataDir) ctx.addIssue({ code: 'custom', path: ['dataDir'], message: 'an embedded audit store names the dataDir of an embedded source' });
      if (audit.engine !== 'embedded' && !audit.url) ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${audit.engine} audit store needs a url` });
    }),
  /** requests per user: a token bucket, in Redis when redisUrl is set (shared by replicas), else in memory */
  rateLimits: z
    .strictObject({
      enabled: z.boolean().default(true),
      default: z.strictObject({ requestsPerMinute: z.number().positive().default(600), burst: z.number().int().min(1).default(120) }).prefault({}),
      roles: z.partialRecord(z.enum(ROLES), z.strictObject({ requestsPerMinute: z.number().positive(), burst: z.number().int().min(1) })).default({}),
      redisUrl: z.string().optional(),
    })
    .prefault({}),
  /** query limits, by role: a viewer gets the most generous of its roles' (unlisted roles: the defaults) */
  queryLimits: z
    .strictObject({
      default: z.strictObject({ depth: z.number().int().min(1).optional(), aliases: z.number().int().min(0).optional(), directives: z.number().int().min(0).optional(), cost: z.number().min(1).optional(), tokens: z.number().int().min(10).optional() }).prefault({}),
      roles: z.partialRecord(z.enum(ROLES), z.strictObject({ depth: z.number().int().min(1).optional(), aliases: z.number().int().min(0).optional(), directives: z.number().int().min(0).optional(), cost: z.number().min(1).optional(), tokens: z.number().int().min(10).optional() })).default({}),
    })
    .prefault({}),
  /** trusted operations: the roles listed may run only the manifest's operations */
  persistedDocuments: z
    .strictObject({ manifest: z.string().optional(), allowListRoles: z.array(z.enum(ROLES)).default([]) })
    .prefault({}),
  /** per-site indicator targets and thresholds, by KPI code (kpiCatalog lists the codes) */
  operations: z
    .strictObject({
      /** indicator sums are reused this long for the same statement and row scope (0: never) */
      cacheSeconds: z.number().int().min(0).max(3_600).default(60),
      targets: z
        .record(
          z.string().regex(/^[A-Z0-9_]+$/, 'a KPI code, e.g. DRUG_SHARE'),
          z.strictObject({ target: z.number().nullable().optional(), watch: z.number().nullable().optional(), alert: z.number().optional(), alertMinimumCases: z.number().int().min(1).optional() }),
        )
        .default({}),
    })
    .prefault({}),
  sources: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'source names are lower-case letters, digits and _'), sourceSchema),
  /** OpenTelemetry traces over OTLP/HTTP; off by default (then no tracing SDK is loaded) */
  tracing: z
    .strictObject({
      enabled: z.boolean().default(false),
      serviceName: z.string().min(1).default('hospital-gateway'),
      /** share of new traces recorded; a request with a traceparent follows its caller's decision */
      sampleRatio: z.number().min(0).max(1).default(1),
      /** the parameterized SQL on statement spans (never its parameters); off: mapped table names reveal the vendor schema */
      statementText: z.boolean().default(false),
      exporter: z
        .strictObject({
          /** the collector's OTLP/HTTP traces endpoint */
          otlpUrl: z.url({ protocol: /^https?$/ }).default('http://localhost:4318/v1/traces'),
          /** e.g. an authorization header for the collector, from ${ENV_VAR} */
          headers: z.record(z.string().min(1), z.string()).default({}),
          timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
        })
        .prefault({}),
    })
    .prefault({}),
  /** the embedded demo hospital: generated into each embedded source's dataDir on first start */
  demo: z
    .strictObject({
      scale: z.number().positive().max(100).default(1),
      seed: z.number().int().default(20260101),
    })
    .optional(),
});

export type GatewayConfig = z.infer<typeof configSchema> & { server: { production: boolean }; configDir: string };
export type SourceConfig = z.infer<typeof sourceSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type TracingConfig = z.infer<typeof configSchema>['tracing'];
export type SourceKindName = (typeof SOURCE_KINDS)[number];

/** The configuration cannot be used; `problems` name each key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((error) => `not valid YAML (line ${error.linePos?.[0]?.line ?? '?'}): ${error.message.split('\n')[0]}`));
  }
  return validateConfig(doc.toJS(), file, path.dirname(path.resolve(file)), env);
}

/** Validates a configuration object; `${VAR}` references are resolved from `env` first. */
export function validateConfig(raw: unknown, file: string, configDir: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const resolved = interpolate(raw, [], env, problems);
  if (problems.length) throw new ConfigError(file, problems);
  const result = configSchema.safeParse(resolved);
  if (!result.success) {
    throw new ConfigError(file, result.error.issues.map((issue) => describeIssue(issue, resolved)));
  }
  const config = result.data;
  const kinds = Object.values(config.sources).map((source) => source.kind);
  for (const kind of SOURCE_KINDS) {
    const count = kinds.filter((k) => k === kind).length;
    if (count !== 1) problems.push(`config key sources: ${count === 0 ? `no source of kind ${kind}` : `${count} sources of kind ${kind}; configure exactly one`}`);
  }
  if (config.server.defaultPageSize > config.server.maxPageSize) problems.push('config key server.defaultPageSize: must not exceed server.maxPageSize');
  if (problems.length) throw new ConfigError(file, problems);
  const port = env.PORT === undefined ? config.server.port : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(file, [`env PORT: '${env.PORT}' is not a port number`]);
  return {
    ...config,
    server: { ...config.server, port, production: config.server.production ?? env.NODE_ENV === 'production' },
    configDir,
  };
}

function interpolate(value: unknown, at: (string | number)[], env: NodeJS.ProcessEnv, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const replacement = env[name];
      if (replacement === undefined) {
        problems.push(`config key ${at.join('.')}: refers to \${${name}}, which is not set in the environment`);
        return '';
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, [...at, i], env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, [...at, key], env, problems)]));
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const key = issue.path.join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    return issue.keys
      .map((unknownKey) => `config key ${issue.path.length ? `${key}.` : ''}${unknownKey}: unknown key${didYouMean(unknownKey, known)}`)
      .join('; ');
  }
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) return `config key ${key}: missing (required)`;
  return `config key ${key}: ${issue.message}`;
}

function knownKeysAt(at: PropertyKey[]): string[] {
  const keys: Record<string, string[]> = {
    '': Object.keys(configSchema.shape),
    server: ['port', 'host', 'production', 'defaultPageSize', 'maxPageSize', 'maxBodyBytes', 'introspection'],
    persistedDocuments: ['manifest', 'allowListRoles'],
    queryLimits: ['default', 'roles'],
    rateLimits: ['enabled', 'default', 'roles', 'redisUrl'],
    site: ['name', 'timeZone'],
    auth: ['issuer', 'audience', 'algorithms', 'jwksUrl', 'jwksFile', 'hs256Secret', 'clockToleranceSeconds', 'jwksCacheSeconds', 'jwksCooldownSeconds', 'claims', 'roleMapping'],
    permissions: ['pseudonymSecret', 'smallCellK'],
    operations: ['targets'],
    audit: ['engine', 'url', 'dataDir', 'schema', 'sealSecret', 'commitTimeoutMs', 'retentionDays', 'poolSize', 'approvalSeconds', 'breakGlassSeconds', 'grantCacheSeconds'],
    'auth.claims': ['id', 'name', 'roles', 'departments'],
    demo: ['scale', 'seed'],
    tracing: ['enabled', 'serviceName', 'sampleRatio', 'statementText', 'exporter'],
    'tracing.exporter': ['otlpUrl', 'headers', 'timeoutMs'],
    source: ['kind', 'engine', 'url', 'dataDir', 'schema', 'mapping', 'poolSize', 'statementTimeoutMs', 'preparedStatements', 'breaker'],
  };
  const joined = at.join('.');
  return keys[at[0] === 'sources' && at.length === 2 ? 'source' : joined] ?? [];
}

function valueAt(raw: unknown, at: PropertyKey[]): unknown {
  let current = raw;
  for (const key of at) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Resolves a path written in the configuration file against the file's directory. */
export function configPath(config: GatewayConfig, written: string): string {
  return path.resolve(config.configDir, written);
}
