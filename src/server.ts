import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { withDeadline } from '../adapters/deadline';
import type { ExecutedStatement } from '../adapters/sql/sql-engine';
import { createTokenVerifier, TokenError, type TokenVerifier } from './auth/token-verifier';
import type { Viewer } from './auth/viewer';
import { ConfigError, configPath, type GatewayConfig } from './config';
import { AggregateCache } from './operations/aggregate-cache';
import { applyTargetOverrides, KPI_CATALOG } from './operations/kpi-catalog';
import { didYouMean } from '../adapters/mapping/suggest';
import type { GatewayContext } from './context';
import { ErrorCode } from './errors';
import { createErrorFormatter } from './graphql-errors';
import { GRAPHIQL_CSP, graphiqlAsset } from './http/graphiql-assets';
import { serveWebPage } from './http/web-assets';
import { sendGraphQLError, sendJson, setSecurityHeaders } from './http/http-response';
import { BodyError, readJsonBody } from './http/request-body';
import { closeGracefully } from './http/graceful-close';
import type { Logger } from './logging';
import { PolicyError } from './permissions/access-policy';
import { permissionsPlugin } from './permissions/permissions-plugin';
import { auditPlugin } from './audit/audit-plugin';
import { openAudit, type Audit } from './audit/open-audit';
import { exportAuditTrail } from './audit/export-route';
import { PersistedDocuments } from './reliability/persisted-documents';
import { GatewayMetrics } from './observability/metrics';
import { metricsPlugin } from './observability/metrics-plugin';
import { bodyWithRequestId, requestIdPlugin } from './observability/request-id-plugin';
import { errorLogPlugin } from './observability/error-log-plugin';
import { openTracing, type RequestTrace, type Tracing } from './observability/tracing';
import { tracingPlugin } from './observability/tracing-plugin';
import { DocumentLimitChecker } from './reliability/query-limits';
import { RateLimiter, rateStore, type RateLimit } from './reliability/rate-limiter';
import { buildRuleTree } from './permissions/rule-tree';
import { createContextFactory, type ContextFactory } from './request-context';
import { buildUnguardedSchema } from './schema';
import { executorGateway } from './execution/executor-gateway';
import { GuardedExecutor } from './execution/guarded-executor';
import { openSources, type OpenSourcesOptions, type Sources } from './sources';

export interface GatewayOptions {
  log: Logger;
  /** told about every statement any request sends (tests count them; metrics will) */
  onStatement?: (statement: ExecutedStatement, requestId: string) => void;
  /** passed to openSources (tests hand over an embedded database restored from a dump) */
  sources?: OpenSourcesOptions;
}

export interface Gateway {
  url: string;
  server: http.Server;
  sources: Sources;
  /** how many operations have been compiled into functions so far (server.compileQueriesFromRun) */
  readonly compiledOperations: number;
  /** marks the gateway not ready (load balancers stop sending) while it keeps serving */
  drain(): void;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const READINESS_TIMEOUT_MS = 3_000;

/** Opens the sources, builds the schema and serves HTTP on the configured port. */
export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  // a request's own lines go to its child logger (request id, trace id), handed down in its context
  const { log } = options;
  const unknownKpis = applyTargetOverrides(config.operations.targets);
  if (unknownKpis.length) throw new ConfigError(config.configDir, unknownKpis.map((code) => `config key operations.targets.${code}: not an indicator code${didYouMean(code, KPI_CATALOG.map((k) => k.code))}`));
  const sources = await openSources(config, log, options.sources);
  let metrics: GatewayMetrics | undefined;
  const audit = await openAudit(config, sources, log, {
    committed: (milliseconds, events) => {
      metrics?.auditCommits.observe(milliseconds / 1000);
      metrics?.auditRecords.inc(events);
    },
    failed: () => metrics?.auditCommitFailures.inc(),
  });
  metrics = new GatewayMetrics(() => audit.writer.queueDepth, {
    onOperationLabelsFull: (limit) => log.warn({ limit }, 'more distinct operation names than the metrics keep apart: new ad-hoc names are counted under operation="(other)"'),
  });
  const tracing = openTracing(config.tracing, Object.fromEntries(sources.handles.map((h) => [h.name, h.engine.name])));
  const limiter = config.rateLimits.enabled
    ? new RateLimiter(rateStore({ redisUrl: config.rateLimits.redisUrl, keyPrefix: 'hospital-gateway:rate:' }), { default: config.rateLimits.default, roles: config.rateLimits.roles as Record<string, RateLimit> })
    : undefined;
  const verifier = createTokenVerifier(config.auth, (written) => configPath(config, written));
  const executor = new GuardedExecutor(buildUnguardedSchema(), {
    compileFromRun: config.server.compileQueriesFromRun,
    onDeclined: (operation, reason) => log.warn({ operation, reason }, 'graphql-jit could not compile this query; it runs on graphql-js'),
  });
  const schema = executor.schema;
  const createContext = createContextFactory(sources, buildRuleTree(schema), {
    limits: { defaultPageSize: config.server.defaultPageSize, maxPageSize: config.server.maxPageSize },
    pseudonymSecret: config.permissions.pseudonymSecret,
    smallCellK: config.permissions.smallCellK,
    services: { auditStore: audit.store, access: audit.access, aggregateCache: new AggregateCache(config.operations.cacheSeconds * 1000) },
    introspection: config.server.introspection,
    queryLimits: config.queryLimits,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: executorGateway(schema, executor),
    // introspection is decided per viewer by the permissions plugin (server.introspection)
    introspection: true,
    // trusted operations come from the manifest only: no registering of documents by clients
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(config.server.production),
    logger: apolloLogger(log),
    // Apollo's cache-control plugin, installed unless disabled, wraps every field of every result in
    // a hook (a third of the execution of a 9,420-row list); responses here are never cached (no-store)
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), permissionsPlugin(), auditPlugin(schema, audit.writer, audit.commitTimeoutMs), metricsPlugin(metrics), requestIdPlugin(), errorLogPlugin(), ...(config.tracing.enabled ? [tracingPlugin()] : [])],
  });
  await apollo.start();

  const draining = { value: false };
  const handle = routes(metrics, tracing, schema, draining, config, sources, audit, verifier, apollo, createContext, options, limiter);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ requestId: res.getHeader('X-Request-Id'), error: (error as Error).message, stack: (error as Error).stack }, 'request handling failed');
      if (!res.headersSent) sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${config.server.host === '0.0.0.0' || config.server.host === '::' ? 'localhost' : config.server.host}:${address.port}`;
  log.info({ url, sources: sources.handles.map((h) => ({ name: h.name, kind: h.kind, engine: h.engine.name })) }, 'gateway listening');

  return {
    url,
    server,
    sources,
    get compiledOperations() {
      return executor.compiledOperations;
    },
    drain: () => {
      draining.value = true;
    },
    close: async () => {
      await closeGracefully(server);
      await apollo.stop();
      await limiter?.close();
      await audit.close();
      await sources.close();
      await tracing.shutdown();
    },
  };
}

function routes(metrics: GatewayMetrics, tracing: Tracing, schema: GraphQLSchema, draining: { value: boolean }, config: GatewayConfig, sources: Sources, audit: Audit, verifier: TokenVerifier, apollo: ApolloServer<GatewayContext>, createContext: ContextFactory, options: GatewayOptions, limiter?: RateLimiter) {
  const persisted = config.persistedDocuments.manifest ? PersistedDocuments.load(configPath(config, config.persistedDocuments.manifest)) : undefined;
  const limitChecker = new DocumentLimitChecker(schema);
  const allowListRoles = new Set<string>(config.persistedDocuments.allowListRoles);

  const graphql = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, trace: RequestTrace, log: Logger) => {
    const started = performance.now();
    /** a refusal before execution: answered, and counted in the latency and errors series under (refused) */
    const refuse = (status: number, code: string, message: string, headers?: Record<string, string>, details?: Record<string, unknown>) => {
      sendGraphQLError(res, status, code, message, headers, details);
      metrics.observeRefused(status, code, (performance.now() - started) / 1000);
    };
    if (req.method !== 'GET' && req.method !== 'POST') {
      refuse(405, ErrorCode.BAD_USER_INPUT, '/graphql accepts GET and POST', { Allow: 'GET, POST' });
      return;
    }
    const viewer = await authenticate(req, verifier);
    if (typeof viewer === 'string') {
      refuse(401, ErrorCode.UNAUTHENTICATED, viewer, { 'WWW-Authenticate': 'Bearer realm="hospital-gateway"' });
      return;
    }
    if (limiter) {
      const decision = await limiter.check(viewer.id, viewer.roles);
      if (!decision.allowed) {
        refuse(429, 'RATE_LIMITED', `Too many requests: at most ${decision.limit.requestsPerMinute} a minute (bursts of ${decision.limit.burst}) for your role; retry in ${decision.retryAfterSeconds} s.`, { 'Retry-After': String(decision.retryAfterSeconds) });
        return;
      }
    }
    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, config.server.maxBodyBytes) : undefined;
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      refuse(error.status, ErrorCode.BAD_USER_INPUT, error.message);
      return;
    }
    const document = resolvePersisted(body, url, persisted);
    if (document.error) {
      refuse(400, ErrorCode.PERSISTED_QUERY_NOT_FOUND, document.error);
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const requestedRole = req.headers['x-gateway-role'];
    let context: GatewayContext;
    try {
      context = await createContext({
        viewer,
        requestId,
        ip: req.socket.remoteAddress ?? null,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
        requestedRole: typeof requestedRole === 'string' && requestedRole !== '' ? requestedRole : undefined,
        onStatement: (statement: ExecutedStatement) => {
          metrics.statements.observe({ source: statement.source }, statement.durationMs / 1000);
          trace.statement(statement);
          options.onStatement?.(statement, requestId);
        },
        onStatementFailed: (failure) => {
          metrics.statementErrors.inc({ source: failure.source, kind: failure.kind });
          trace.statementFailed(failure);
        },
        trace,
        log,
      });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      refuse(403, ErrorCode.FORBIDDEN, error.message);
      return;
    }
    const text = (body as { query?: unknown } | undefined)?.query ?? url.searchParams.get('query');
    // limits come before Apollo parses and validates: a hostile document costs one bounded parse
    const tooComplex = typeof text === 'string' ? limitChecker.check(text, context.permissions.queryLimits) : null;
    if (tooComplex) {
      refuse(400, String(tooComplex.extensions.code ?? ErrorCode.QUERY_TOO_COMPLEX), tooComplex.message, undefined, tooComplex.extensions);
      return;
    }
    const roles = context.permissions.policy.roles;
    if (roles.length > 0 && roles.every((role) => allowListRoles.has(role)) && !document.trusted) {
      refuse(403, ErrorCode.FORBIDDEN, `The role ${roles.join(', ')} may run only the trusted operations of the dashboard manifest; send the operation's id (extensions.persistedQuery.sha256Hash).`);
      return;
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('Cache-Control', 'no-store');
    observeResponse(metrics, context, document.trusted, response.status ?? 200, started);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Apollo answers a malformed request (no query, a bad batch) before its plugins run
      res.end(res.statusCode === 200 ? response.body.string : bodyWithRequestId(response.body.string, requestId));
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** the same identity and policy as /graphql, then the FHIR export */
  const auditExport = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, log: Logger) => {
    const viewer = await authenticate(req, verifier);
    if (typeof viewer === 'string') {
      sendGraphQLError(res, 401, ErrorCode.UNAUTHENTICATED, viewer, { 'WWW-Authenticate': 'Bearer realm="hospital-gateway"' });
      return;
    }
    let context: GatewayContext;
    try {
      context = await createContext({ viewer, requestId, log, ip: req.socket.remoteAddress ?? null, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      sendGraphQLError(res, 403, ErrorCode.FORBIDDEN, error.message);
      return;
    }
    await exportAuditTrail(res, url, context, audit, { name: config.site.name, id: 'hospital-gateway' });
  };

  const readiness = async (res: ServerResponse, log: Logger) => {
    if (draining.value) {
      sendJson(res, 503, { status: 'draining', sources: {}, failing: [] });
      return;
    }
    const checks = await Promise.all(
      sources.handles.map(async (handle) => {
        try {
          await withTimeout(handle.engine.ping(), READINESS_TIMEOUT_MS);
          return [handle.name, 'up'] as const;
        } catch (error) {
          log.warn({ source: handle.name, error: (error as Error).message }, 'readiness check failed');
          return [handle.name, 'down'] as const;
        }
      }),
    );
    let auditState: 'up' | 'down' = 'up';
    try {
      await withTimeout(audit.store.ping(), READINESS_TIMEOUT_MS);
    } catch (error) {
      log.warn({ error: (error as Error).message }, 'readiness check of the audit store failed');
      auditState = 'down';
    }
    const failing = [...checks.filter(([, state]) => state === 'down').map(([name]) => name), ...(auditState === 'down' ? ['audit'] : [])];
    sendJson(res, failing.length ? 503 : 200, { status: failing.length ? 'unavailable' : 'ready', sources: Object.fromEntries(checks), audit: auditState, failing });
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    const supplied = req.headers['x-request-id'];
    const requestId = typeof supplied === 'string' && REQUEST_ID.test(supplied) ? supplied : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const started = performance.now();
    const trace = tracing.startRequest(req, url.pathname, requestId);
    // the request's lines carry its id (and its trace's): the logger goes down with the request
    const requestLog = options.log.child(trace.traceId ? { requestId, traceId: trace.traceId } : { requestId });
    // one line per request: ids, path, status and time — never the query, variables or token
    res.once('finish', () => {
      if (url.pathname.startsWith('/graphiql/assets/')) return;
      requestLog.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    // 'close' follows 'finish', and also comes alone when the client goes away mid-response
    res.once('close', () => trace.end(res.statusCode));
    return serve(req, res, url, requestId, trace, requestLog);
  };

  /** the routes */
  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, trace: RequestTrace, log: Logger): Promise<void> {
    try {
      if (url.pathname === '/graphql') return await graphql(req, res, url, requestId, trace, log);
      if (url.pathname === '/audit-export' && req.method === 'GET') return await auditExport(req, res, url, requestId, log);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/metrics' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return;
      }
      if (url.pathname === '/readyz') return await readiness(res, log);
      // the dashboard and audit review pages (/dashboard/, /audit/) built from web/
      if (await serveWebPage(req, res, url)) return;
      const asset = req.method === 'GET' || req.method === 'HEAD' ? graphiqlAsset(url.pathname) : undefined;
      if (asset) {
        res.writeHead(200, {
          'Content-Type': asset.contentType,
          'Content-Length': asset.body.length,
          'Content-Security-Policy': GRAPHIQL_CSP,
          'Cache-Control': url.pathname.includes('/assets/') ? 'public, max-age=3600' : 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : asset.body);
        return;
      }
      if (url.pathname === '/') {
        res.writeHead(302, { Location: '/graphiql' });
        res.end();
        return;
      }
      sendJson(res, 404, { error: `no such path: ${url.pathname}`, paths: ['/graphql', '/graphiql', '/healthz', '/readyz'] });
    } catch (error) {
      if (error instanceof BodyError) return sendGraphQLError(res, error.status, ErrorCode.BAD_USER_INPUT, error.message);
      throw error;
    }
  }
}

/** The viewer, or why the request is refused. */
async function authenticate(req: IncomingMessage, verifier: TokenVerifier): Promise<Viewer | string> {
  const header = req.headers.authorization;
  if (!header) return 'missing Authorization header: send "Authorization: Bearer <token>"';
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match) return 'the Authorization header must be "Bearer <token>"';
  try {
    return await verifier.verify(match[1]!);
  } catch (error) {
    if (error instanceof TokenError) return error.message;
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return withDeadline(promise, ms, () => new Error(`no answer within ${ms} ms`));
}

function apolloLogger(log: Logger) {
  return {
    debug: (message: string) => log.debug(message),
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
    error: (message: string) => log.error(message),
  };
}

/**
 * A request naming a persisted document by id gets its text from the manifest (and the id is
 * taken off, so that Apollo does not treat it as an automatic persisted query). Returns whether
 * the operation that will run is a trusted one.
 */
function resolvePersisted(body: unknown, url: URL, persisted: PersistedDocuments | undefined): { trusted: boolean; error?: string } {
  const request = (body && typeof body === 'object' ? body : undefined) as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } }; documentId?: unknown } | undefined;
  let extensions = request?.extensions;
  if (!request && url.searchParams.has('extensions')) {
    try {
      extensions = JSON.parse(url.searchParams.get('extensions')!);
    } catch {
      return { trusted: false };
    }
  }
  const id = request?.documentId ?? extensions?.persistedQuery?.sha256Hash;
  if (typeof id === 'string') {
    const operation = persisted?.byHash(id);
    if (!operation) return { trusted: false, error: `No persisted operation has the id ${id.slice(0, 80)}; the dashboard's manifest lists the trusted operations.` };
    if (request) {
      request.query = operation.body;
      delete request.documentId;
      if (request.extensions) delete request.extensions.persistedQuery;
    } else {
      url.searchParams.set('query', operation.body);
      url.searchParams.delete('extensions');
    }
    return { trusted: true };
  }
  const query = request?.query ?? url.searchParams.get('query');
  return { trusted: typeof query === 'string' && persisted !== undefined && persisted.contains(query) };
}

/**
 * request latency by operation and sensitive entities by outcome (errors: the metrics plugin). The
 * operation label is bounded: a persisted operation's name, else one of a fixed number of ad-hoc
 * names, else (other) — a client cannot create series at will (observability/operation-labels.ts).
 */
function observeResponse(metrics: GatewayMetrics, context: GatewayContext, trusted: boolean, status: number, started: number): void {
  const operation = metrics.operations.label(context.audit.operationName, trusted);
  metrics.requests.observe({ operation, status: String(status) }, (performance.now() - started) / 1000);
  for (const outcome of context.audit.outcomes()) metrics.sensitive.inc({ outcome: outcome.outcome, entity_type: outcome.entityType }, outcome.count);
}
