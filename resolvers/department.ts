import type { DepartmentResolvers, QueryResolvers, StaffResolvers } from './__generated__/resolvers-types';

export const departmentQueries: QueryResolvers = {
  departments: (_, { filter }, { loaders }) => loaders.departments(filter),
  department: (_, { code }, { loaders }) => loaders.department.load(code),
};

export const departmentResolvers: DepartmentResolvers = {
  staffCount: async ({ code }, _, { loaders }) => (await loaders.staffCounts.load(code)).total,
  doctorCount: async ({ code }, _, { loaders }) => (await loaders.staffCounts.load(code)).doctors,
  nurseCount: async ({ code }, _, { loaders }) => (await loaders.staffCounts.load(code)).nurses,
  staff: async ({ code }, { includeInactive }, { loaders }) => {
    const staff = await loaders.staffOfDepartment.load(code);
    return includeInactive ? staff : staff.filter((member) => member.active !== false);
  },
  equipment: ({ code }, _, { loaders }) => loaders.equipmentOfDepartment.load(code),
  encounters: ({ code }, args, { loaders }) => loaders.departmentEncounters(code, args),
  costs: ({ code }, { period }, { loaders }) => loaders.departmentCosts(code, period),
};

export const staffResolvers: StaffResolvers = {
  department: ({ departmentCode }, _, { loaders }) => loaders.department.load(departmentCode),
};
