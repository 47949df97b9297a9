import { MappedEntityReader, type MappedSourceOptions } from '../mapping/mapped-entity-reader';
import type { HisPort } from './his-port';

/** A HIS read through SQL tables or views, as its mapping file describes them. */
export function createHisSqlAdapter(options: MappedSourceOptions): HisPort {
  return {
    departments: new MappedEntityReader('Department', options),
    staff: new MappedEntityReader('Staff', options),
    patients: new MappedEntityReader('Patient', options),
    encounters: new MappedEntityReader('Encounter', options),
    diagnoses: new MappedEntityReader('Diagnosis', options),
    procedures: new MappedEntityReader('Procedure', options),
    charges: new MappedEntityReader('Charge', options),
  };
}
