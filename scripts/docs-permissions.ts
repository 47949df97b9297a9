import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { withPermissionTable } from '../src/permissions/permission-table';

/** Rewrites the README's permission table from the permission model. */
const file = path.join(PROJECT_ROOT, 'README.md');
writeFileSync(file, withPermissionTable(readFileSync(file, 'utf8')));
process.stdout.write('README.md: permission table regenerated from src/permissions/permission-model.ts\n');
