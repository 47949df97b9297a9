import { randomUUID } from 'node:crypto';
import type { AuditEventDraft } from '../../src/audit/audit-event';

/** the audit record of a clinician reading one patient's identity, as the gateway drafts it */
export function identityReadDraft(): AuditEventDraft {
  return {
    id: randomUUID(),
    at: new Date().toISOString(),
    requestId: 'bench-wall',
    actor: { id: 'bench-clinician', name: null, roles: ['clinician'], departments: ['CARD'], ip: null, userAgent: null },
    action: 'READ',
    operationName: 'Patient',
    operationHash: 'b'.repeat(64),
    entityType: 'Patient',
    entityIds: ['BR00000042'],
    patientIds: ['BR00000042'],
    fields: ['name', 'idCardNumber', 'phone'],
    outcome: 'ALLOWED',
    purpose: null,
    filter: null,
  };
}
