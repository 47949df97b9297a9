import type { ChargeResolvers, DepartmentCostResolvers } from './__generated__/resolvers-types';

export const chargeResolvers: ChargeResolvers = {
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
};

export const departmentCostResolvers: DepartmentCostResolvers = {
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
};
