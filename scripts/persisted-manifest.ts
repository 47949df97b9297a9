import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { manifestOf } from '../src/reliability/persisted-documents';

/** Writes persisted/manifest.json from persisted/dashboard.graphql (the dashboard's operations). */
const source = path.join(PROJECT_ROOT, 'persisted', 'dashboard.graphql');
const target = path.join(PROJECT_ROOT, 'persisted', 'manifest.json');
const manifest = manifestOf(readFileSync(source, 'utf8'));
writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`${target}: ${manifest.operations.length} operations\n`);
