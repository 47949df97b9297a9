/**
 * A statement failed at a source system. The original driver error stays attached as `cause`
 * for the operator's log; what reaches an API client is only the source's name.
 */
export class SourceQueryError extends Error {
  constructor(
    readonly source: string,
    readonly entity: string,
    override readonly cause: unknown,
  ) {
    super(`source '${source}' failed to read ${entity}`);
    this.name = 'SourceQueryError';
  }
}
