import { badUserInput } from '../errors';

/**
 * Opaque Relay cursors: the sort values of a row, tagged with the list they belong to, in
 * base64url JSON. A cursor from another list, or one edited by hand, is refused with a clear
 * error rather than silently starting elsewhere.
 */
export function encodeCursor(list: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify([list, ...values])).toString('base64url');
}

export function decodeCursor(list: string, cursor: string | null | undefined, expectedLength: number): unknown[] | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== list || decoded.length !== expectedLength + 1) throw invalid();
  const values = decoded.slice(1);
  if (!values.every((value) => typeof value === 'string' || typeof value === 'number')) throw invalid();
  return values;
}

function invalid() {
  return badUserInput('The `after` cursor is not a cursor of this list; use pageInfo.endCursor from a previous page of the same query.', 'after');
}
