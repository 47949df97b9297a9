import { AuditCollector } from '../../src/audit/audit-collector';
import type { AuditOutcome } from '../../src/audit/audit-event';

/**
 * A row's sensitive fields are noted one after another; the collector notes the second and later
 * ones as fields only (noteSameRow). The records must be those of noting every value in full.
 */
describe('audit collector', () => {
  const actor = { id: 'doc', name: null, roles: ['clinician'], departments: ['CARD'], ip: null, userAgent: null };
  const grants = new Map([['P2', { id: 'g1', patientId: 'P2', reason: 'consult', kind: 'REQUEST' as const }]]);
  const patientA = { id: 'P1' };
  const patientB = { id: 'P2' };
  const result = { id: 'R9' };
  // [row, type, patient, field, outcome]
  const served: [object, string, string, string, AuditOutcome][] = [
    [patientA, 'Patient', 'P1', 'name', 'ALLOWED'],
    [patientA, 'Patient', 'P1', 'phone', 'ALLOWED'],
    [patientA, 'Patient', 'P1', 'idCardNumber', 'MASKED'],
    [patientA, 'Patient', 'P1', 'address', 'MASKED'],
    [patientB, 'Patient', 'P2', 'name', 'ALLOWED'],
    [result, 'LabResult', 'P2', 'value', 'ALLOWED'],
    [patientB, 'Patient', 'P2', 'phone', 'ALLOWED'],
    [result, 'LabResult', 'P2', 'abnormalFlag', 'DENIED'],
    [patientA, 'Patient', 'P1', 'birthDate', 'ALLOWED'],
  ];
  const comparable = (collector: AuditCollector) => collector.drafts().map(({ id, at, ...rest }) => rest);

  it('records the same events whether a row\'s later fields take the short way or not', () => {
    const full = new AuditCollector('req', actor, grants);
    const short = new AuditCollector('req', actor, grants);
    let shortcuts = 0;
    for (const [row, type, patient, field, outcome] of served) {
      full.note(type, (row as { id: string }).id, patient, field, outcome);
      if (short.noteSameRow(row, type, field, outcome)) shortcuts += 1;
      else short.note(type, (row as { id: string }).id, patient, field, outcome, row);
    }
    // name → phone, idCardNumber → address, and nothing across rows, types or outcomes
    expect(shortcuts).toBe(2);
    expect(comparable(short)).toEqual(comparable(full));
    const events = comparable(short);
    expect(events.find((e) => e.entityType === 'Patient' && e.outcome === 'ALLOWED' && e.purpose === null)).toMatchObject({ entityIds: ['P1'], fields: ['birthDate', 'name', 'phone'] });
    expect(events.find((e) => e.entityType === 'Patient' && e.purpose !== null)).toMatchObject({ entityIds: ['P2'], fields: ['name', 'phone'], purpose: 'approved request g1: consult' });
  });

  it('takes no short way for a row it has not noted, or after a note without a row', () => {
    const collector = new AuditCollector('req', actor);
    expect(collector.noteSameRow(patientA, 'Patient', 'name', 'ALLOWED')).toBe(false);
    collector.note('Patient', 'P1', 'P1', 'name', 'ALLOWED');
    expect(collector.noteSameRow(patientA, 'Patient', 'phone', 'ALLOWED')).toBe(false);
    collector.note('Patient', 'P1', 'P1', 'phone', 'ALLOWED', patientA);
    expect(collector.noteSameRow(patientA, 'Patient', 'address', 'ALLOWED')).toBe(true);
    expect(collector.noteSameRow(patientA, 'Encounter', 'address', 'ALLOWED')).toBe(false);
  });

  describe('rows noted a batch at a time (noteRows), as the row producers of a lean schema note them', () => {
    // results name no patient: their order's is given; one patient's rows fall under a grant
    const results = [{ id: 'R1' }, { id: 'R2' }, { id: 'R3' }];
    const patients = [{ id: 'P1' }, { id: 'P2' }, { id: 'P3' }];
    const orders = [{ id: 'O1', patientId: 'P1' }, { id: 'O2', patientId: 'P2' }];
    const fields = ['abnormalFlag', 'value'];

    /** what the guard of each @sensitive field notes, value after value, row after row */
    const valueByValue = (collector: AuditCollector) => {
      for (const row of patients) for (const field of ['birthDate', 'name']) collector.note('Patient', row.id, row.id, field, 'ALLOWED');
      for (const row of orders) collector.note('LabOrder', row.id, row.patientId, 'panelName', 'ALLOWED');
      for (const row of results) for (const field of fields) collector.note('LabResult', row.id, 'P2', field, 'ALLOWED');
    };
    const batches = (collector: AuditCollector) => {
      collector.noteRows('Patient', patients, ['birthDate', 'name']);
      collector.noteRows('LabOrder', orders, ['panelName']);
      collector.noteRows('LabResult', results, fields, 'P2');
      // an empty batch, or one of no fields read, notes nothing
      collector.noteRows('Charge', [], ['amount']);
      collector.noteRows('Charge', [{ id: 'C1', patientId: 'P1' }], []);
    };

    it.each([
      ['without grants', new Map()],
      ['with a grant on one patient (its rows get a purpose, and an event, of their own)', grants],
    ])('records the events of noting every value, %s', (_, inForce) => {
      const expected = new AuditCollector('req', actor, inForce);
      valueByValue(expected);
      const actual = new AuditCollector('req', actor, inForce);
      batches(actual);
      expect(comparable(actual)).toEqual(comparable(expected));
      expect(comparable(actual).map((event) => event.entityType).sort()).toEqual(inForce.size ? ['LabOrder', 'LabOrder', 'LabResult', 'Patient', 'Patient'] : ['LabOrder', 'LabResult', 'Patient']);
    });

    it('names the patient a row names itself before the one its relation gives', () => {
      const collector = new AuditCollector('req', actor);
      collector.noteRows('Charge', [{ id: 'C1', patientId: 'P7' }, { id: 'C2' }], ['amount'], 'P8');
      expect(comparable(collector)[0]).toMatchObject({ entityIds: ['C1', 'C2'], patientIds: ['P7', 'P8'], fields: ['amount'] });
    });
  });
});
