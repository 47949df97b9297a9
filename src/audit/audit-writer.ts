import type { AuditEvent, AuditEventDraft } from './audit-event';
import type { AuditStore } from './store/audit-store';

/** told about each group commit (metrics) */
export interface AuditCommitObserver {
  committed?(milliseconds: number, events: number): void;
  /** the store refused or failed the commit: every request waiting on it withholds its sensitive values */
  failed?(milliseconds: number, events: number): void;
}

/**
 * Group commit: requests hand their events to the writer and wait; while one transaction is
 * being committed, the events of every request that arrives meanwhile gather for the next one —
 * one INSERT for many events, so throughput holds under load and each request waits about one
 * commit.
 */
export class AuditWriter {
  private queue: { drafts: readonly AuditEventDraft[]; resolve: (events: AuditEvent[]) => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | null = null;
  private stats = { commits: 0, events: 0, lastCommitMs: 0 };

  constructor(
    private readonly store: AuditStore,
    private readonly observer: AuditCommitObserver = {},
  ) {}

  /** resolves when the events are committed; rejects when the store refused them */
  append(drafts: readonly AuditEventDraft[]): Promise<AuditEvent[]> {
    if (drafts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ drafts, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** waits for everything queued so far (graceful shutdown) */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  get queueDepth(): number {
    return this.queue.reduce((n, item) => n + item.drafts.length, 0);
  }

  get statistics() {
    return { ...this.stats };
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const started = performance.now();
        const drafts = batch.flatMap((item) => item.drafts);
        try {
          const events = await this.store.append(drafts);
          this.stats.commits += 1;
          this.stats.events += events.length;
          this.stats.lastCommitMs = performance.now() - started;
          this.observer.committed?.(this.stats.lastCommitMs, events.length);
          let offset = 0;
          for (const item of batch) {
            item.resolve(events.slice(offset, offset + item.drafts.length));
            offset += item.drafts.length;
          }
        } catch (error) {
          this.observer.failed?.(performance.now() - started, drafts.length);
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
