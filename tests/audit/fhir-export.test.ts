import { canonicalJson, chainHash, GENESIS_HASH, type AuditEvent, type AuditEventDraft } from '../../src/audit/audit-event';
import { toFhirAuditEvent, toFhirBundle, type FhirAuditEvent, type FhirAuditEventEntity } from '../../src/audit/fhir-export';

const observer = { name: 'Hospital Data Gateway', id: 'gateway-prod-1' };

const actor = {
  id: 'u-1042',
  name: 'Dr. Ada Moreau',
  roles: ['physician', 'cardiology-staff'],
  departments: ['CARDIO'],
  ip: '10.20.30.40',
  userAgent: 'Mozilla/5.0',
};

function draft(overrides: Partial<AuditEventDraft>): AuditEventDraft {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    at: '2026-11-26T03:50:08.123Z',
    requestId: 'req-1',
    actor,
    action: 'READ',
    operationName: null,
    operationHash: null,
    entityType: 'Patient',
    entityIds: [],
    patientIds: [],
    fields: [],
    outcome: 'ALLOWED',
    purpose: null,
    filter: null,
    ...overrides,
  };
}

/** Chains the drafts as the store would. */
function chain(drafts: AuditEventDraft[]): AuditEvent[] {
  let prevHash = GENESIS_HASH;
  return drafts.map((item, index) => {
    const seq = index + 1;
    const hash = chainHash(item, seq, prevHash);
    const event: AuditEvent = { ...item, seq, prevHash, hash };
    prevHash = hash;
    return event;
  });
}

const searchFilter = { lastName: 'a1b2c3', birthDate: { from: '1950-01-01' }, ward: ['3A', '3B'] };

const [maskedRead, search, denied, breakGlass] = chain([
  draft({
    id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
    action: 'READ',
    operationName: 'PatientChart',
    operationHash: 'f'.repeat(64),
    entityType: 'LabResult',
    entityIds: ['lab-1', 'lab-2'],
    patientIds: ['p-1'],
    fields: ['value', 'unit', 'comment'],
    outcome: 'MASKED',
  }),
  draft({
    id: '6fa459ea-ee8a-4ca4-894e-db77e160355e',
    at: '2026-11-26T03:51:00.000Z',
    requestId: 'req-2',
    action: 'SEARCH',
    entityType: 'Patient',
    entityIds: ['p-1', 'p-2'],
    patientIds: ['p-1', 'p-2'],
    fields: ['id', 'lastName'],
    filter: searchFilter,
  }),
  draft({
    id: '9f1c6a0e-3d4b-4f5a-8b7c-2e1d0a9b8c7d',
    at: '2026-11-26T03:52:00.000Z',
    requestId: 'req-3',
    actor: { ...actor, name: null, roles: [], ip: null },
    action: 'READ',
    entityType: 'Patient',
    entityIds: ['p-9'],
    patientIds: ['p-9'],
    outcome: 'DENIED',
  }),
  draft({
    id: 'c0ffee00-1234-4abc-9def-0123456789ab',
    at: '2026-11-26T03:53:00.000Z',
    requestId: 'req-4',
    action: 'BREAK_GLASS',
    entityType: 'Patient',
    entityIds: ['p-7'],
    patientIds: ['p-7'],
    purpose: 'Unconscious patient in the emergency department',
  }),
]);

const samples: Array<[string, AuditEvent]> = [
  ['masked read', maskedRead],
  ['search', search],
  ['denied read', denied],
  ['break-glass', breakGlass],
];

/** Paths of values FHIR JSON may not contain: undefined, null, empty strings, empty arrays or objects. */
function invalidJsonValues(value: unknown, path = '$'): string[] {
  if (value === undefined || value === null) return [path];
  if (typeof value === 'string') return value.trim() === '' ? [path] : [];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((item, index) => invalidJsonValues(item, `${path}[${index}]`));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? [path] : entries.flatMap(([key, item]) => invalidJsonValues(item, `${path}.${key}`));
  }
  return [];
}

function patientReferences(resource: FhirAuditEvent): string[] {
  return (resource.entity ?? []).flatMap((entity) => (entity.what?.reference === undefined ? [] : [entity.what.reference]));
}

function chainEntity(resource: FhirAuditEvent): FhirAuditEventEntity | undefined {
  return resource.entity?.find((entity) => entity.what?.identifier?.system === 'urn:hospital-gateway:audit-record');
}

function detailValue(entity: FhirAuditEventEntity | undefined, type: string): string | undefined {
  return entity?.detail?.find((detail) => detail.type === type)?.valueString;
}

describe('toFhirAuditEvent', () => {
  describe.each(samples)('%s', (_name, event) => {
    const resource = toFhirAuditEvent(event, observer);

    it('is an AuditEvent with the event id and recorded time', () => {
      expect(resource.resourceType).toBe('AuditEvent');
      expect(resource.id).toBe(event.id);
      expect(resource.recorded).toBe(event.at);
    });

    it('has a coded type and subtype', () => {
      expect(resource.type.system).toMatch(/^(http|urn):/);
      expect(resource.type.code).toBeTruthy();
      expect(resource.subtype.length).toBe(1);
      expect(resource.subtype[0]?.code).toBeTruthy();
    });

    it('names the requesting human user as the one agent', () => {
      expect(resource.agent).toHaveLength(1);
      const agent = resource.agent[0];
      expect(agent?.requestor).toBe(true);
      expect(agent?.type.coding).toEqual([
        expect.objectContaining({ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser' }),
      ]);
      expect(agent?.who).toEqual({ identifier: { value: event.actor.id }, display: event.actor.name ?? event.actor.id });
    });

    it('names the gateway as the observing application server', () => {
      expect(resource.source.observer).toEqual({ display: observer.name, identifier: { value: observer.id } });
      expect(resource.source.type).toEqual([
        { system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' },
      ]);
    });

    it('references every patient the event concerns', () => {
      expect(patientReferences(resource)).toEqual(event.patientIds.map((id) => `Patient/${id}`));
      for (const entity of resource.entity ?? []) {
        if (entity.what?.reference === undefined) continue;
        expect(entity.type.code).toBe('1');
        expect(entity.role?.code).toBe('1');
      }
    });

    it('carries the hash chain', () => {
      const entity = chainEntity(resource);
      expect(entity?.what?.identifier?.value).toBe(String(event.seq));
      expect(entity?.type.code).toBe('2');
      expect(detailValue(entity, 'hash')).toBe(event.hash);
      expect(detailValue(entity, 'prevHash')).toBe(event.prevHash);
      expect(detailValue(entity, 'requestId')).toBe(event.requestId);
      expect(detailValue(entity, 'operationName')).toBe(event.operationName ?? undefined);
    });

    it('omits optional elements instead of setting them to undefined', () => {
      expect(JSON.parse(JSON.stringify(resource))).toStrictEqual(resource);
      expect(invalidJsonValues(resource)).toEqual([]);
    });
  });

  it('exports a masked read as a successful RESTful read, saying it was masked', () => {
    const resource = toFhirAuditEvent(maskedRead, observer);
    expect(resource.type).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' });
    expect(resource.subtype).toEqual([expect.objectContaining({ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' })]);
    expect(resource.action).toBe('R');
    expect(resource.outcome).toBe('0');
    expect(resource.outcomeDesc).toContain('MASKED');
    expect(resource.purposeOfEvent).toBeUndefined();
    expect(resource.agent[0]?.role).toEqual([{ text: 'physician' }, { text: 'cardiology-staff' }]);
    expect(resource.agent[0]?.network).toEqual({ address: '10.20.30.40', type: '2' });
  });

  it('lists the read records with the fields read', () => {
    const resource = toFhirAuditEvent(maskedRead, observer);
    const records = (resource.entity ?? []).filter((entity) => entity.what?.identifier?.system === 'urn:hospital-gateway:LabResult');
    expect(records.map((entity) => entity.what?.identifier?.value)).toEqual(['lab-1', 'lab-2']);
    for (const entity of records) {
      expect(entity.type.code).toBe('2');
      expect(entity.detail).toEqual([{ type: 'fields', valueString: 'value,unit,comment' }]);
    }
    expect(detailValue(chainEntity(resource), 'operationHash')).toBe('f'.repeat(64));
  });

  it('exports a search with its filter as a base64 query entity', () => {
    const resource = toFhirAuditEvent(search, observer);
    expect(resource.type.code).toBe('rest');
    expect(resource.subtype[0]).toEqual(expect.objectContaining({ system: 'http://hl7.org/fhir/restful-interaction', code: 'search-type' }));
    expect(resource.action).toBe('R');
    const queries = (resource.entity ?? []).filter((entity) => entity.role?.code === '24');
    expect(queries).toHaveLength(1);
    const query = queries[0]?.query ?? '';
    const decoded = Buffer.from(query, 'base64').toString('utf8');
    expect(decoded).toBe(canonicalJson(searchFilter));
    expect(JSON.parse(decoded)).toEqual(searchFilter);
  });

  it('exports a denied access as a minor failure and omits what the actor lacks', () => {
    const resource = toFhirAuditEvent(denied, observer);
    expect(resource.outcome).toBe('4');
    expect(resource.outcomeDesc).toContain('DENIED');
    const agent = resource.agent[0];
    expect(agent?.who.display).toBe(denied.actor.id);
    expect(agent).not.toHaveProperty('role');
    expect(agent).not.toHaveProperty('network');
    expect(detailValue(chainEntity(resource), 'operationName')).toBeUndefined();
  });

  it('exports a break-glass as a security alert for emergency treatment, keeping the stated purpose', () => {
    const resource = toFhirAuditEvent(breakGlass, observer);
    expect(resource.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113', display: 'Security Alert' });
    expect(resource.subtype).toEqual([{ system: 'urn:hospital-gateway:audit-action', code: 'BREAK_GLASS' }]);
    expect(resource.action).toBe('E');
    expect(resource.outcome).toBe('0');
    expect(resource).not.toHaveProperty('outcomeDesc');
    expect(resource.purposeOfEvent).toEqual([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'ETREAT', display: 'Emergency Treatment' }],
        text: breakGlass.purpose,
      },
    ]);
  });
});

describe('toFhirBundle', () => {
  const events = [maskedRead, search, denied, breakGlass];
  const range = { from: '2026-11-26T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' };

  it('collects one AuditEvent per event, addressed by urn:uuid', () => {
    const bundle = toFhirBundle(events, observer, range);
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Date(bundle.timestamp).toISOString()).toBe(bundle.timestamp);
    expect(bundle).not.toHaveProperty('total');
    expect(bundle.entry?.map((entry) => entry.fullUrl)).toEqual(events.map((event) => `urn:uuid:${event.id}`));
    expect(bundle.entry?.map((entry) => entry.resource)).toEqual(events.map((event) => toFhirAuditEvent(event, observer)));
    expect(bundle.meta?.tag).toEqual([expect.objectContaining({ code: `${range.from}/${range.to}` })]);
  });

  it('omits optional elements instead of setting them to undefined', () => {
    for (const bundle of [toFhirBundle(events, observer, range), toFhirBundle([], observer, range)]) {
      expect(JSON.parse(JSON.stringify(bundle))).toStrictEqual(bundle);
      expect(invalidJsonValues(bundle)).toEqual([]);
    }
  });

  it('leaves out the entry list when there are no events', () => {
    expect(toFhirBundle([], observer, range)).not.toHaveProperty('entry');
  });
});
