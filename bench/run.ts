import os from 'node:os';
import { AuditStore } from '../src/audit/store/audit-store';
import { pgliteAuditDatabase } from '../src/audit/store/pglite-audit-database';
import { openBenchSources } from './bench-sources';
import { writeResults, type ReportSection } from './results';
import { auditOverhead } from './scenarios/audit-overhead';
import { nestedList } from './scenarios/nested-list';
import { permissionsOverhead } from './scenarios/permissions-overhead';
import { scorecardAgainstSql } from './scenarios/scorecard-vs-sql';

/**
 * `npm run bench`: the benchmark suite (see bench/README.md). Prints ratios measured in one run,
 * absolute times beside them, and writes bench/RESULTS.md.
 */
async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const first = Number(process.env.BENCH_FIRST ?? 45);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  sampler.unref();
  const started = performance.now();
  const { sources, config, rows, database } = await openBenchSources({ seed: 20260101, scale, endMonth: '2026-10', months: 24 });
  const loadSeconds = (performance.now() - started) / 1000;
  process.stdout.write(`demo hospital at scale ${scale}: ${rows} rows loaded into the embedded engine in ${loadSeconds.toFixed(1)} s\n`);
  process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  const sections: ReportSection[] = [];
  const report = (title: string, lines: string[]) => {
    sections.push({ title, lines });
    process.stdout.write(`\n${title}:\n${lines.join('\n')}\n`);
  };
  try {
    const secret = config.permissions.pseudonymSecret;
    const store = new AuditStore(pgliteAuditDatabase(database), 'bench-audit-seal-secret-of-32-bytes!!', 'bench_nested_audit');
    await store.init();
    const nested = await nestedList(sources, secret, store, first);
    report(`Scenario (a): nested list of ${nested.rows} rows (19 clinical departments × ${first} encounters) against its floor`, nested.lines);
    const overhead = await permissionsOverhead(sources, secret, first);
    report(`Permissions overhead on the nested list (${overhead.rows} rows)`, overhead.lines);
    const scorecard = await scorecardAgainstSql(sources, secret, 2025);
    report('Scenario (b): the hospital scorecard for 2025 against its raw aggregate SQL', scorecard.lines);
    const audit = await auditOverhead(sources, database, secret);
    report("Scenario (c): audit-heavy identity reads — clinicians reading 50 patients' identities each, concurrently", audit.lines);
  } finally {
    await sources.close();
  }
  const file = writeResults(sections, { scale, rows, loadSeconds, peakRssMb: Math.round(peakRss / 1_048_576) });
  process.stdout.write(`\nresults written to ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
