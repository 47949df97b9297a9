import { MappedEntityReader, type MappedSourceOptions } from '../mapping/mapped-entity-reader';
import type { FinancePort } from './finance-port';

/** A finance system read through SQL tables or views, as its mapping file describes them. */
export function createFinanceSqlAdapter(options: MappedSourceOptions): FinancePort {
  return {
    departmentCosts: new MappedEntityReader('DepartmentCost', options),
    drgGroups: new MappedEntityReader('DrgGroup', options),
    drgCases: new MappedEntityReader('DrgCase', options),
  };
}
