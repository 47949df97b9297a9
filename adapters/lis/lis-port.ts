import type { EntityReader } from '../entity-reader';
import type { LabOrder, LabResult } from '../model/canonical-model';

/** What the gateway reads from a laboratory information system (LIS). */
export interface LisPort {
  readonly labOrders: EntityReader<LabOrder>;
  readonly labResults: EntityReader<LabResult>;
}
