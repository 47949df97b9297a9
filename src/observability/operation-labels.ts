/**
 * The `operation` label of the request-latency histogram, bounded.
 *
 * The operation name is chosen by the client: labelled as sent, anyone holding a token could
 * create a new Prometheus series with every request (`query r8f3a… { me { id } }`), and every
 * series lives forever in the gateway's registry and in the Prometheus TSDB. So:
 *
 * - A **trusted (persisted) operation** — sent by its manifest id, or whose text is one of the
 *   manifest's — is always labelled with its name. The manifest is the operator's own file, so
 *   these labels are bounded by it, and the dashboards' operations, the ones an operator alerts
 *   on, keep their series however many other names clients send.
 * - Any other **named operation** is labelled with its name only if it is among the first
 *   AD_HOC_OPERATION_LABELS distinct names this process has seen; every later new name is
 *   labelled `(other)`. A name is only seen once the request was authenticated, passed the
 *   policy and the complexity limits and its document was validated against the schema (the
 *   name comes from the resolved operation), so only a token holder can spend the budget, and
 *   their requests are in the request log under their id. Over-long names are `(other)` too.
 * - An **anonymous** operation is `(anonymous)` (so is a document that did not parse or validate:
 *   it has no resolved name; its status is 400); a request **refused before execution** (401,
 *   403, 429, an unknown persisted id, too complex, a bad body) is `(refused)`.
 *
 * Why admit-first-and-keep rather than the alternatives: evicting a name (LRU) to make room
 * deletes its series, which resets its counters (breaking rate() and increase()) and still
 * sends Prometheus a new series for every new name — the cost lands in the TSDB instead of the
 * gateway; hashing names into a few buckets gives labels nobody can read. A fixed budget keeps
 * the series of the names that were there first (the usual clients, seen right after start)
 * stable for the process's life; a flood of names shows up as a growing `(other)` series and a
 * warning in the log, not as a cardinality explosion. The fixed labels are in parentheses, which
 * a GraphQL name cannot contain, so that no client operation can pose as one of them.
 *
 * The bound: per process, at most (manifest operations + AD_HOC_OPERATION_LABELS + 3) values of
 * `operation`, each with the few HTTP statuses the gateway answers.
 */
export const AD_HOC_OPERATION_LABELS = 200;
/** longer names are labelled `(other)`: a label value is repeated on every bucket line of a scrape */
export const MAX_OPERATION_LABEL_LENGTH = 100;

export const OperationLabel = {
  anonymous: '(anonymous)',
  other: '(other)',
  refused: '(refused)',
} as const;

export class OperationLabels {
  private readonly adHoc = new Set<string>();
  private full = false;

  /** @param onFull told once, when the first name is turned away */
  constructor(
    readonly limit: number = AD_HOC_OPERATION_LABELS,
    private readonly onFull?: (limit: number) => void,
  ) {}

  /** the label of an executed operation: its name (null when anonymous) and whether its document is a persisted one */
  label(name: string | null | undefined, trusted: boolean): string {
    if (!name) return OperationLabel.anonymous;
    if (trusted) return name;
    if (name.length > MAX_OPERATION_LABEL_LENGTH) return OperationLabel.other;
    if (this.adHoc.has(name)) return name;
    if (this.adHoc.size < this.limit) {
      this.adHoc.add(name);
      return name;
    }
    if (!this.full) {
      this.full = true;
      this.onFull?.(this.limit);
    }
    return OperationLabel.other;
  }
}
