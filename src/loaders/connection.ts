import type { EntityReader, Page, SortKey } from '../../adapters/entity-reader';
import type { ConnectionSource, Totals } from '../../resolvers/sources';
import { badUserInput } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

export interface PageSize {
  defaultPageSize: number;
  maxPageSize: number;
}

/** Validates `first`, falling back to the configured default page size. */
export function pageSize(first: number | null | undefined, limits: PageSize): number {
  if (first === null || first === undefined) return limits.defaultPageSize;
  if (!Number.isInteger(first) || first < 0) throw badUserInput('`first` must be zero or a positive integer.', 'first');
  if (first > limits.maxPageSize) throw badUserInput(`\`first\` may be at most ${limits.maxPageSize}; page through larger lists with \`after\`.`, 'first');
  return first;
}

/** A list's identity in its cursors, and the order its pages follow. */
export interface ListShape<T> {
  list: string;
  reader: EntityReader<T>;
  orderBy: SortKey<T>[];
  /** the field naming the patient a row is about, for small-cell suppression */
  patientField?: keyof T & string;
}

export function afterValues<T>(shape: ListShape<T>, after: string | null | undefined): unknown[] | undefined {
  // The reader appends the key to the sort order, hence one more value than sort keys.
  return decodeCursor(shape.list, after, shape.orderBy.length + 1);
}

export function connection<T>(shape: ListShape<T>, page: Page<T>, totals: () => Promise<Totals>): ConnectionSource<T> {
  let total: Promise<Totals> | undefined;
  return {
    page,
    cursorOf: (row) => encodeCursor(shape.list, shape.reader.sortValues(row, shape.orderBy)),
    totals: () => (total ??= totals()),
  };
}

/**
 * Small-cell suppression: a count over 1 to k − 1 patients is withheld (a count of none is not
 * a disclosure). `k` is null for viewers who see every count.
 */
export function suppressSmallCell(rows: number, patients: number | undefined, k: number | null): Totals {
  if (k !== null && patients !== undefined && patients > 0 && patients < k) return { totalCount: null, suppressed: true };
  return { totalCount: rows, suppressed: false };
}
