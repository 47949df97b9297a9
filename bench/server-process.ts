import { fork } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import type { PostGraphileSchemas } from './peers/postgraphile';
import type { ServerData } from './server-data';

/**
 * A server of scenario (d) or (a) over HTTP in a Node process of its own, as each would be
 * deployed: no server shares its heap, garbage collector or event loop with another server, the
 * bench's loaded scenarios or the harness. Its CPU is its own process's (`process.cpuUsage`,
 * asked for over IPC), not a share of the bench's.
 */
export type ServedSpec =
  /** the gateway as it serves (bench-gateway.ts), configured for the data as serverBenchConfig does */
  | { kind: 'gateway'; data: ServerData; demoDir: string }
  /** the unsecured baseline (unsecured-server.ts) over the same sources */
  | { kind: 'unsecured'; data: ServerData; demoDir: string }
  /** the peer (peers/postgraphile.ts) over the same PostgreSQL schemas */
  | { kind: 'postgraphile'; connectionString: string; schemas: PostGraphileSchemas };

/** what a server process has done since it started */
export interface ProcessUsage {
  /** source statements its requests sent */
  statements: number;
  /** CPU milliseconds of the process, user + system */
  cpuMs: number;
}

export interface ServerProcess {
  /** the GraphQL endpoint, http://127.0.0.1:<port>/graphql */
  url: string;
  pid: number;
  /** NODE_ENV as the server's process sees it ('production', as in the image) */
  nodeEnv: string | undefined;
  usage(): Promise<ProcessUsage>;
  /** stops the server and waits for its process to exit */
  close(): Promise<void>;
}

/** parent → child */
export type ToServer = { type: 'start'; spec: ServedSpec } | { type: 'usage'; id: number } | { type: 'close' };
/** child → parent */
export type FromServer = { type: 'ready'; url: string; nodeEnv: string | undefined } | { type: 'failed'; message: string } | ({ type: 'usage'; id: number } & ProcessUsage);

const ENTRY = path.join(PROJECT_ROOT, 'dist', 'bench', 'server-process-entry.js');
const START_TIMEOUT_MS = 120_000;

/**
 * Forks the built entry (`npm run bench` builds first) with the flags `npm start` gives the
 * gateway and the environment the image gives it, and waits until it listens. A server that fails
 * to start rejects with its own reason.
 */
export function startServerProcess(spec: ServedSpec, entry = ENTRY): Promise<ServerProcess> {
  // BENCH_CPU_PROF=dir: each server process writes a V8 CPU profile there when it exits
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // NODE_ENV=production as the image sets it: graphql-js (in all three servers) then checks types
  // with plain instanceof instead of its development check, and the gateway answers as in production
  const env = { ...process.env, NODE_ENV: 'production' };
  const child = fork(entry, [], { execArgv: ['--max-semi-space-size=64', ...profile], env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { answer: (usage: ProcessUsage) => void; refuse: (error: Error) => void }>();
  let nextId = 0;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the ${spec.kind} server process did not start: ${message}`));
    };
    const timer = setTimeout(() => fail(`no answer in ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => {
      const reason = `its process exited (${signal ?? `code ${code}`})`;
      for (const waiting of pending.values()) waiting.refuse(new Error(`the ${spec.kind} server process ended: ${reason}`));
      pending.clear();
      fail(reason);
    });
    child.on('message', (message: FromServer) => {
      if (message.type === 'failed') return fail(message.message);
      if (message.type === 'usage') {
        pending.get(message.id)?.answer({ statements: message.statements, cpuMs: message.cpuMs });
        pending.delete(message.id);
        return;
      }
      clearTimeout(timer);
      resolve({
        url: message.url,
        pid: child.pid!,
        nodeEnv: message.nodeEnv,
        usage: () =>
          new Promise((answer, refuse) => {
            if (child.exitCode !== null || child.signalCode !== null) return refuse(new Error(`the ${spec.kind} server process has exited`));
            const id = nextId++;
            pending.set(id, { answer, refuse });
            child.send({ type: 'usage', id } satisfies ToServer);
          }),
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.send({ type: 'close' } satisfies ToServer);
          await exited;
        },
      });
    });
    child.send({ type: 'start', spec } satisfies ToServer);
  });
}
