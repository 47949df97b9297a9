import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { renderPermissionTable } from '../../src/permissions/permission-table';

describe('the README’s permission table', () => {
  it('is the one rendered from the permission model (run `npm run docs:permissions` after changing it)', () => {
    expect(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain(renderPermissionTable());
  });
});
