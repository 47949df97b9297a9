import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

// The codegen CLI loads ES modules that jest's CommonJS runtime cannot; Node itself can.
const GENERATE = `
const { generate, loadCodegenConfig } = require('@graphql-codegen/cli');
(async () => {
  const { config } = await loadCodegenConfig({ configFilePath: 'codegen.ts' });
  const outputs = await generate({ ...config, cwd: process.cwd(), silent: true }, false);
  process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });`;

describe('generated resolver types', () => {
  it('match schema/*.graphql (run `npm run codegen` after changing the schema)', () => {
    const outputs = JSON.parse(execFileSync(process.execPath, ['-e', GENERATE], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 50_000_000 })) as { filename: string; content: string }[];
    expect(outputs.map((output) => output.filename)).toEqual(['resolvers/__generated__/resolvers-types.ts']);
    for (const output of outputs) {
      expect(readFileSync(path.resolve(PROJECT_ROOT, output.filename), 'utf8')).toBe(output.content);
    }
  });
});
