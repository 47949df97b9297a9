import type { Condition } from '../../adapters/entity-reader';
import type { EntitySpec } from '../../adapters/model/field-spec';
import type { Department, DrgCase, Encounter, ImagingStudy, LabOrder, Patient } from '../../adapters/model/canonical-model';
import { addDays, resolvePeriod, type PeriodArgument } from '../period';

/**
 * API filter arguments → canonical conditions. Every list's filter is translated here, so that a
 * filter means the same thing wherever the list is reached.
 */

type Maybe<T> = T | null | undefined;

/** conditions that restrict `spec.periodField` to the period, whatever kind of value it holds */
export function periodConditions<T>(spec: EntitySpec, period: Maybe<PeriodArgument>, argument = 'period'): Condition<T>[] {
  if (!period) return [];
  const { from, until } = resolvePeriod(period, argument);
  const field = spec.periodField as keyof T & string;
  return periodBounds<T>(field, spec.fields[field]!.kind, from, until);
}

/**
 * A field within [from, until) (whole days, 'YYYY-MM-DD'), in the terms of the field's kind:
 * local date-times, dates, or months (a month counts when any of its days is in the range).
 */
export function periodBounds<T>(field: keyof T & string, kind: string, from: string, until: string): Condition<T>[] {
  switch (kind) {
    case 'datetime':
      return [
        { op: 'gte', field, value: `${from} 00:00:00` },
        { op: 'lt', field, value: `${until} 00:00:00` },
      ];
    case 'month':
      return [
        { op: 'gte', field, value: from.slice(0, 7) },
        { op: 'lte', field, value: addDays(until, -1).slice(0, 7) },
      ];
    default:
      return [
        { op: 'gte', field, value: from },
        { op: 'lt', field, value: until },
      ];
  }
}

function inList<T>(field: keyof T & string, values: Maybe<readonly string[]>): Condition<T>[] {
  return values ? [{ op: 'in', field, values }] : [];
}

function equals<T>(field: keyof T & string, value: unknown): Condition<T>[] {
  return value === null || value === undefined ? [] : [{ op: 'eq', field, value }];
}

export interface DepartmentFilterArgs {
  codes?: Maybe<string[]>;
  kind?: Maybe<string>;
}

export function departmentConditions(filter: Maybe<DepartmentFilterArgs>): Condition<Department>[] {
  return [...inList<Department>('code', filter?.codes), ...equals<Department>('kind', filter?.kind)];
}

export interface PatientFilterArgs {
  ids?: Maybe<string[]>;
  departments?: Maybe<string[]>;
  idCardNumber?: Maybe<string>;
  name?: Maybe<string>;
  gender?: Maybe<string>;
  insuranceType?: Maybe<string>;
}

export function patientConditions(filter: Maybe<PatientFilterArgs>): Condition<Patient>[] {
  const conditions: Condition<Patient>[] = [
    ...inList<Patient>('id', filter?.ids),
    ...equals<Patient>('idCardNumber', filter?.idCardNumber),
    ...equals<Patient>('name', filter?.name),
    ...equals<Patient>('gender', filter?.gender),
    ...equals<Patient>('insuranceType', filter?.insuranceType),
  ];
  if (filter?.departments) {
    conditions.push({
      op: 'exists',
      entity: 'Encounter',
      foreignField: 'patientId',
      localField: 'id',
      where: [{ op: 'in', field: 'departmentCode', values: filter.departments }],
    });
  }
  return conditions;
}

export interface EncounterFilterArgs {
  departments?: Maybe<string[]>;
  period?: Maybe<PeriodArgument>;
  kind?: Maybe<string>;
  patientId?: Maybe<string>;
}

export function encounterConditions(spec: EntitySpec, filter: Maybe<EncounterFilterArgs>): Condition<Encounter>[] {
  return [
    ...inList<Encounter>('departmentCode', filter?.departments),
    ...periodConditions<Encounter>(spec, filter?.period, 'filter.period'),
    ...equals<Encounter>('kind', filter?.kind),
    ...equals<Encounter>('patientId', filter?.patientId),
  ];
}

export interface LabOrderFilterArgs {
  departments?: Maybe<string[]>;
  period?: Maybe<PeriodArgument>;
  patientId?: Maybe<string>;
}

export function labOrderConditions(spec: EntitySpec, filter: Maybe<LabOrderFilterArgs>): Condition<LabOrder>[] {
  return [
    ...inList<LabOrder>('departmentCode', filter?.departments),
    ...periodConditions<LabOrder>(spec, filter?.period, 'filter.period'),
    ...equals<LabOrder>('patientId', filter?.patientId),
  ];
}

export interface ImagingFilterArgs extends LabOrderFilterArgs {
  modality?: Maybe<string>;
}

export function imagingConditions(spec: EntitySpec, filter: Maybe<ImagingFilterArgs>): Condition<ImagingStudy>[] {
  return [
    ...inList<ImagingStudy>('departmentCode', filter?.departments),
    ...periodConditions<ImagingStudy>(spec, filter?.period, 'filter.period'),
    ...equals<ImagingStudy>('modality', filter?.modality),
    ...equals<ImagingStudy>('patientId', filter?.patientId),
  ];
}

export interface DrgCaseFilterArgs {
  departments?: Maybe<string[]>;
  period?: Maybe<PeriodArgument>;
  drgCode?: Maybe<string>;
}

export function drgCaseConditions(spec: EntitySpec, filter: Maybe<DrgCaseFilterArgs>): Condition<DrgCase>[] {
  return [
    ...inList<DrgCase>('departmentCode', filter?.departments),
    ...periodConditions<DrgCase>(spec, filter?.period, 'filter.period'),
    ...equals<DrgCase>('drgCode', filter?.drgCode),
  ];
}
