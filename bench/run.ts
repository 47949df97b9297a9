import os from 'node:os';
import { openBenchSources } from './bench-sources';
import { auditOverhead } from './scenarios/audit-overhead';
import { permissionsOverhead } from './scenarios/permissions-overhead';
import { scorecardAgainstSql } from './scenarios/scorecard-vs-sql';

/**
 * `npm run bench`: the benchmark suite (see bench/README.md). Prints ratios measured in one run;
 * absolute times depend on the machine and are shown only beside them.
 */
async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const started = performance.now();
  const { sources, config, rows, database } = await openBenchSources({ seed: 20260101, scale, endMonth: '2026-10', months: 24 });
  process.stdout.write(`demo hospital at scale ${scale}: ${rows} rows loaded into the embedded engine in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n`);
  try {
    const first = Number(process.env.BENCH_FIRST ?? 45);
    const overhead = await permissionsOverhead(sources, config.permissions.pseudonymSecret, first);
    process.stdout.write(`permissions overhead — nested list of ${overhead.rows} rows (19 clinical departments × ${first} encounters, their patients, lab orders and results):\n`);
    for (const line of overhead.lines) process.stdout.write(`${line}\n`);
    const scorecard = await scorecardAgainstSql(sources, config.permissions.pseudonymSecret, 2025);
    process.stdout.write(`\nhospital scorecard for 2025 against its raw aggregate SQL:\n`);
    for (const line of scorecard.lines) process.stdout.write(`${line}\n`);
    const audit = await auditOverhead(sources, database, config.permissions.pseudonymSecret);
    process.stdout.write(`\naudit overhead — clinicians reading 50 patients' identities each, concurrently:\n`);
    for (const line of audit.lines) process.stdout.write(`${line}\n`);
  } finally {
    await sources.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
