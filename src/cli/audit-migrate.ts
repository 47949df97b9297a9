import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config';
import { openMaintenanceStore } from './maintenance-store';

const USAGE = `usage: npm run -s audit:migrate -- --config gateway.config.yaml [--url OWNER_URL]

Moves an audit store created before 2026-12-07 to the shared subject index (one index row per
patient and window of up to 63 records, instead of one per patient and record): adds a column and
an index to audit_event and a column to audit_subject, then rebuilds audit_subject from the
records while holding the chain head. Stop the gateway's replicas first and run it under an
account that may ALTER, UPDATE and DELETE the audit tables (--url); an interrupted run is run
again. A store that already has the layout is left as it is. README, "Audit trail".`;

/** the command with its arguments; returns the exit code (exported for its test) */
export async function runAuditMigrate(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || !values.config) {
    out(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const { store, db } = openMaintenanceStore(loadConfigFile(values.config), values.url, 'migration');
  try {
    const result = await store.migrateSubjectIndex();
    if (!result.migrated) {
      out('the audit store already has the shared subject index; nothing to do\n');
      return 0;
    }
    const after = await store.verify();
    out(`rebuilt the subject index of ${result.records} records as ${result.rows} rows; chain ${after.ok ? 'verifies' : `BROKEN: ${after.problem}`}\n`);
    return after.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runAuditMigrate(process.argv.slice(2), (text) => process.stdout.write(text)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`audit:migrate: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
