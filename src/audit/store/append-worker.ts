import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AuditEvent, AuditEventDraft } from '../audit-event';
import type { AppendThreadAnswer, AppendThreadData, AppendThreadRequest } from './append-thread';

/** what the audit writer appends through: the store itself, or a thread that owns a store */
export interface AuditAppender {
  append(drafts: readonly AuditEventDraft[]): Promise<AuditEvent[]>;
}

/** the store's appends are refused or lost because the append thread stopped */
export class AppendThreadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppendThreadError';
  }
}

const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Appends to the audit store from a worker thread (append-thread.ts). Under a wall of audited
 * reads the gateway's one thread is its limit, and a group commit's canonical JSON, hashes, seals
 * and socket writes were a sixth of that thread's time; in the worker they use the machine's
 * other cores. Each append still resolves only when its transaction is committed, so a response
 * waits for its records exactly as before.
 *
 * A thread that dies (an uncaught error, out of memory) fails the appends it held — their
 * responses withhold sensitive data, as when the store is down — and the next append starts a
 * new one.
 */
export class WorkerAppender implements AuditAppender {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { drafts: readonly AuditEventDraft[]; resolve: (events: AuditEvent[]) => void; reject: (error: Error) => void }>();
  private closing: Promise<void> | null = null;
  private readyWaiters: ((problem: string | null) => void)[] = [];

  constructor(private readonly data: AppendThreadData) {}

  /**
   * Starts the thread and waits until it has connected to the store, so that the first audited
   * response does not wait for a thread to start; resolves to why the store cannot be reached
   * now, or null.
   */
  warmUp(): Promise<string | null> {
    this.worker ??= this.start();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  append(drafts: readonly AuditEventDraft[]): Promise<AuditEvent[]> {
    if (this.closing) return Promise.reject(new AppendThreadError('the audit store is closing'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { drafts, resolve, reject });
      // referenced only while it holds appends: an idle thread does not keep the process alive,
      // a busy one does, so a shutdown's flush waits for its commit
      worker.ref();
      worker.postMessage({ kind: 'append', id, drafts: drafts as AuditEventDraft[] } satisfies AppendThreadRequest);
    });
  }

  /** stops the thread after the appends it holds; the caller flushes the writer first */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private start(): Worker {
    const worker = spawn(this.data);
    worker.on('message', (answer: AppendThreadAnswer) => {
      if (answer.kind === 'closed') return;
      if (answer.kind === 'ready') {
        for (const resolve of this.readyWaiters.splice(0)) resolve(answer.problem);
        return;
      }
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.kind === 'failed') waiting.reject(new Error(answer.message));
      else waiting.resolve(waiting.drafts.map((draft, index) => ({ ...draft, ...answer.links[index]! })));
    });
    worker.on('error', (error) => this.lost(worker, `the audit append thread failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `the audit append thread stopped (exit code ${code})`));
    worker.unref();
    return worker;
  }

  private lost(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of this.readyWaiters.splice(0)) resolve(message);
    for (const waiting of held) waiting.reject(new AppendThreadError(message));
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ kind: 'close' } satisfies AppendThreadRequest);
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The thread runs the compiled append-thread.js beside this module; from the TypeScript sources
 * (the test suite) it runs append-thread.ts through tsx, a development dependency.
 */
function spawn(data: AppendThreadData): Worker {
  const compiled = path.join(__dirname, 'append-thread.js');
  const options = { workerData: data, name: 'audit-append' };
  if (existsSync(compiled)) return new Worker(compiled, options);
  const source = path.join(__dirname, 'append-thread.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { ...options, eval: true });
}
