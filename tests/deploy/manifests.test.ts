import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfigFile } from '../../src/config';
import { PROJECT_ROOT } from '../../src/paths';
import { configVariables, copiesOf, DEPLOY_DIR, envFile, envOf, inBuildContext, instructionsOf, K8S_DIR, readDockerfile, workdirOf, yamlDocuments } from './deploy-support';

/**
 * The compose file and the Kubernetes manifests, cross-checked with each other, with the
 * Dockerfile and with the gateway's code: no cluster or Docker engine is needed (or available
 * where these tests run). The image layout suite starts the gateway and hits the probe paths.
 */

const CONFIG_FILE = path.join(DEPLOY_DIR, 'gateway.config.yaml');
const CONFIG_TEXT = readFileSync(CONFIG_FILE, 'utf8');
const CONFIG_VARIABLES = configVariables(CONFIG_TEXT);

const dockerfile = readDockerfile();
const runtime = dockerfile.stages.at(-1)!;
const IMAGE_ENV = envOf(runtime);
const IMAGE_USER = instructionsOf(runtime, 'USER').at(-1)!.args;
const IMAGE_PORT = Number(instructionsOf(runtime, 'EXPOSE').at(-1)!.args);
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** constants of the gateway the manifests must agree with, read from its source */
const SHUTDOWN_LIMIT_MS = sourceConstant('src/main.ts', 'SHUTDOWN_LIMIT_MS');
const READINESS_TIMEOUT_MS = sourceConstant('src/server.ts', 'READINESS_TIMEOUT_MS');

/** a value for each variable that the configuration accepts */
const PLAUSIBLE: Record<string, string> = {
  AUTH_ISSUER: 'https://idp.hospital.local/realms/staff',
  AUTH_AUDIENCE: 'hospital-gateway',
  AUTH_JWKS_FILE: '/run/secrets/jwks.json',
  PSEUDONYM_SECRET: 'x'.repeat(48),
  AUDIT_SEAL_SECRET: 'y'.repeat(48),
  AUDIT_DB_URL: 'postgres://gateway_audit:pw@audit-db:5432/audit',
  REDIS_URL: 'redis://redis:6379',
  HIS_DB_URL: 'postgres://ro:pw@his:5432/his',
  LIS_DB_URL: 'postgres://ro:pw@lis:5432/lis',
  PACS_DB_URL: 'postgres://ro:pw@pacs:5432/pacs',
  FINANCE_DB_URL: 'postgres://ro:pw@fin:5432/finance',
};

describe('deploy/gateway.config.yaml', () => {
  it('is a valid configuration once its variables are set', () => {
    expect(CONFIG_VARIABLES).toEqual(Object.keys(PLAUSIBLE).sort());
    const config = loadConfigFile(CONFIG_FILE, PLAUSIBLE);
    expect(config.audit.engine).not.toBe('embedded');
    expect(config.rateLimits.redisUrl).toBe(PLAUSIBLE.REDIS_URL);
    expect(Object.values(config.sources).every((source) => source.engine !== 'embedded')).toBe(true);
  });

  it('names mapping files that the image holds, relative to where the config is mounted (/app/config)', () => {
    const mounted = path.posix.join(workdirOf(runtime), 'config');
    const imageDirs = copiesOf(runtime).filter((c) => !c.from).flatMap((c) => c.sources);
    for (const source of Object.values(loadConfigFile(CONFIG_FILE, PLAUSIBLE).sources)) {
      // as written in the file: the gateway resolves it against the file's directory
      const inImage = path.posix.relative(workdirOf(runtime), path.posix.resolve(mounted, source.mapping));
      expect(imageDirs).toContain(inImage.split('/')[0]);
      expect([inImage, existsSync(path.join(PROJECT_ROOT, inImage))]).toEqual([inImage, true]);
    }
  });

  it('refuses to start with an unset variable, naming the key', () => {
    const { AUDIT_SEAL_SECRET: _unset, ...rest } = PLAUSIBLE;
    expect(() => loadConfigFile(CONFIG_FILE, rest)).toThrow(/audit\.sealSecret: refers to \$\{AUDIT_SEAL_SECRET\}/);
  });
});

describe('deploy/k8s', () => {
  const files = readdirSync(K8S_DIR).filter((name) => name.endsWith('.yaml'));
  const docs = files.flatMap((file) => yamlDocuments(path.join(K8S_DIR, file)).map((doc) => ({ file, doc })));
  const one = (kind: string) => {
    const found = docs.filter((d) => d.doc.kind === kind);
    expect([kind, found.length]).toEqual([kind, 1]);
    return found[0]!.doc;
  };
  const deployment = one('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const secret = one('Secret');
  const configMap = one('ConfigMap');
  const podLabels: Record<string, string> = deployment.spec.template.metadata.labels;
  const selects = (selector: Record<string, string>) => Object.entries(selector).every(([key, value]) => podLabels[key] === value);
  const env: Record<string, any> = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
  const mountOf = (file: string) => container.volumeMounts.find((m: any) => path.posix.dirname(file) === m.mountPath);
  const volume = (name: string) => pod.volumes.find((v: any) => v.name === name);

  it('parses, every document naming its kind and name', () => {
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const { file, doc } of docs.filter((d) => d.doc.kind !== 'Kustomization')) {
      expect([file, typeof doc.apiVersion, typeof doc.kind, typeof doc.metadata?.name]).toEqual([file, 'string', 'string', 'string']);
    }
  });

  it('kustomization lists every manifest except the Secret template', () => {
    const [kustomization] = yamlDocuments(path.join(K8S_DIR, 'kustomization.yaml'));
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.template.yaml').sort());
    expect(docs.find((d) => d.doc.kind === 'Secret')!.file).toBe('secret.template.yaml');
  });

  it('runs several replicas of the versioned image, as the image user, non-root, read-only, without capabilities', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    expect(container.image).toMatch(new RegExp(`:${PACKAGE_VERSION.replaceAll('.', '\\.')}$`));
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`).toBe(IMAGE_USER);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
    expect(volume(tmp.name).emptyDir).toBeDefined();
  });

  it('probes /healthz (startup, liveness) and /readyz (readiness) on the port the image exposes', () => {
    const ports: Record<string, number> = Object.fromEntries(container.ports.map((p: any) => [p.name, p.containerPort]));
    expect(Object.values(ports)).toEqual([IMAGE_PORT]);
    expect(Number(env.PORT?.value ?? IMAGE_ENV.PORT)).toBe(IMAGE_PORT);
    const probe = (name: string) => container[name].httpGet;
    expect(probe('startupProbe').path).toBe('/healthz');
    expect(probe('livenessProbe').path).toBe('/healthz');
    expect(probe('readinessProbe').path).toBe('/readyz');
    for (const name of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const port = probe(name).port;
      expect([name, typeof port === 'string' ? ports[port] : port]).toEqual([name, IMAGE_PORT]);
    }
    // /readyz gives each source and the audit store this long: the probe must wait for its answer
    expect(container.readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(READINESS_TIMEOUT_MS);
  });

  it('lets a stopping pod drain and finish: grace period beyond the gateway’s own shutdown bound', () => {
    const drainMs = Number(env.SHUTDOWN_DRAIN_MS?.value ?? 1_000);
    expect(drainMs).toBeGreaterThan(0);
    expect(drainMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(SHUTDOWN_LIMIT_MS);
  });

  it('requests CPU and memory and limits memory above the heap it allows', () => {
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.requests.memory).toBeDefined();
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS?.value ?? '')?.[1]);
    expect(heapMb).toBeGreaterThan(0);
    expect(mebibytes(container.resources.limits.memory)).toBeGreaterThan(heapMb);
  });

  it('mounts the ConfigMap holding deploy/gateway.config.yaml, verbatim, where GATEWAY_CONFIG points', () => {
    expect(configMap.data['gateway.config.yaml']).toBe(CONFIG_TEXT);
    const file = env.GATEWAY_CONFIG.value as string;
    const mount = mountOf(file);
    expect(mount?.mountPath).toBe(path.posix.join(workdirOf(runtime), 'config'));
    expect(volume(mount.name).configMap.name).toBe(configMap.metadata.name);
    expect(Object.keys(configMap.data)).toContain(path.posix.basename(file));
  });

  it("provides every ${VAR} of the configuration: literal, or from the Secret's keys", () => {
    const secretKeys = Object.keys(secret.stringData);
    for (const name of CONFIG_VARIABLES) {
      const entry = env[name];
      expect([name, entry !== undefined]).toEqual([name, true]);
      if (entry.value !== undefined) continue;
      const ref = entry.valueFrom.secretKeyRef;
      expect([name, ref.name, secretKeys.includes(ref.key)]).toEqual([name, secret.metadata.name, true]);
    }
    // the JWKS file is the Secret's jwks.json, mounted where AUTH_JWKS_FILE points
    const jwks = env.AUTH_JWKS_FILE.value as string;
    const mount = mountOf(jwks);
    const source = volume(mount.name).secret;
    expect(source.secretName).toBe(secret.metadata.name);
    const item = source.items.find((i: any) => i.path === path.posix.basename(jwks));
    expect(secretKeys).toContain(item.key);
  });

  it('the Secret template holds placeholders only, which the gateway refuses to start with', () => {
    for (const [key, value] of Object.entries<string>(secret.stringData)) expect([key, value.includes('REPLACE_ME')]).toEqual([key, true]);
    const literal = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    const fromSecret = Object.fromEntries(container.env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, secret.stringData[e.valueFrom.secretKeyRef.key]]));
    expect(() => loadConfigFile(CONFIG_FILE, { ...literal, ...fromSecret })).toThrow(ConfigError);
    try {
      loadConfigFile(CONFIG_FILE, { ...literal, ...fromSecret });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/permissions\.pseudonymSecret: must be at least 32 bytes[\s\S]*audit\.sealSecret: must be at least 32 bytes/);
    }
  });

  it('Service selects the pods on the named port, with no session affinity', () => {
    const service = one('Service');
    expect(selects(service.spec.selector)).toBe(true);
    const target = service.spec.ports[0].targetPort;
    expect(typeof target === 'string' ? container.ports.find((p: any) => p.name === target)?.containerPort : target).toBe(IMAGE_PORT);
    expect(service.spec.sessionAffinity ?? 'None').toBe('None');
  });

  it('HorizontalPodAutoscaler (autoscaling/v2) scales the Deployment by CPU from at least two replicas', () => {
    const hpa = one('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(deployment.spec.replicas);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
  });

  it('PodDisruptionBudget covers the pods and still lets a node drain', () => {
    const pdb = one('PodDisruptionBudget');
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    if (pdb.spec.maxUnavailable !== undefined) expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    else expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });
});

describe('deploy/compose.yaml', () => {
  const [compose] = yamlDocuments(path.join(DEPLOY_DIR, 'compose.yaml'));
  const services: Record<string, any> = compose.services;
  const gateway = services.gateway;
  const example = envFile(path.join(DEPLOY_DIR, 'gateway.env.example'));

  it('runs the gateway from the repository Dockerfile with PostgreSQL and Redis, every service health-checked', () => {
    expect(Object.keys(services).sort()).toEqual(['audit-db', 'demo', 'gateway', 'redis']);
    expect(path.resolve(DEPLOY_DIR, gateway.build.context, gateway.build.dockerfile)).toBe(path.join(PROJECT_ROOT, 'Dockerfile'));
    expect(gateway.image).toBe(`hospital-gateway:${PACKAGE_VERSION}`);
    for (const [name, service] of Object.entries(services)) expect([name, Array.isArray(service.healthcheck?.test)]).toEqual([name, true]);
    for (const [dependency, { condition }] of Object.entries<any>(gateway.depends_on)) {
      expect([dependency, condition, services[dependency]?.healthcheck !== undefined]).toEqual([dependency, 'service_healthy', true]);
    }
  });

  it('runs stateless gateway replicas as the image user, read-only, without capabilities, with a grace period beyond the drain', () => {
    expect(gateway.deploy.replicas).toBeGreaterThanOrEqual(2);
    const [, from, to, containerPort] = /^(\d+)-(\d+):(\d+)$/.exec(gateway.ports[0])!;
    expect(Number(to) - Number(from) + 1).toBeGreaterThanOrEqual(gateway.deploy.replicas);
    expect(Number(containerPort)).toBe(IMAGE_PORT);
    for (const name of ['gateway', 'demo']) {
      expect([name, services[name].user, services[name].read_only, services[name].cap_drop]).toEqual([name, IMAGE_USER, true, ['ALL']]);
      expect(seconds(services[name].stop_grace_period) * 1000).toBeGreaterThan(SHUTDOWN_LIMIT_MS);
    }
    expect(Number(gateway.environment.SHUTDOWN_DRAIN_MS)).toBeLessThan(SHUTDOWN_LIMIT_MS);
  });

  it('mounts deploy/gateway.config.yaml where GATEWAY_CONFIG points', () => {
    const mount = gateway.volumes.map((v: string) => v.split(':')).find(([, target]: string[]) => target === gateway.environment.GATEWAY_CONFIG);
    expect(path.resolve(DEPLOY_DIR, mount[0])).toBe(CONFIG_FILE);
  });

  it('provides every ${VAR} of the configuration, from its environment or the env file, and the JWKS as a secret file', () => {
    for (const name of CONFIG_VARIABLES) {
      const provided = gateway.environment[name] !== undefined || example[name] !== undefined;
      expect([name, provided]).toEqual([name, true]);
    }
    expect(gateway.env_file).toEqual([expect.objectContaining({ path: 'gateway.env' })]);
    const jwks = gateway.environment.AUTH_JWKS_FILE as string;
    const mounted = gateway.secrets.find((s: any) => `/run/secrets/${s.target ?? s.source ?? s}` === jwks);
    expect(compose.secrets[mounted.source].file).toMatch(/^\.\/secrets\//);
  });

  it('points the gateway at its own audit database and Redis', () => {
    const audit = new URL(example.AUDIT_DB_URL!);
    const db = services['audit-db'];
    expect([audit.hostname, audit.username, audit.pathname.slice(1)]).toEqual(['audit-db', db.environment.POSTGRES_USER, db.environment.POSTGRES_DB]);
    expect(new URL(gateway.environment.REDIS_URL).hostname).toBe('redis');
  });

  it('keeps the filled-in env file and secret files out of git and out of the image', () => {
    const ignored = readFileSync(path.join(DEPLOY_DIR, '.gitignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['gateway.env', 'secrets/']));
    for (const file of ['deploy/gateway.env', ...Object.values<any>(compose.secrets).map((s) => path.posix.join('deploy', s.file))]) {
      expect([file, inBuildContext(file)]).toEqual([file, false]);
    }
  });

  it('the env file template holds placeholders, which the gateway refuses to start with', () => {
    expect(() => loadConfigFile(CONFIG_FILE, { ...PLAUSIBLE, ...example })).toThrow(/pseudonymSecret: must be at least 32 bytes/);
  });

  it('the demo profile runs the embedded demo: no configuration file, its data in a volume at the image’s demo directory', () => {
    const demo = services.demo;
    expect(demo.profiles).toEqual(['demo']);
    expect(demo.environment?.GATEWAY_CONFIG).toBeUndefined();
    const [volumeName, target] = demo.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volumeName);
    expect(IMAGE_ENV.GATEWAY_DEMO_DIR!.startsWith(`${target}/`)).toBe(true);
  });
});

function sourceConstant(file: string, name: string): number {
  const match = new RegExp(`const ${name} = ([\\d_]+);`).exec(readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
  if (!match) throw new Error(`${file} no longer defines ${name} as a number`);
  return Number(match[1]!.replaceAll('_', ''));
}

function seconds(duration: string): number {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
