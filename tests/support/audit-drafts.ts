import { randomUUID } from 'node:crypto';
import type { AuditEventDraft } from '../../src/audit/audit-event';

/** the i-th read of a patient's identity by one of seven clinicians, every fifth one masked */
export function draft(i: number, at = new Date().toISOString()): AuditEventDraft {
  return {
    id: randomUUID(),
    at,
    requestId: `req-${i}`,
    actor: { id: `doc-${i % 7}`, name: '医生', roles: ['clinician'], departments: ['CARD'], ip: '10.0.0.1', userAgent: 'jest' },
    action: 'READ',
    operationName: 'Probe',
    operationHash: 'a'.repeat(64),
    entityType: 'Patient',
    entityIds: [`BR${String(i).padStart(8, '0')}`],
    patientIds: [`BR${String(i).padStart(8, '0')}`],
    fields: ['name', 'phone'],
    outcome: i % 5 === 0 ? 'MASKED' : 'ALLOWED',
    purpose: null,
    filter: null,
  };
}
