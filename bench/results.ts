import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

/** One scenario's lines of the report. */
export interface ReportSection {
  title: string;
  lines: string[];
}

const version = (name: string) => {
  try {
    return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

export interface RunFacts {
  data: { engine: string; scale: number; rows: number; loadSeconds: number; reused: boolean }[];
  peakRssMb: number;
  serverVersions?: string;
}

/** bench/RESULTS.md, written by the suite from what it measured in this run (never by hand) */
export function writeResults(sections: ReportSection[], facts: RunFacts): string {
  const file = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} — do not edit; run the suite again.`,
    '',
    `- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; graphql ${version('graphql')}, @apollo/server ${version('@apollo/server')}, pg ${version('pg')}, mysql2 ${version('mysql2')}, @electric-sql/pglite ${version('@electric-sql/pglite')}, kysely ${version('kysely')}, postgraphile ${version('postgraphile')}, autocannon ${version('autocannon')}`,
    `- servers: ${facts.serverVersions ?? 'PostgreSQL and MariaDB on this machine (loopback)'}`,
    ...facts.data.map((d) => `- data: demo hospital at scale ${d.scale} (${d.rows} rows) in ${d.engine}, ${d.reused ? 'loaded by an earlier run (reused)' : `loaded in ${d.loadSeconds.toFixed(1)} s`}`),
    `- peak resident memory of the benchmark process: ${facts.peakRssMb} MB`,
    '',
    'Medians with the 10th and 90th percentiles; ratios between variants measured in the same run.',
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', '```', ...section.lines.map((line) => line.replace(/^ {2}/, '')), '```', '']),
  ].join('\n');
  writeFileSync(file, text);
  return file;
}
