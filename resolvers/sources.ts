import type { Page } from '../adapters/entity-reader';
import type { AuditEvent } from '../src/audit/audit-event';
import type { DrgCase, Encounter, ImagingStudy, LabOrder, Patient } from '../adapters/model/canonical-model';

/**
 * What the resolvers of Relay connection types receive: one page of canonical rows, how to make
 * a row's cursor, and the total count, computed (by one COUNT statement) only when asked for.
 * For analysts the count is withheld when it covers fewer than k patients.
 */
export interface ConnectionSource<T> {
  page: Page<T>;
  cursorOf(row: T): string;
  totals(): Promise<Totals>;
}

/** a list's total, or null when small-cell suppression withholds it */
export interface Totals {
  totalCount: number | null;
  suppressed: boolean;
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

/** a page of audit records, newest first; cursors carry the sequence number */
export type AuditEventConnectionSource = ConnectionSource<AuditEvent>;
export type AuditEventEdgeSource = EdgeSource<AuditEvent>;
