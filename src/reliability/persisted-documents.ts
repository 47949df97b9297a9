import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { BoundedMemo } from '../../adapters/bounded-memo';

/**
 * Persisted documents (trusted operations): a manifest of the operations the dashboards send,
 * in the format of Apollo's persisted query manifests. Clients send an operation's id (its
 * SHA-256) instead of its text; for the roles the configuration names, only manifest operations
 * run at all — a dashboard account cannot be used to run anything else.
 */
export interface ManifestOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface PersistedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** the text of every persisted/*.graphql file, in name order: the trusted operations' source */
export function persistedSources(directory: string): string {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(path.join(directory, name), 'utf8'))
    .join('\n');
}

/** the manifest of every operation in a GraphQL document (one entry per named operation) */
export function manifestOf(source: string): PersistedManifest {
  const document = parse(source);
  const operations = document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      if (!operation.name) throw new Error('every persisted operation needs a name');
      const body = print(operation);
      return { id: sha256(body), name: operation.name.value, type: operation.operation, body };
    });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/** query texts whose verdict is remembered (a dashboard sends the same few texts over and over) */
const REMEMBERED_TEXTS = 1_000;

export class PersistedDocuments {
  private readonly byId = new Map<string, ManifestOperation>();
  private readonly bodies = new Set<string>();
  /** a text longer than this is not taken for a manifest operation (no dashboard pads its query with kilobytes of comments), so it is never parsed here */
  private readonly longestText: number;
  private readonly verdicts = new BoundedMemo<string, boolean>(REMEMBERED_TEXTS);

  constructor(manifest: PersistedManifest) {
    if (manifest.format !== 'apollo-persisted-query-manifest') throw new Error('not an apollo-persisted-query-manifest');
    for (const operation of manifest.operations) {
      this.byId.set(operation.id, operation);
      this.bodies.add(operation.body);
    }
    this.longestText = 4 * Math.max(0, ...manifest.operations.map((operation) => operation.body.length)) + 4_096;
  }

  static load(file: string): PersistedDocuments {
    return new PersistedDocuments(JSON.parse(readFileSync(file, 'utf8')) as PersistedManifest);
  }

  get size(): number {
    return this.byId.size;
  }

  byHash(id: string): ManifestOperation | undefined {
    return this.byId.get(id);
  }

  /**
   * Whether a query text is one of the manifest's operations (compared in printed form). Every
   * request sending text asks, before the query limits run: the manifest's own texts match at
   * once, a text far longer than any operation is not parsed, and the verdicts on the last
   * texts seen are remembered (parsing and printing each request's text cost ≈ 50 µs).
   */
  contains(query: string): boolean {
    if (this.bodies.has(query)) return true;
    if (query.length > this.longestText) return false;
    return this.verdicts.get(query, () => this.matches(query));
  }

  private matches(query: string): boolean {
    try {
      const document = parse(query);
      const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      return operations.length === 1 && this.byId.has(sha256(print(operations[0]!)));
    } catch {
      return false;
    }
  }
}
