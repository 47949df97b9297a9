import { MappedEntityReader, type MappedSourceOptions } from '../mapping/mapped-entity-reader';
import type { LisPort } from './lis-port';

/** A LIS read through SQL tables or views, as its mapping file describes them. */
export function createLisSqlAdapter(options: MappedSourceOptions): LisPort {
  return {
    labOrders: new MappedEntityReader('LabOrder', options),
    labResults: new MappedEntityReader('LabResult', options),
  };
}
