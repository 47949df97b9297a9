import type { EntityReader, Page, SortKey } from '../../adapters/entity-reader';
import type { ConnectionSource } from '../../resolvers/sources';
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
}

export function afterValues<T>(shape: ListShape<T>, after: string | null | undefined): unknown[] | undefined {
  // The reader appends the key to the sort order, hence one more value than sort keys.
  return decodeCursor(shape.list, after, shape.orderBy.length + 1);
}

export function connection<T>(shape: ListShape<T>, page: Page<T>, totalCount: () => Promise<number>): ConnectionSource<T> {
  let total: Promise<number> | undefined;
  return {
    page,
    cursorOf: (row) => encodeCursor(shape.list, shape.reader.sortValues(row, shape.orderBy)),
    totalCount: () => (total ??= totalCount()),
  };
}
