import { createHash } from 'node:crypto';
import pg from 'pg';
import { numberPlaceholders, type AuditDatabase, type LockedWrite, type Query } from './audit-database';

const keepText = { getTypeParser: ((oid: number, format?: string) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };

export function postgresAuditDatabase(url: string, options: { poolSize: number; statementTimeoutMs: number }): AuditDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, statement_timeout: options.statementTimeoutMs, application_name: 'hospital-gateway-audit', types: keepText, connectionTimeoutMillis: options.statementTimeoutMs, pipeline: true });
  pool.on('error', () => undefined);
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
    lockedWrite: (lock, write) => lockedWrite(pool, lock, write),
    close: () => pool.end(),
  };
}

/**
 * The appends' transaction in two round trips: the connections are in pg's pipeline mode, so
 * BEGIN and the lock go out together, then every write and the COMMIT together — instead of six
 * answers awaited in turn, each a turn of a busy event loop while the chain head stays locked.
 * A statement that fails aborts the transaction in PostgreSQL, so the COMMIT sent behind it ends
 * it as a rollback; every answer is checked before the append counts as done.
 */
async function lockedWrite<R, T>(pool: pg.Pool, lock: string, write: (locked: R[]) => LockedWrite<T>): Promise<T> {
  const client = await pool.connect();
  let failed = false;
  try {
    const [, locked] = await settleAll([client.query('BEGIN'), client.query(prepared(lock))]);
    const { statements, result } = write((locked as pg.QueryResult).rows as R[]);
    const answers = [...statements.map((s) => client.query({ ...prepared(s.sql), values: s.params as unknown[] })), client.query('COMMIT')];
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

/** texts of the appends' statements, which are few and fixed (their rows go in as arrays) */
const PREPARED_LIMIT = 32;
const preparedNames = new Map<string, string>();

/**
 * An append's statement, named so that each audit connection parses and plans it once: every
 * group commit sends the same lock, inserts and head update. Names are bounded: a text beyond
 * the first few goes unnamed rather than piling up prepared statements on the connections.
 */
function prepared(sql: string): { text: string; name?: string } {
  const text = numberPlaceholders(sql);
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < PREPARED_LIMIT) preparedNames.set(text, (name = `audit_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`));
  return name ? { text, name } : { text };
}

/** waits for every answer, then throws the first failure (none is left unhandled) */
async function settleAll<T>(answers: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(answers);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
