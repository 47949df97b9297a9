import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../src/context';
import { ErrorCode } from '../src/errors';
import { pageSize } from '../src/loaders/connection';
import { decodeCursor, encodeCursor } from '../src/loaders/cursor';
import type { AuditEventConnectionResolvers, AuditEventEdgeResolvers, AuditEventResolvers, QueryResolvers } from './__generated__/resolvers-types';

const LIST = 'auditEvents';

function auditStore(context: GatewayContext) {
  const store = context.services.auditStore;
  if (!store) throw new GraphQLError('This gateway has no audit store configured.', { extensions: { code: ErrorCode.AUDIT_UNAVAILABLE } });
  return store;
}

/** DateTime arguments arrive with an offset; records are kept in UTC */
const utc = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

export const auditQueries: QueryResolvers = {
  auditEvents: async (_, { filter, first, after }, context) => {
    const store = auditStore(context);
    const size = pageSize(first, { defaultPageSize: 50, maxPageSize: 1_000 });
    const [beforeSeq] = (decodeCursor(LIST, after, 1) ?? []) as number[];
    const search = {
      actor: filter?.actor,
      subject: filter?.entityId,
      entityType: filter?.entityType,
      outcome: filter?.outcome,
      operationName: filter?.operationName,
      from: utc(filter?.from),
      to: utc(filter?.to),
    };
    const events = await store.search({ ...search, beforeSeq }, size + 1);
    let total: Promise<number> | undefined;
    return {
      page: { rows: events.slice(0, size), hasNextPage: events.length > size },
      cursorOf: (event) => encodeCursor(LIST, [event.seq]),
      totals: async () => ({ totalCount: await (total ??= store.count(search)), suppressed: false }),
    };
  },
  auditIntegrity: async (_, { from, to }, context) => ({ ...(await auditStore(context).verify({ from: utc(from), to: utc(to) })), verifiedAt: new Date().toISOString() }),
};

export const auditEventConnectionResolvers: AuditEventConnectionResolvers = {
  edges: (connection) => connection.page.rows.map((node) => ({ node, connection })),
  pageInfo: (connection) => {
    const last = connection.page.rows.at(-1);
    return { hasNextPage: connection.page.hasNextPage, endCursor: last ? connection.cursorOf(last) : null };
  },
  // a denied list is an empty page (with FORBIDDEN): its count is 0
  totalCount: async (connection) => (await connection.totals()).totalCount ?? 0,
};

export const auditEventEdgeResolvers: AuditEventEdgeResolvers = {
  cursor: (edge) => edge.connection.cursorOf(edge.node),
};

export const auditEventResolvers: AuditEventResolvers = {
  filter: (event) => (event.filter ? JSON.stringify(event.filter) : null),
};
