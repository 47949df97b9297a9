import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * Helpers of the deployment suites: a small Dockerfile reader, the .dockerignore rules, the image's
 * file layout rebuilt in a directory (what the runtime stage copies, with production dependencies
 * only), and the built gateway started as the container starts it.
 */

export const DEPLOY_DIR = path.join(PROJECT_ROOT, 'deploy');
export const K8S_DIR = path.join(DEPLOY_DIR, 'k8s');

// ---- Dockerfile ---------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  /** the text after the keyword, continuation lines joined */
  args: string;
  line: number;
}

export interface Stage {
  /** the image after FROM, with ARG defaults substituted */
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function readDockerfile(file = path.join(PROJECT_ROOT, 'Dockerfile')): Dockerfile {
  const lines = readFileSync(file, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!.trim();
    if (text === '' || text.startsWith('#')) continue;
    while (text.endsWith('\\')) {
      i += 1;
      const next = (lines[i] ?? '').trim();
      text = `${text.slice(0, -1).trimEnd()} ${next.startsWith('#') ? '' : next}`.trimEnd();
    }
    const match = /^(\S+)\s*(.*)$/s.exec(text)!;
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start + 1 });
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      const base = image!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => globalArgs[a ?? b] ?? '');
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [key, value = ''] = instruction.args.split('=');
        globalArgs[key!.trim()] = value.trim();
      }
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

export function stage(dockerfile: Dockerfile, name: string): Stage {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage named ${name}`);
  return found;
}

export function instructionsOf(target: Stage, keyword: string): Instruction[] {
  return target.instructions.filter((i) => i.keyword === keyword);
}

/** CMD, ENTRYPOINT and HEALTHCHECK … CMD in exec form (a JSON array) */
export function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new Error(`not an exec-form array: ${args}`);
  return parsed as string[];
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
  line: number;
}

export function copiesOf(target: Stage): Copy[] {
  return instructionsOf(target, 'COPY').map((instruction) => {
    const words = instruction.args.split(/\s+/);
    const flags = words.filter((word) => word.startsWith('--'));
    const paths = words.filter((word) => !word.startsWith('--'));
    const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
    return { from, sources: paths.slice(0, -1), destination: paths.at(-1)!, line: instruction.line };
  });
}

/** ENV, in both `ENV A=1 B=2` and `ENV A 1` forms */
export function envOf(target: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructionsOf(target, 'ENV')) {
    if (!instruction.args.includes('=')) {
      const [key, ...value] = instruction.args.split(/\s+/);
      env[key!] = value.join(' ');
      continue;
    }
    for (const pair of instruction.args.match(/(\w+)=("[^"]*"|\S+)/g) ?? []) {
      const [key, ...value] = pair.split('=');
      env[key!] = value.join('=').replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** the stage's WORKDIR (the last one), '/' without */
export function workdirOf(target: Stage): string {
  return instructionsOf(target, 'WORKDIR').at(-1)?.args ?? '/';
}

// ---- .dockerignore --------------------------------------------------------------------------------

/**
 * Whether the build context holds `file` (a path relative to the repository), by the rules of
 * .dockerignore as this project writes them: plain names and `*` (no other wildcards), `!` to
 * re-include, the last matching rule wins, and a rule on a directory covers what is inside.
 */
export function inBuildContext(file: string, rules = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8')): boolean {
  let included = true;
  for (const raw of rules.split('\n')) {
    const rule = raw.trim();
    if (rule === '' || rule.startsWith('#')) continue;
    const negated = rule.startsWith('!');
    const pattern = (negated ? rule.slice(1) : rule).replace(/^\/+|\/+$/g, '');
    if (/[?[\]]|\*\*|.\*|\*./.test(pattern)) throw new Error(`.dockerignore rule '${rule}' is beyond what this check understands`);
    const matches = pattern === '*' || file === pattern || file.startsWith(`${pattern}/`);
    if (matches) included = negated;
  }
  return included;
}

// ---- the image's layout ---------------------------------------------------------------------------

/** the build stage's working directory is where the repository's files land and dist/ is built */
function repositoryPathOf(buildWorkdir: string, imagePath: string): string {
  const relative = path.posix.relative(buildWorkdir, imagePath);
  if (relative.startsWith('..')) throw new Error(`${imagePath} is outside the build stage's ${buildWorkdir}`);
  return path.join(PROJECT_ROOT, relative);
}

export interface ImageLayout {
  /** the directory standing for the runtime stage's WORKDIR */
  root: string;
  /** the copies made, as `source → destination` for messages */
  copied: string[];
}

/**
 * Rebuilds the runtime stage's WORKDIR in `root`: each COPY from the build context or from the
 * build stage (whose WORKDIR is taken to be the repository after `npm run build`), and
 * node_modules as `npm ci --omit=dev` lays it out from package-lock.json — every package the
 * lockfile does not mark `dev`, at the same place (hard links, so that this is fast).
 */
export function buildImageLayout(root: string, dockerfile = readDockerfile()): ImageLayout {
  const runtime = dockerfile.stages.at(-1)!;
  const workdir = workdirOf(runtime);
  const copied: string[] = [];
  mkdirSync(root, { recursive: true });
  for (const copy of copiesOf(runtime)) {
    const destination = path.join(root, path.posix.relative(workdir, path.posix.resolve(workdir, copy.destination)));
    if (copy.from && /node_modules$/.test(copy.sources[0]!)) {
      productionNodeModules(destination);
      copied.push(`${copy.from}:node_modules (production) → ${destination}`);
      continue;
    }
    for (const source of copy.sources) {
      const from = copy.from ? repositoryPathOf(workdirOf(stage(dockerfile, copy.from)), source) : path.join(PROJECT_ROOT, source);
      if (!existsSync(from)) throw new Error(`Dockerfile line ${copy.line}: COPY ${copy.from ? `--from=${copy.from} ` : ''}${source}: ${from} does not exist`);
      const target = copy.sources.length === 1 && !copy.destination.endsWith('/') ? destination : path.join(destination, path.basename(source));
      cpSync(from, target, { recursive: true });
      copied.push(`${source} → ${target}`);
    }
  }
  return { root, copied };
}

interface LockEntry {
  dev?: boolean;
  link?: boolean;
}

/** the node_modules of `npm ci --omit=dev`, from the lockfile and the installed packages */
export function productionNodeModules(destination: string): void {
  const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const entries = Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/'));
  const production = new Set(entries.filter(([, entry]) => !entry.dev).map(([key]) => key));
  const topLevel = [...production].filter((key) => !key.slice('node_modules/'.length).includes('/node_modules/'));
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  for (const key of topLevel) {
    const target = path.join(destination, key.slice('node_modules/'.length));
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      execFileSync('cp', ['-al', path.join(PROJECT_ROOT, key), target]);
    } catch {
      cpSync(path.join(PROJECT_ROOT, key), target, { recursive: true, verbatimSymlinks: true });
    }
  }
  // nested copies came along with their parents: drop those only the dev tree needs
  for (const [key, entry] of entries) {
    if (entry.dev && key.slice('node_modules/'.length).includes('/node_modules/')) {
      rmSync(path.join(destination, key.slice('node_modules/'.length)), { recursive: true, force: true });
    }
  }
}

/**
 * Compiles the project as `npm run build` does, unless dist/ is newer than every source. Type
 * errors are reported but do not stop the suite: tsc still writes the JavaScript, and whether
 * that runs is what these tests check (`npm run typecheck` is the type gate).
 */
export function buildProject(): void {
  // the deploy suites run in parallel workers: one build at a time, so that none copies dist/
  // while another rewrites it
  const lock = path.join(PROJECT_ROOT, 'dist', '.deploy-tests-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const waitUntil = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > waitUntil) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!distIsCurrent()) {
      try {
        execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
      } catch (error) {
        const output = String((error as { stdout?: Buffer }).stdout ?? '');
        if (!/error TS\d+/.test(output)) throw error;
        // eslint-disable-next-line no-console
        console.warn(`npm run build reports type errors (the JavaScript was written; testing it):\n${output.slice(0, 2000)}`);
      }
    }
    // the second half of `npm run build`: the web pages, into dist/web
    if (!webIsCurrent()) execFileSync('npm', ['run', '-s', 'build:web'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** every TypeScript file tsconfig.build.json compiles has its JavaScript in dist/, written after it */
function distIsCurrent(): boolean {
  const { include } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  const sources = include.flatMap((dir) => (existsSync(path.join(PROJECT_ROOT, dir)) ? readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)) : []));
  return sources
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .every((file) => {
      const output = path.join(PROJECT_ROOT, 'dist', file.replace(/\.ts$/, '.js'));
      return existsSync(output) && statSync(output).mtimeMs >= statSync(path.join(PROJECT_ROOT, file)).mtimeMs;
    });
}

/** dist/web was built after every file of web/ and the persisted manifest it embeds */
function webIsCurrent(): boolean {
  const built = path.join(PROJECT_ROOT, 'dist', 'web', 'dashboard', 'index.html');
  if (!existsSync(path.join(PROJECT_ROOT, 'web'))) return true;
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const inputs = readdirSync(path.join(PROJECT_ROOT, 'web'), { recursive: true, encoding: 'utf8' })
    .filter((file) => !file.startsWith('node_modules') && !file.startsWith('dist'))
    .map((file) => path.join(PROJECT_ROOT, 'web', file));
  return [...inputs, path.join(PROJECT_ROOT, 'persisted', 'manifest.json')].every((file) => statSync(file).mtimeMs <= builtAt);
}

// ---- running the built gateway ------------------------------------------------------------------

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** what the process wrote so far (stdout and stderr), for failure messages */
  output(): string;
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>;
}

/**
 * Starts `argv` (the image's CMD) in `cwd` and resolves with its URL once it listens: the demo
 * prints it on stderr, a configured gateway logs `gateway listening` with it on stdout.
 */
export function startGatewayProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<GatewayProcess> {
  const [command, ...args] = argv;
  const child = spawn(command === 'node' ? process.execPath : command!, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<GatewayProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the gateway did not start within ${timeoutMs} ms:\n${seen.slice(-3000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += String(chunk);
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(seen) ?? /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"gateway listening"/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1]!.replace('localhost', '127.0.0.1'),
          output: () => seen,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code} before listening:\n${seen.slice(-3000)}`));
    });
  });
}

/** files under `dir`, node_modules excepted (it is hard-linked from the repository) */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .filter((name) => !(prefix === '' && name === 'node_modules'))
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? listFiles(file, `${prefix}${name}/`) : [`${prefix}${name}`];
    })
    .sort();
}

// ---- manifests ----------------------------------------------------------------------------------

/** every YAML document of a file, parsed; a syntax error fails with the file and line */
export function yamlDocuments(file: string): any[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  }
  return list.map((doc) => doc.toJS()).filter((value) => value !== null && value !== undefined);
}

/** the `${VAR}` references of a configuration text (as src/config.ts resolves them), comments excluded */
export function configVariables(text: string): string[] {
  const withoutComments = text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
  return [...new Set([...withoutComments.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();
}

/** KEY=value lines of an env file */
export function envFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}
