import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoKeyDir } from '../demo/demo-config';
import { ensureDemoKeys } from '../demo/demo-identity';
import { signDemoToken } from '../demo/demo-tokens';

const USAGE = `usage: npm run -s token -- --role ROLE [--role ROLE2] [--dept CODE ...] [--sub ID] [--name NAME] [--ttl 1h]

Prints a JWT signed by the embedded demo's issuer (demo mode only), for trying the API by hand:
  curl -H "Authorization: Bearer $(npm run -s token -- --role analyst)" ...
Roles: clinician, dept_director, ops_assistant, finance, analyst, auditor, admin.
Departments are canonical codes such as CARD, RESP, GSUR.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      dept: { type: 'string', multiple: true },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (process.env.GATEWAY_CONFIG || existsSync(path.join(process.cwd(), 'gateway.config.yaml'))) {
    throw new Error('a gateway configuration file is in use: tokens come from your identity provider, not from this demo command');
  }
  const roles = values.role ?? [];
  if (roles.length === 0) throw new Error(`--role is required\n${USAGE}`);
  if (!/^\d+[smhd]$/.test(values.ttl)) throw new Error('--ttl takes a number and a unit: 30m, 1h, 7d');
  const departments = (values.dept ?? []).flatMap((dept) => dept.split(',')).map((dept) => dept.trim().toUpperCase()).filter(Boolean);
  const sub = values.sub ?? `demo-${roles.join('-')}`;
  const keys = await ensureDemoKeys(demoKeyDir());
  process.stdout.write(`${await signDemoToken(keys, { sub, name: values.name ?? `Demo ${roles.join('/')}`, roles, departments, ttl: values.ttl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(2);
});
