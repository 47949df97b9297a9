import type { CompiledQuery } from 'kysely';
import { withDeadline } from '../deadline';
import type { ExecuteOptions, SqlEngine, StatementErrorKind } from './sql-engine';

/**
 * A source that is down, or stalls, must cost its own fields and nothing else: every statement
 * gets a hard client-side deadline (a stalled TCP connection never answers a server-side
 * timeout), a read that failed on the connection is retried once (reads are safe to repeat), and
 * a circuit breaker stops sending statements to a source that keeps failing — requests then fail
 * at once instead of each waiting out the deadline — and lets one trial through after a pause,
 * so the gateway recovers by itself when the source returns.
 */
export interface ResilienceSettings {
  statementTimeoutMs: number;
  /** consecutive failures that open the breaker */
  failureThreshold: number;
  /** how long an open breaker waits before letting a trial statement through */
  resetMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export class SourceDownError extends Error {
  constructor(
    readonly source: string,
    message: string,
    /** the deadline passed, or the breaker refused the statement without sending it */
    readonly reason: 'timeout' | 'circuit-open',
  ) {
    super(message);
    this.name = 'SourceDownError';
  }
}

/** errors of the connection (worth a retry and counted by the breaker), not of the statement */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection terminated|connection.*(closed|lost|ended)|PROTOCOL_CONNECTION_LOST|socket hang up|Client has encountered a connection error|read ECONN|write ECONN|timeout exceeded when trying to connect|Can't add new command when connection is in closed state/i;
/** a statement cancelled for running too long: the source is slow; retrying would double the wait */
const TIMEOUT_ERROR = /statement timeout|canceling statement due to statement timeout|Query inactivity timeout|query read timeout|did not answer within|Timeout/i;

/** what kind of failure a statement met, for metrics and traces (the message itself may quote values) */
export function statementErrorKind(error: unknown): StatementErrorKind {
  if (error instanceof SourceDownError) return error.reason;
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  if (CONNECTION_ERROR.test(text)) return 'connection';
  if (TIMEOUT_ERROR.test(text)) return 'timeout';
  return 'other';
}

export function isConnectionError(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return CONNECTION_ERROR.test(text);
}

/** a failure of the source (counted by the breaker), not of the statement itself */
function isAvailabilityError(error: unknown): boolean {
  return statementErrorKind(error) !== 'other';
}

export interface ResilientEngine extends SqlEngine {
  readonly breaker: { state: BreakerState; consecutiveFailures: number };
}

export function resilientEngine(inner: SqlEngine, source: string, settings: ResilienceSettings, clock: () => number = Date.now): ResilientEngine {
  const breaker = { state: 'closed' as BreakerState, consecutiveFailures: 0, openedAt: 0 };
  let trial: Promise<unknown> | null = null;

  const deadline = <T>(promise: Promise<T>): Promise<T> =>
    withDeadline(promise, settings.statementTimeoutMs, () => new SourceDownError(source, `source '${source}' did not answer within ${settings.statementTimeoutMs} ms`, 'timeout'));

  const succeeded = () => {
    breaker.consecutiveFailures = 0;
    breaker.state = 'closed';
  };
  const failed = (error: unknown) => {
    if (!isAvailabilityError(error)) return;
    breaker.consecutiveFailures += 1;
    if (breaker.state === 'half-open' || breaker.consecutiveFailures >= settings.failureThreshold) {
      breaker.state = 'open';
      breaker.openedAt = clock();
    }
  };

  const attempt = async <Row>(query: CompiledQuery, options: ExecuteOptions): Promise<Row[]> => {
    try {
      return await deadline(inner.execute<Row>(query, options));
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      // a pooled connection the source dropped: once more, on a fresh one
      return deadline(inner.execute<Row>(query, options));
    }
  };

  return {
    name: inner.name,
    dialect: inner.dialect,
    breaker,
    async execute<Row>(query: CompiledQuery, options: ExecuteOptions): Promise<Row[]> {
      const started = performance.now();
      // the one place that knows why a statement failed: observers hear the kind, never the message
      const report = (error: unknown) => options.onStatementFailed?.({ source: options.source, sql: query.sql, kind: statementErrorKind(error), durationMs: performance.now() - started });
      if (breaker.state === 'open') {
        if (clock() - breaker.openedAt < settings.resetMs || trial) {
          const refused = new SourceDownError(source, `source '${source}' is unavailable (circuit open after ${breaker.consecutiveFailures} failures)`, 'circuit-open');
          report(refused);
          throw refused;
        }
        breaker.state = 'half-open';
      }
      const run = attempt<Row>(query, options);
      if (breaker.state === 'half-open') trial = run.catch(() => undefined).finally(() => (trial = null));
      try {
        const rows = await run;
        succeeded();
        return rows;
      } catch (error) {
        failed(error);
        report(error);
        throw error;
      }
    },
    // readiness asks the source itself, breaker or not, so that /readyz sees it come back
    ping: () => deadline(inner.ping()),
    close: () => inner.close(),
  };
}
