import type { QueryResolvers, ViewerResolvers } from './__generated__/resolvers-types';

export const viewerQueries: QueryResolvers = {
  me: (_, __, { viewer }) => viewer,
};

export const viewerResolvers: ViewerResolvers = {
  departmentCodes: (viewer) => viewer.departments,
  departments: async (viewer, _, { loaders }) => (await loaders.department.loadMany(viewer.departments)).filter(isDepartment),
};

function isDepartment<T>(value: T | null | Error): value is T {
  return value !== null && !(value instanceof Error);
}
