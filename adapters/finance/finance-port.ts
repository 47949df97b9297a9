import type { EntityReader } from '../entity-reader';
import type { DepartmentCost, DrgCase, DrgGroup } from '../model/canonical-model';

/** What the gateway reads from the finance system: cost accounting and DRG/DIP settlement. */
export interface FinancePort {
  readonly departmentCosts: EntityReader<DepartmentCost>;
  readonly drgGroups: EntityReader<DrgGroup>;
  readonly drgCases: EntityReader<DrgCase>;
}
