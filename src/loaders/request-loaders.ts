import DataLoader from 'dataloader';
import type { Condition, EntityReader, Page, ReadContext } from '../../adapters/entity-reader';
import type {
  Charge,
  Department,
  DepartmentCost,
  Diagnosis,
  Encounter,
  Equipment,
  ImagingStudy,
  LabOrder,
  LabResult,
  Procedure,
  Staff,
} from '../../adapters/model/canonical-model';
import type { ConnectionSource, Totals } from '../../resolvers/sources';
import { SCOPE_IMPLIED_BY_PARENT, withoutScopeOf } from '../permissions/row-scope';
import type { PeriodArgument } from '../period';
import type { Sources } from '../sources';
import { afterValues, connection, pageSize, suppressSmallCell, type ListShape, type PageSize } from './connection';
import {
  departmentConditions,
  drgCaseConditions,
  encounterConditions,
  imagingConditions,
  labOrderConditions,
  patientConditions,
  periodConditions,
  type DepartmentFilterArgs,
  type DrgCaseFilterArgs,
  type EncounterFilterArgs,
  type ImagingFilterArgs,
  type LabOrderFilterArgs,
  type PatientFilterArgs,
} from './filters';

export interface StaffCounts {
  total: number;
  doctors: number;
  nurses: number;
}

export interface ListArgs<F> {
  filter?: F | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The loaders of one request. Every relation is loaded by key sets (one statement per relation
 * and request level, chunked under the engine's parameter limit), so the number of statements a
 * request sends depends on the depth of its query, not on the number of rows it returns.
 */
export type RequestLoaders = ReturnType<typeof createRequestLoaders>;

export interface LoaderOptions extends PageSize {
  /** k of small-cell suppression for this viewer, or null */
  smallCellK?: number | null;
  /** false: one statement per row and relation — the naive baseline of the benchmarks, never in service */
  batch?: boolean;
}

export function createRequestLoaders(sources: Sources, read: ReadContext, limits: LoaderOptions) {
  const smallCellK = limits.smallCellK ?? null;
  const batching = { batch: limits.batch ?? true };
  /** one row per key (or null), e.g. a patient by id */
  const byKey = <T>(reader: EntityReader<T>, field: keyof T & string, context: ReadContext = read): DataLoader<string, T | null> =>
    new DataLoader(async (keys) => {
      const rows = await reader.byValues(context, field, keys);
      const found = new Map<unknown, T>();
      for (const row of rows) found.set(row[field], row);
      return keys.map((key) => found.get(key) ?? null);
    }, batching);

  /** the children of each parent key, ordered, e.g. the results of each lab order */
  const byParent = <T>(reader: EntityReader<T>, field: keyof T & string, order: (a: T, b: T) => number, where: Condition<T>[] = [], context: ReadContext = read): DataLoader<string, T[]> =>
    new DataLoader(async (keys) => {
      const rows = await reader.byValues(context, field, keys, { where });
      const groups = new Map<unknown, T[]>(keys.map((key) => [key, []]));
      for (const row of rows) groups.get(row[field])?.push(row);
      return keys.map((key) => groups.get(key)!.sort(order));
    }, batching);

  /** a root list: one page and, when asked for, its total */
  const list = async <T, F>(shape: ListShape<T>, where: Condition<T>[], args: ListArgs<F>): Promise<ConnectionSource<T>> => {
    const first = pageSize(args.first, limits);
    const page = await shape.reader.page(read, { where, orderBy: shape.orderBy, first, after: afterValues(shape, args.after) });
    return connection(shape, page, async () => {
      if (smallCellK === null || !shape.patientField) return { totalCount: await shape.reader.count(read, where), suppressed: false };
      const { rows, distinct } = await shape.reader.tally(read, where, shape.patientField);
      return suppressSmallCell(rows, distinct, smallCellK);
    });
  };

  /** loaders whose batch function depends on arguments: one loader per distinct argument set */
  const perArguments = new Map<string, DataLoader<string, unknown>>();
  const loaderFor = <V>(key: string, create: () => DataLoader<string, V>): DataLoader<string, V> => {
    let loader = perArguments.get(key) as DataLoader<string, V> | undefined;
    if (!loader) perArguments.set(key, (loader = create()) as DataLoader<string, unknown>);
    return loader;
  };

  const { his, lis, pacs, finance } = sources;

  /**
   * The read context of a relation whose rows are in scope whenever their parent row is
   * (row-scope.ts): its loader is only ever given the links of this request's parent rows, so
   * the child's own scope is left out — unless a link is not exact (a value table or crosswalk:
   * several vendor values for one canonical value could reach rows beyond the parent's).
   */
  const throughParent = (relation: keyof typeof SCOPE_IMPLIED_BY_PARENT, child: EntityReader<any>, parent: EntityReader<any>): ReadContext => {
    const { entity, field, parentField } = SCOPE_IMPLIED_BY_PARENT[relation];
    return child.exact(field) && parent.exact(parentField) ? withoutScopeOf(read, entity) : read;
  };
  const encounterShape = (name: string): ListShape<Encounter> => ({ list: name, reader: his.encounters, orderBy: [{ field: 'admittedAt', direction: 'asc' }], patientField: 'patientId' });

  const staffCounts = new DataLoader<string, StaffCounts>(async (codes) => {
    const where: Condition<Staff>[] = [{ op: 'in', field: 'departmentCode', values: codes }];
    if (his.staff.has('active')) where.push({ op: 'eq', field: 'active', value: true });
    const counts = new Map(codes.map((code) => [code, { total: 0, doctors: 0, nurses: 0 }]));
    for (const { group, count } of await his.staff.countBy(read, ['departmentCode', 'kind'], where)) {
      const entry = counts.get(group[0] as string);
      if (!entry) continue;
      entry.total += count;
      if (group[1] === 'DOCTOR') entry.doctors += count;
      if (group[1] === 'NURSE') entry.nurses += count;
    }
    return codes.map((code) => counts.get(code)!);
  });

  const department = byKey(his.departments, 'code');

  return {
    // HIS
    department,
    staff: byKey(his.staff, 'id'),
    staffOfDepartment: byParent(his.staff, 'departmentCode', byText((s: Staff) => s.id)),
    staffCounts,
    patient: byKey(his.patients, 'id'),
    patientOfEncounter: byKey(his.patients, 'id', throughParent('Encounter.patient', his.patients, his.encounters)),
    encounter: byKey(his.encounters, 'id'),
    encountersOfPatient: byParent(his.encounters, 'patientId', byText((e: Encounter) => e.admittedAt + e.id)),
    diagnosesOfEncounter: byParent(his.diagnoses, 'encounterId', (a: Diagnosis, b: Diagnosis) => diagnosisRank(a) - diagnosisRank(b), [], throughParent('Encounter.diagnoses', his.diagnoses, his.encounters)),
    proceduresOfEncounter: byParent(his.procedures, 'encounterId', byText((p: Procedure) => (p.performedAt ?? '') + p.id), [], throughParent('Encounter.procedures', his.procedures, his.encounters)),
    chargesOfEncounter: byParent(his.charges, 'encounterId', byText((c: Charge) => c.category + c.id)),

    async departments(filter: DepartmentFilterArgs | null | undefined): Promise<Department[]> {
      const { rows } = await his.departments.page(read, { where: departmentConditions(filter), first: limits.maxPageSize });
      // Rows reached later through a relation (encounter.department) need no second statement.
      for (const row of rows) department.prime(row.code, row);
      return rows;
    },

    /** one page of each department's encounters, for every department of the request at once */
    async departmentEncounters(code: string, args: ListArgs<EncounterFilterArgs>): Promise<ConnectionSource<Encounter>> {
      const shape = encounterShape('department.encounters');
      const first = pageSize(args.first, limits);
      const after = afterValues(shape, args.after);
      const where = encounterConditions(his.encounters.spec, args.filter);
      const pages = loaderFor(`department.encounters:${JSON.stringify([where, first, after])}`, () =>
        new DataLoader<string, Page<Encounter>>(async (codes) => {
          const found = await his.encounters.pagePerGroup(read, 'departmentCode', codes, { where, orderBy: shape.orderBy, first, after });
          return codes.map((c) => found.get(c) ?? { rows: [], hasNextPage: false });
        }),
      );
      const totals = loaderFor(`department.encounters.count:${JSON.stringify(where)}`, () =>
        new DataLoader<string, Totals>(async (codes) => {
          const distinct = smallCellK === null ? undefined : 'patientId';
          const counts = await his.encounters.countBy(read, ['departmentCode'], [...where, { op: 'in', field: 'departmentCode', values: codes }], distinct);
          const byCode = new Map(counts.map((count) => [count.group[0], count]));
          return codes.map((c) => {
            const found = byCode.get(c);
            return suppressSmallCell(found?.count ?? 0, found?.distinct, smallCellK);
          });
        }),
      );
      return connection(shape, await pages.load(code), () => totals.load(code));
    },

    patients: (args: ListArgs<PatientFilterArgs>) => list({ list: 'patients', reader: his.patients, orderBy: [], patientField: 'id' }, patientConditions(args.filter), args),
    encounters: (args: ListArgs<EncounterFilterArgs>) => list(encounterShape('encounters'), encounterConditions(his.encounters.spec, args.filter), args),

    // LIS
    labOrdersOfEncounter: byParent(lis.labOrders, 'encounterId', byText((o: LabOrder) => o.orderedAt + o.id)),
    labResultsOfOrder: byParent(lis.labResults, 'orderId', byText((r: LabResult) => r.id), [], throughParent('LabOrder.results', lis.labResults, lis.labOrders)),
    labOrders: (args: ListArgs<LabOrderFilterArgs>) =>
      list({ list: 'labOrders', reader: lis.labOrders, orderBy: [{ field: 'orderedAt', direction: 'asc' }], patientField: 'patientId' }, labOrderConditions(lis.labOrders.spec, args.filter), args),

    // PACS
    imagingOfEncounter: byParent(pacs.imagingStudies, 'encounterId', byText((s: ImagingStudy) => s.scheduledAt + s.id)),
    equipment: byKey(pacs.equipment, 'id'),
    equipmentOfDepartment: byParent(pacs.equipment, 'departmentCode', byText((e: Equipment) => e.id)),
    imagingStudies: (args: ListArgs<ImagingFilterArgs>) =>
      list({ list: 'imagingStudies', reader: pacs.imagingStudies, orderBy: [{ field: 'scheduledAt', direction: 'asc' }], patientField: 'patientId' }, imagingConditions(pacs.imagingStudies.spec, args.filter), args),

    // finance
    drgCaseOfEncounter: byKey(finance.drgCases, 'encounterId'),
    drgGroup: byKey(finance.drgGroups, 'code'),
    departmentCosts(code: string, period: PeriodArgument): Promise<DepartmentCost[]> {
      const where = periodConditions<DepartmentCost>(finance.departmentCosts.spec, period);
      const loader = loaderFor(`department.costs:${JSON.stringify(where)}`, () =>
        byParent(finance.departmentCosts, 'departmentCode', byText((c: DepartmentCost) => c.month + c.category), where),
      );
      return loader.load(code);
    },
    drgCases: (args: ListArgs<DrgCaseFilterArgs>) =>
      list({ list: 'drgCases', reader: finance.drgCases, orderBy: [{ field: 'dischargedOn', direction: 'asc' }], patientField: 'patientId' }, drgCaseConditions(finance.drgCases.spec, args.filter), args),
  };
}

function byText<T>(key: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function diagnosisRank(diagnosis: Diagnosis): number {
  return (diagnosis.type === 'PRINCIPAL' ? 0 : 1_000_000) + (diagnosis.sequence ?? 999_999);
}
