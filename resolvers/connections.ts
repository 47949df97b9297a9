import type { ConnectionSource, EdgeSource, PageInfoSource } from './sources';

/** Relay connection and edge resolvers, the same for every list. */
const connectionResolvers = {
  edges: <T>(connection: ConnectionSource<T>): EdgeSource<T>[] => connection.page.rows.map((node) => ({ node, connection })),
  pageInfo: <T>(connection: ConnectionSource<T>): PageInfoSource => {
    const last = connection.page.rows.at(-1);
    return { hasNextPage: connection.page.hasNextPage, endCursor: last === undefined ? null : connection.cursorOf(last) };
  },
  totalCount: async <T>(connection: ConnectionSource<T>) => (await connection.totals()).totalCount,
  totalCountSuppressed: async <T>(connection: ConnectionSource<T>) => (await connection.totals()).suppressed,
};

const edgeResolvers = {
  cursor: <T>(edge: EdgeSource<T>) => edge.connection.cursorOf(edge.node),
};

export const connectionTypeResolvers = {
  PatientConnection: connectionResolvers,
  PatientEdge: edgeResolvers,
  EncounterConnection: connectionResolvers,
  EncounterEdge: edgeResolvers,
  LabOrderConnection: connectionResolvers,
  LabOrderEdge: edgeResolvers,
  ImagingStudyConnection: connectionResolvers,
  ImagingStudyEdge: edgeResolvers,
  DrgCaseConnection: connectionResolvers,
  DrgCaseEdge: edgeResolvers,
};
