import type { EntityReader } from '../entity-reader';
import type { Charge, Department, Diagnosis, Encounter, Patient, Procedure, Staff } from '../model/canonical-model';

/** What the gateway reads from a hospital information system (HIS): the master data and visits. */
export interface HisPort {
  readonly departments: EntityReader<Department>;
  readonly staff: EntityReader<Staff>;
  readonly patients: EntityReader<Patient>;
  readonly encounters: EntityReader<Encounter>;
  readonly diagnoses: EntityReader<Diagnosis>;
  readonly procedures: EntityReader<Procedure>;
  readonly charges: EntityReader<Charge>;
}
