import type { Page } from '../adapters/entity-reader';
import type { DrgCase, Encounter, ImagingStudy, LabOrder, Patient } from '../adapters/model/canonical-model';

/**
 * What the resolvers of Relay connection types receive: one page of canonical rows, how to make
 * a row's cursor, and the total count, computed (by one COUNT statement) only when asked for.
 */
export interface ConnectionSource<T> {
  page: Page<T>;
  cursorOf(row: T): string;
  totalCount(): Promise<number>;
}

export interface EdgeSource<T> {
  node: T;
  connection: ConnectionSource<T>;
}

export interface PageInfoSource {
  hasNextPage: boolean;
  endCursor: string | null;
}

export type PatientConnectionSource = ConnectionSource<Patient>;
export type PatientEdgeSource = EdgeSource<Patient>;
export type EncounterConnectionSource = ConnectionSource<Encounter>;
export type EncounterEdgeSource = EdgeSource<Encounter>;
export type LabOrderConnectionSource = ConnectionSource<LabOrder>;
export type LabOrderEdgeSource = EdgeSource<LabOrder>;
export type ImagingStudyConnectionSource = ConnectionSource<ImagingStudy>;
export type ImagingStudyEdgeSource = EdgeSource<ImagingStudy>;
export type DrgCaseConnectionSource = ConnectionSource<DrgCase>;
export type DrgCaseEdgeSource = EdgeSource<DrgCase>;
