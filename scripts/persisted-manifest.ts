import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { manifestOf, persistedSources } from '../src/reliability/persisted-documents';

/** Writes persisted/manifest.json from persisted/*.graphql (the web pages' operations). */
const target = path.join(PROJECT_ROOT, 'persisted', 'manifest.json');
const manifest = manifestOf(persistedSources(path.join(PROJECT_ROOT, 'persisted')));
writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`${target}: ${manifest.operations.length} operations\n`);
