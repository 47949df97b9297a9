import { parseArgs } from 'node:util';
import { normalizeDemoOptions } from '../demo/generator';
import { mssqlTarget } from '../demo/targets/mssql-target';
import { mysqlTarget } from '../demo/targets/mysql-target';
import { postgresTarget } from '../demo/targets/postgres-target';
import type { DemoTarget } from '../demo/targets/demo-target';
import { demoNamespaces, writeDemo } from '../demo/write-demo';

const USAGE = `usage: npm run demo:load -- --target URL [--scale 1] [--seed N] [--end-month YYYY-MM] [--prefix NAME_]

Writes the demo hospital (the same data the embedded demo uses) into a database server:
  MariaDB/MySQL   mysql://root@127.0.0.1:3306/test        → databases his, lis, pacs, finance
  PostgreSQL      postgres://postgres@127.0.0.1:5432/postgres → schemas his, lis, pacs, finance
  SQL Server      mssql://sa:PASSWORD@host:1433/db?trustServerCertificate=true → schemas
Existing objects of those names are replaced. --prefix puts them under other names (e.g. demo_his).`;

async function openTarget(url: string): Promise<DemoTarget> {
  const protocol = new URL(url).protocol;
  if (protocol === 'mysql:' || protocol === 'mariadb:') return mysqlTarget(url.replace(/^mariadb:/, 'mysql:'));
  if (protocol === 'postgres:' || protocol === 'postgresql:') return postgresTarget(url);
  if (protocol === 'mssql:' || protocol === 'sqlserver:') return mssqlTarget(url);
  throw new Error(`unsupported target ${protocol}//; use mysql://, postgres:// or mssql://`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      scale: { type: 'string', default: '1' },
      seed: { type: 'string' },
      'end-month': { type: 'string' },
      prefix: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.target) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  if (!/^[a-z0-9_]*$/.test(values.prefix)) throw new Error('--prefix may hold lower-case letters, digits and _ only');
  const options = normalizeDemoOptions({
    scale,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(values['end-month'] ? { endMonth: values['end-month'] } : {}),
  });
  const target = await openTarget(values.target);
  try {
    const report = await writeDemo(target, demoNamespaces(values.prefix), options);
    process.stdout.write(`loaded ${report.totalRows} rows (scale ${options.scale}, ${options.months} months to ${options.endMonth}) in ${(report.milliseconds / 1000).toFixed(1)} s\n`);
    for (const [table, count] of Object.entries(report.rows)) process.stdout.write(`  ${table.padEnd(28)} ${count}\n`);
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:load: ${(error as Error).message}\n`);
  process.exit(1);
});
