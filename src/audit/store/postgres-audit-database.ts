import pg from 'pg';
import { StatementReuse } from '../../../adapters/sql/postgres/statement-reuse';
import { numberPlaceholders, type AuditDatabase, type LockedWrite, type Query } from './audit-database';

const keepText = { getTypeParser: ((oid: number, format?: string) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };

export function postgresAuditDatabase(url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, statement_timeout: options.statementTimeoutMs, application_name: 'hospital-gateway-audit', types: keepText, connectionTimeoutMillis: options.statementTimeoutMs, pipeline: true });
  pool.on('error', () => undefined);
  // the appends' statements are few and fixed (their rows go in as arrays): every group commit
  // sends the same lock, inserts and head update, so each audit connection parses and plans them
  // once; the names are bounded (any number of parameters: they are arrays), a text beyond the first few goes unnamed
  const reuse = new StatementReuse({ maxParameters: Infinity, maxStatements: 32 }, 'audit');
  const on =
    (client: pg.Pool | pg.PoolClient): Query =>
    async <R>(sql: string, params: readonly unknown[] = []) =>
      (await client.query({ text: numberPlaceholders(sql), values: params as unknown[] })).rows as R[];
  return {
    dialect: 'postgres',
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    lockedWrite: (lock, write) => lockedWrite(pool, reuse, lock, write),
    close: () => pool.end(),
  };
}

/**
 * The appends' transaction in two round trips: the connections are in pg's pipeline mode, so
 * BEGIN and the lock go out together (one socket write), then every write and the COMMIT
 * together (another) — instead of six answers awaited in turn, each a turn of a busy event loop
 * while the chain head stays locked.
 * A statement that fails aborts the transaction in PostgreSQL, so the COMMIT sent behind it ends
 * it as a rollback; every answer is checked before the append counts as done.
 */
async function lockedWrite<R, T>(pool: pg.Pool, reuse: StatementReuse, lock: string, write: (locked: R[]) => LockedWrite<T>): Promise<T> {
  const client = await pool.connect();
  let failed = false;
  try {
    const [, locked] = await settleAll(together(client, () => [client.query('BEGIN'), client.query(prepared(reuse, lock, 0))]));
    const { statements, result } = write((locked as pg.QueryResult).rows as R[]);
    const answers = together(client, () => [...statements.map((s) => client.query({ ...prepared(reuse, s.sql, s.params.length), values: s.params as unknown[] })), client.query('COMMIT')]);
    const [commit] = (await settleAll(answers)).slice(-1) as [pg.QueryResult];
    if (commit.command !== 'COMMIT') throw new Error(`the audit transaction ended in ${commit.command}`);
    return result;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // a connection that failed mid-transaction is not handed to the next append
    client.release(failed ? true : undefined);
  }
}

/**
 * Queries queued at once leave in one socket write: pg writes each query as it is queued, and
 * each write costs a system call and a wakeup of the server (socket writes were a sixth of the
 * gateway's CPU under a wall of audited reads; two per group commit instead of six gave those
 * reads 1-4 % more requests a second). The stream is pg's connection's own; a client without one
 * (another driver build) just sends query by query.
 */
function together<T>(client: pg.PoolClient, send: () => T): T {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  stream?.cork?.();
  try {
    return send();
  } finally {
    stream?.uncork?.();
  }
}

/** an append's statement in pg's form, named while the bound allows */
function prepared(reuse: StatementReuse, sql: string, parameterCount: number): { text: string; name?: string } {
  const text = numberPlaceholders(sql);
  const name = reuse.nameFor(text, parameterCount);
  return name ? { text, name } : { text };
}

/** waits for every answer, then throws the first failure (none is left unhandled) */
async function settleAll<T>(answers: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(answers);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
