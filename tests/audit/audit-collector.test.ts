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
});
