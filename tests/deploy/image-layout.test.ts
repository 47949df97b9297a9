import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoKeyDir } from '../../src/demo/demo-config';
import { ensureDemoKeys } from '../../src/demo/demo-identity';
import { signDemoToken } from '../../src/demo/demo-tokens';
import { PROJECT_ROOT } from '../../src/paths';
import {
  buildImageLayout,
  buildProject,
  copiesOf,
  DEPLOY_DIR,
  envOf,
  execForm,
  inBuildContext,
  instructionsOf,
  K8S_DIR,
  listFiles,
  readDockerfile,
  stage,
  startGatewayProcess,
  workdirOf,
  yamlDocuments,
  type GatewayProcess,
} from './deploy-support';

/**
 * The Dockerfile, checked without a Docker engine (there is none where these tests run): its
 * instructions statically, then the image's file layout rebuilt in a directory — exactly what the
 * runtime stage copies, with node_modules as `npm ci --omit=dev` makes it — and the gateway
 * started there with the image's CMD and environment. If the gateway needed a file the image does
 * not copy, or a package only the dev tree has, it would not come up.
 */
describe('the Dockerfile', () => {
  const dockerfile = readDockerfile();
  const runtime = dockerfile.stages.at(-1)!;

  it('builds on the pinned node:20-bookworm-slim in every stage', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const s of dockerfile.stages) expect(s.base).toBe('node:20-bookworm-slim');
  });

  it('compiles in a build stage with npm ci and npm run build, from everything tsconfig.build.json and the web build include', () => {
    const build = stage(dockerfile, 'build');
    const runs = instructionsOf(build, 'RUN').map((i) => i.args);
    expect(runs.some((run) => /\bnpm ci\b/.test(run) && !/--omit=dev/.test(run))).toBe(true);
    expect(runs.some((run) => /\bnpm run build\b/.test(run))).toBe(true);
    // either named one by one, or the whole (allow-listed) context
    const copied = copiesOf(build).flatMap((c) => c.sources);
    const tsconfig = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; extends: string };
    // and what `npm run build:web` reads: the pages' sources and the persisted manifest they embed
    const web = existsSync(path.join(PROJECT_ROOT, 'web')) ? ['web', 'persisted'] : [];
    for (const needed of [...tsconfig.include, ...web, 'tsconfig.build.json', path.basename(tsconfig.extends), 'package.json', 'package-lock.json']) {
      expect([needed, copied.includes(needed) || (copied.includes('.') && inBuildContext(needed))]).toEqual([needed, true]);
    }
  });

  it('installs production dependencies only for the runtime stage', () => {
    const fromDeps = copiesOf(runtime).find((c) => c.sources.some((s) => s.endsWith('node_modules')));
    expect(fromDeps?.from).toBeDefined();
    const deps = stage(dockerfile, fromDeps!.from!);
    expect(instructionsOf(deps, 'RUN').some((i) => /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    expect(instructionsOf(runtime, 'RUN').every((i) => !/\bnpm (ci|install)\b/.test(i.args) || /--omit=dev/.test(i.args))).toBe(true);
  });

  it('runs as a numeric non-root user, in production mode, on the exposed port, stopped by SIGTERM', () => {
    const user = instructionsOf(runtime, 'USER').at(-1)?.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
    const env = envOf(runtime);
    expect(env.NODE_ENV).toBe('production');
    expect(instructionsOf(runtime, 'EXPOSE').map((i) => i.args)).toEqual([env.PORT]);
    expect(instructionsOf(runtime, 'STOPSIGNAL').map((i) => i.args)).toEqual(['SIGTERM']);
  });

  it('starts the same entry as `npm start`, in exec form so that node receives SIGTERM itself', () => {
    const start = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    const entry = /&&\s*(node\s+(?:--\S+\s+)*\S+)\s*$/.exec(start)?.[1];
    expect(entry).toMatch(/^node (--\S+ )*dist\/src\/main\.js$/);
    expect(execForm(instructionsOf(runtime, 'CMD').at(-1)!.args)).toEqual(entry!.split(/\s+/));
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toEqual([]);
    expect(workdirOf(runtime)).toBe('/app');
  });

  it('has a HEALTHCHECK on /healthz that needs nothing but node', () => {
    const healthcheck = instructionsOf(runtime, 'HEALTHCHECK').at(-1)!.args;
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim());
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/healthz');
  });

  it('copies nothing the build context leaves out, and leaves out secrets, dependencies and build output', () => {
    for (const s of dockerfile.stages) {
      for (const copy of copiesOf(s).filter((c) => !c.from)) {
        for (const source of copy.sources.filter((s) => s !== '.')) expect([source, inBuildContext(source)]).toEqual([source, true]);
      }
    }
    for (const excluded of ['node_modules', 'dist', '.git', '.demo', '.demo-test', 'deploy/gateway.env', 'deploy/secrets/jwks.json', 'tests', 'bench/results', 'gateway.config.yaml']) {
      expect([excluded, inBuildContext(excluded)]).toEqual([excluded, false]);
    }
  });
});

describe('the image layout, run without Docker', () => {
  const dockerfile = readDockerfile();
  const runtime = dockerfile.stages.at(-1)!;
  const work = mkdtempSync(path.join(tmpdir(), 'gw-image-'));
  const root = path.join(work, 'app');
  const demoDir = path.join(work, 'demo');
  const tmp = path.join(work, 'tmp');
  let gateway: GatewayProcess | undefined;
  let env: NodeJS.ProcessEnv;
  let before: string[] = [];

  beforeAll(async () => {
    buildProject();
    const layout = buildImageLayout(root, dockerfile);
    process.stdout.write(`image layout in ${root}:\n  ${layout.copied.join('\n  ')}\n`);
    mkdirSync(tmp);
    before = listFiles(root);
    // the image's environment; a free port and a small demo so that the suite stays quick
    env = { PATH: process.env.PATH, ...envOf(runtime), GATEWAY_DEMO_DIR: demoDir, DEMO_SCALE: '0.02', PORT: '0', TMPDIR: tmp, HOME: work };
    gateway = await startGatewayProcess(execForm(instructionsOf(runtime, 'CMD').at(-1)!.args), root, env);
  }, 300_000);

  afterAll(async () => {
    if (gateway) expect(await gateway.stop()).toBe(0);
    rmSync(work, { recursive: true, force: true });
  });

  it('holds production dependencies only', () => {
    const modules = path.join(root, 'node_modules');
    for (const dev of ['typescript', 'jest', 'ts-jest', '@graphql-codegen', 'vite', 'autocannon']) expect([dev, existsSync(path.join(modules, dev))]).toEqual([dev, false]);
    for (const runtimeDependency of ['@apollo/server', 'graphql', 'pg', 'ioredis', 'graphiql', 'react']) {
      expect([runtimeDependency, existsSync(path.join(modules, runtimeDependency))]).toEqual([runtimeDependency, true]);
    }
  });

  it('serves: /readyz answers 200 (demo sources and audit store up), GraphQL with a token, GraphiQL from its own files', async () => {
    const ready = await fetch(`${gateway!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');

    const keys = await ensureDemoKeys(demoKeyDir({ GATEWAY_DEMO_DIR: demoDir }));
    const token = await signDemoToken(keys, { sub: 'doc-image', name: 'Doc', roles: ['clinician'], departments: ['CARD'], ttl: '5m' });
    const response = await fetch(`${gateway!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ department(code: "CARD") { name } patients(first: 2) { edges { node { id name } } } }' }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.department.name).toBeTruthy();
    expect(body.data.patients.edges.length).toBeGreaterThan(0);

    for (const asset of ['/graphiql', '/graphiql/assets/graphiql.min.js', '/graphiql/assets/react.production.min.js', '/graphiql/assets/graphiql-init.js']) {
      const page = await fetch(`${gateway!.url}${asset}`);
      expect([asset, page.status]).toEqual([asset, 200]);
    }
  });

  it('serves the web pages (dist/web) and the assets they load', async () => {
    for (const page of ['/dashboard/', '/audit/']) {
      const response = await fetch(`${gateway!.url}${page}`);
      expect([page, response.status]).toEqual([page, 200]);
      const assets = [...(await response.text()).matchAll(/(?:src|href)="(\/web\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) expect([asset, (await fetch(`${gateway!.url}${asset}`)).status]).toEqual([asset, 200]);
    }
  });

  it('answers every probe and healthcheck path that compose and Kubernetes use', async () => {
    const paths = new Set<string>();
    for (const file of readdirSync(K8S_DIR).filter((name) => name.endsWith('.yaml'))) {
      for (const doc of yamlDocuments(path.join(K8S_DIR, file))) {
        for (const container of doc?.spec?.template?.spec?.containers ?? []) {
          for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) if (container[probe]?.httpGet) paths.add(container[probe].httpGet.path);
        }
      }
    }
    const [compose] = yamlDocuments(path.join(DEPLOY_DIR, 'compose.yaml'));
    for (const service of Object.values<any>(compose.services)) {
      const test = (service.healthcheck?.test ?? []).join(' ');
      for (const match of test.matchAll(/\/(healthz|readyz)\b/g)) paths.add(match[0]);
    }
    expect([...paths].sort()).toEqual(['/healthz', '/readyz']);
    for (const probe of paths) {
      const response = await fetch(`${gateway!.url}${probe}`);
      expect([probe, response.status]).toEqual([probe, 200]);
    }
  });

  it("the image's HEALTHCHECK command exits 0 against the gateway and 1 when nothing listens", async () => {
    const healthcheck = instructionsOf(runtime, 'HEALTHCHECK').at(-1)!.args;
    const [command, ...args] = execForm(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim());
    expect(command).toBe('node');
    const run = (port: string) => spawnSync(process.execPath, args, { env: { ...env, PORT: port }, timeout: 10_000 }).status;
    expect(run(new URL(gateway!.url).port)).toBe(0);
    expect(run(String(await closedPort()))).toBe(1);
  });

  it('writes nothing into the image: only the demo data directory changes', () => {
    expect(listFiles(root)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(path.join(demoDir, 'pglite'))).toBe(true);
  });
});

/** a port nothing listens on */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
