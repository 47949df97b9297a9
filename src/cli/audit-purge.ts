import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config';
import { openMaintenanceStore } from './maintenance-store';

const USAGE = `usage: npm run -s audit:purge -- --config gateway.config.yaml [--url MAINTENANCE_URL] [--dry-run]

Deletes audit records older than audit.retentionDays (at least 180) and leaves a signed anchor, so
that the remaining chain still verifies. Run it from cron under a maintenance account that may
DELETE from the audit tables (--url); the gateway's own account may not (README, "Audit trail").`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, url: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || !values.config) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const config = loadConfigFile(values.config);
  const audit = config.audit;
  const { store, db } = openMaintenanceStore(config, values.url, 'retention');
  try {
    const cutoff = new Date(Date.now() - audit.retentionDays * 86_400_000).toISOString();
    if (values['dry-run']) {
      process.stdout.write(`${await store.count({ to: cutoff })} records are older than ${cutoff}\n`);
      return;
    }
    const before = await store.verify();
    if (!before.ok) throw new Error(`the chain does not verify (${before.problem}); nothing was purged — investigate first`);
    const result = await store.purge(cutoff);
    const after = await store.verify();
    process.stdout.write(`purged ${result.purged} records older than ${cutoff}; anchor at record ${result.anchorSeq ?? '-'}; chain ${after.ok ? 'verifies' : `BROKEN: ${after.problem}`}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:purge: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
