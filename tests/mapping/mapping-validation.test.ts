import { parseMapping } from '../../adapters/mapping/load-mapping';
import { ENTITIES_BY_SYSTEM } from '../../adapters/model/canonical-model';
import type { SourceKind } from '../../adapters/model/field-spec';
import { DEMO_DEPARTMENTS } from '../../src/demo/hospital-departments';
import { DEMO_MAPPING_FILES, demoMappingText, mappingErrorOf, mappingOptions } from '../support/mapping-fixtures';

const SYSTEMS: SourceKind[] = ['HIS', 'LIS', 'PACS', 'FINANCE'];

describe('the shipped demo mapping files', () => {
  it.each(SYSTEMS)('%s maps every entity of its system', (system) => {
    const mapping = parseMapping(DEMO_MAPPING_FILES[system], demoMappingText(system), mappingOptions(system));
    expect([...mapping.entities.keys()].sort()).toEqual([...ENTITIES_BY_SYSTEM[system]].sort());
  });

  it.each([
    ['HIS', 'hisCode'],
    ['LIS', 'lisCode'],
    ['PACS', 'pacsCode'],
    ['FINANCE', 'costCenter'],
  ] as const)('%s crosswalk agrees with the demo department dictionary', (system, codeField) => {
    const mapping = parseMapping(DEMO_MAPPING_FILES[system], demoMappingText(system), mappingOptions(system));
    const expected = new Map(DEMO_DEPARTMENTS.map((department) => [department.code, [department[codeField]]]));
    expect(new Map(mapping.departmentCodes)).toEqual(expected);
  });
});

describe('which mapped fields are exact (one vendor value per canonical value and back)', () => {
  const field = (system: SourceKind, entity: string, name: string) => parseMapping(DEMO_MAPPING_FILES[system], demoMappingText(system), mappingOptions(system)).entities.get(entity as never)!.fields.get(name)!;

  it('identifiers and free text are exact: a lookup by them finds exactly the rows that carry them', () => {
    expect(field('HIS', 'Patient', 'id').exact).toBe(true);
    expect(field('HIS', 'Encounter', 'patientId').exact).toBe(true);
    expect(field('LIS', 'LabResult', 'orderId').exact).toBe(true);
    expect(field('HIS', 'Patient', 'name').exact).toBe(true);
  });

  it('value tables, crosswalks and dates are not', () => {
    expect(field('HIS', 'Patient', 'gender').exact).toBe(false); // a value table
    expect(field('HIS', 'Encounter', 'departmentCode').exact).toBe(false); // the department crosswalk
    expect(field('HIS', 'Encounter', 'admittedAt').exact).toBe(false);
  });
});

describe('a mapping file with a mistake is refused with a message naming the file, entity and key', () => {
  it('names a misspelt canonical field and suggests the right one, with its line', () => {
    const text = demoMappingText('HIS').replace('      name: XM\n      gender:', '      nmae: XM\n      gender:');
    const error = mappingErrorOf('HIS', text);
    const problem = error.problems.find((p) => p.key === 'fields.nmae');
    expect(problem).toMatchObject({ file: 'site-his.yaml', entity: 'Patient' });
    expect(problem!.message).toContain("did you mean 'name'");
    expect(problem!.line).toBe(text.split('\n').findIndex((line) => line.includes('nmae: XM')) + 1);
    expect(error.message).toContain('site-his.yaml: entity Patient, key fields.nmae');
    // Patient.name is required: its absence is reported too.
    expect(error.problems.some((p) => p.entity === 'Patient' && p.key === 'fields.name' && /missing/.test(p.message))).toBe(true);
  });

  it('names an enum value that is not canonical, listing the allowed ones', () => {
    const error = mappingErrorOf('HIS', demoMappingText('HIS').replace("'1': MALE", "'1': MAL"));
    const problem = error.problems.find((p) => p.key === 'fields.gender.values.1');
    expect(problem?.entity).toBe('Patient');
    expect(problem?.message).toMatch(/"MAL" is not a value of Patient\.gender.*did you mean 'MALE'.*allowed: MALE, FEMALE, UNKNOWN/);
  });

  it('refuses a value table on a field that is neither enum nor boolean', () => {
    const error = mappingErrorOf('HIS', demoMappingText('HIS').replace('      beds: SYCWS', "      beds: { column: SYCWS, values: { '1': CLINICAL } }"));
    expect(error.problems[0]).toMatchObject({ entity: 'Department', key: 'fields.beds.values' });
  });

  it('names a missing entity and an entity that belongs to another system', () => {
    const text = demoMappingText('LIS').replace('  LabResult:', '  LabRsult:');
    const error = mappingErrorOf('LIS', text, 'site-lis.yaml');
    expect(error.problems.map((p) => p.key)).toEqual(expect.arrayContaining(['LabRsult', 'LabResult']));
    expect(error.problems.find((p) => p.key === 'LabRsult')!.message).toContain("did you mean 'LabResult'");
  });

  it('refuses a file written for another kind of system', () => {
    const error = mappingErrorOf('LIS', demoMappingText('HIS'));
    expect(error.problems.find((p) => p.key === 'system')!.message).toContain('maps a HIS system, but the source using it is configured as LIS');
  });

  it('names a crosswalk that does not exist', () => {
    const error = mappingErrorOf('LIS', demoMappingText('LIS').replace('crosswalk: department', 'crosswalk: departmnt'));
    expect(error.problems[0]).toMatchObject({ entity: 'LabOrder', key: 'fields.departmentCode.crosswalk' });
    expect(error.problems[0]!.message).toContain("did you mean 'department'");
  });

  it('refuses the key column when it is not the column of the key field', () => {
    const error = mappingErrorOf('PACS', demoMappingText('PACS').replace('    key: AETitle', '    key: StationName'));
    expect(error.problems[0]).toMatchObject({ entity: 'Equipment', key: 'key' });
  });

  it('refuses identifiers that could break out of quoting', () => {
    const error = mappingErrorOf('FINANCE', demoMappingText('FINANCE').replace('      amount: amount', '      amount: "amount]; DROP TABLE x; --"'));
    expect(error.problems[0]).toMatchObject({ entity: 'DepartmentCost', key: 'fields.amount.column' });
  });

  it('reports YAML syntax errors with their line', () => {
    const error = mappingErrorOf('HIS', 'system: HIS\nentities:\n  Department:\n    table: [GY_KSDM\n');
    expect(error.problems[0]!.key).toBe('(syntax)');
    expect(error.problems[0]!.line).toBeGreaterThan(0);
  });

  it('names an unknown month format', () => {
    const error = mappingErrorOf('FINANCE', demoMappingText('FINANCE').replace('format: YYYYMM', 'format: YYMM'));
    expect(error.problems[0]).toMatchObject({ entity: 'DepartmentCost', key: 'fields.month.format' });
    expect(error.problems[0]!.message).toContain('YYYYMM, YYYY-MM, date');
  });
});
