import { randomUUID } from 'node:crypto';
import { canonicalJson, type AuditAction, type AuditActor, type AuditEvent } from './audit-event';

/**
 * Auditors do not read our audit table: they feed a SIEM or hand a regulator a file, and both
 * expect the standard shape. FHIR R4 `AuditEvent`, profiled by IHE BALP (Basic Audit Log
 * Patterns), is what hospital SIEMs and supervisory bodies already ingest, so the export speaks
 * it and nothing gateway-specific: no extensions, only standard elements, gateway-local meaning
 * carried in `urn:hospital-gateway:*` code and identifier systems.
 *
 * The hash chain travels with each record (an extra entity's details) so that a recipient can
 * verify that the export is complete and unaltered without access to the gateway.
 *
 * Pure: no I/O; the only impurities are the bundle's id and timestamp.
 */

// ---------------------------------------------------------------------------------------------
// Minimal FHIR R4 types: only the elements this export writes. Optional elements are omitted,
// never set to undefined, and arrays are never empty (FHIR forbids both).
// ---------------------------------------------------------------------------------------------

export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

export interface FhirIdentifier {
  system?: string;
  value: string;
}

export interface FhirReference {
  reference?: string;
  identifier?: FhirIdentifier;
  display?: string;
}

export interface FhirAuditEventAgent {
  type: FhirCodeableConcept;
  role?: FhirCodeableConcept[];
  who: FhirReference;
  requestor: boolean;
  network?: { address: string; type: '1' | '2' | '3' | '4' | '5' };
}

export interface FhirAuditEventSource {
  observer: FhirReference;
  type: FhirCoding[];
}

export interface FhirAuditEventEntityDetail {
  type: string;
  valueString: string;
}

export interface FhirAuditEventEntity {
  what?: FhirReference;
  type: FhirCoding;
  role?: FhirCoding;
  /** base64Binary */
  query?: string;
  detail?: FhirAuditEventEntityDetail[];
}

/** 0 success, 4 minor failure, 8 serious failure, 12 major failure */
export type FhirAuditEventOutcome = '0' | '4' | '8' | '12';

export interface FhirAuditEvent {
  resourceType: 'AuditEvent';
  id: string;
  type: FhirCoding;
  subtype: FhirCoding[];
  /** C create, R read/view/print, U update, D delete, E execute */
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  /** instant */
  recorded: string;
  outcome: FhirAuditEventOutcome;
  outcomeDesc?: string;
  purposeOfEvent?: FhirCodeableConcept[];
  agent: FhirAuditEventAgent[];
  source: FhirAuditEventSource;
  entity?: FhirAuditEventEntity[];
}

export interface FhirBundleEntry {
  fullUrl: string;
  resource: FhirAuditEvent;
}

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  meta?: { tag: FhirCoding[] };
  type: 'collection';
  /** instant */
  timestamp: string;
  entry?: FhirBundleEntry[];
}

export interface AuditObserver {
  name: string;
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Code systems
// ---------------------------------------------------------------------------------------------

const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const GATEWAY_ACTION = 'urn:hospital-gateway:audit-action';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const SECURITY_ROLE_TYPE = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';
const SECURITY_SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const AUDIT_RECORD = 'urn:hospital-gateway:audit-record';
const EXPORT_RANGE = 'urn:hospital-gateway:audit-export-range';

const REST_TYPE: FhirCoding = { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
const SECURITY_ALERT_TYPE: FhirCoding = { system: DICOM, code: '110113', display: 'Security Alert' };

/** A GraphQL read or search is the gateway's equivalent of a FHIR REST interaction. */
const DATA_ACCESS_ACTIONS: ReadonlySet<AuditAction> = new Set(['READ', 'SEARCH', 'EXPORT']);

/** FHIR action `R` (read/view); everything else, exports included, is `E` (execute). */
const READ_ACTIONS: ReadonlySet<AuditAction> = new Set(['READ', 'SEARCH']);

/**
 * Subtypes of the data-access actions, from the FHIR restful-interaction code system:
 * - READ   → `read`: one or more identified records (BALP "Read" pattern)
 * - SEARCH → `search-type`: a search over one entity type (BALP "Query" pattern)
 * - EXPORT → `operation`: an export is not a plain read but a named operation, as FHIR's own
 *   bulk `$export` is; `batch` would claim a Bundle of independent requests, which it is not.
 * The security actions (GRANT, DENY, …) have no FHIR interaction; they get a gateway-local code.
 */
const REST_SUBTYPES: Partial<Record<AuditAction, string>> = {
  READ: 'read',
  SEARCH: 'search-type',
  EXPORT: 'operation',
};

const HUMAN_USER: FhirCoding = { system: SECURITY_ROLE_TYPE, code: 'humanuser', display: 'human user' };
const APPLICATION_SERVER: FhirCoding = { system: SECURITY_SOURCE_TYPE, code: '4', display: 'Application Server' };
const PERSON: FhirCoding = { system: ENTITY_TYPE, code: '1', display: 'Person' };
const SYSTEM_OBJECT: FhirCoding = { system: ENTITY_TYPE, code: '2', display: 'System Object' };
const PATIENT_ROLE: FhirCoding = { system: OBJECT_ROLE, code: '1', display: 'Patient' };
const QUERY_ROLE: FhirCoding = { system: OBJECT_ROLE, code: '24', display: 'Query' };
const EMERGENCY_TREATMENT: FhirCoding = { system: ACT_REASON, code: 'ETREAT', display: 'Emergency Treatment' };

/** network access point type 2: IP address */
const IP_ADDRESS = '2';

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

export function toFhirAuditEvent(event: AuditEvent, observer: AuditObserver): FhirAuditEvent {
  const purposeOfEvent = purposeOf(event);
  const outcomeDesc = outcomeDescription(event);
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    type: eventType(event.action),
    subtype: [eventSubtype(event.action)],
    action: READ_ACTIONS.has(event.action) ? 'R' : 'E',
    recorded: event.at,
    outcome: event.outcome === 'DENIED' ? '4' : '0',
    ...(outcomeDesc === null ? {} : { outcomeDesc }),
    ...(purposeOfEvent === null ? {} : { purposeOfEvent: [purposeOfEvent] }),
    agent: [requestorAgent(event.actor)],
    source: sourceOf(observer),
    entity: entitiesOf(event),
  };
}

/**
 * The events as one FHIR `collection` Bundle. `range` is the period the caller selected the
 * events by; it is recorded as a meta tag whose code is an ISO 8601 interval (`from/to`), since a
 * Bundle has no period element of its own.
 */
export function toFhirBundle(
  events: AuditEvent[],
  observer: AuditObserver,
  range: { from: string; to: string },
): FhirBundle {
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { tag: [exportRangeTag(range)] },
    type: 'collection',
    timestamp: new Date().toISOString(),
    ...(events.length === 0 ? {} : { entry: events.map((event) => bundleEntry(event, observer)) }),
  };
}

function bundleEntry(event: AuditEvent, observer: AuditObserver): FhirBundleEntry {
  return { fullUrl: `urn:uuid:${event.id}`, resource: toFhirAuditEvent(event, observer) };
}

function exportRangeTag(range: { from: string; to: string }): FhirCoding {
  return {
    system: EXPORT_RANGE,
    code: `${range.from}/${range.to}`,
    display: `Audit events recorded from ${range.from} to ${range.to}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Event elements
// ---------------------------------------------------------------------------------------------

function eventType(action: AuditAction): FhirCoding {
  return DATA_ACCESS_ACTIONS.has(action) ? REST_TYPE : SECURITY_ALERT_TYPE;
}

function eventSubtype(action: AuditAction): FhirCoding {
  const interaction = REST_SUBTYPES[action];
  return interaction === undefined
    ? { system: GATEWAY_ACTION, code: action }
    : { system: RESTFUL_INTERACTION, code: interaction, display: interaction };
}

function outcomeDescription(event: AuditEvent): string | null {
  switch (event.outcome) {
    case 'MASKED':
      return 'MASKED: allowed, some fields withheld';
    case 'DENIED':
      return 'DENIED: access refused';
    case 'ALLOWED':
      return null;
  }
}

/** Break-glass is emergency treatment whatever its stated reason; the reason stays as text. */
function purposeOf(event: AuditEvent): FhirCodeableConcept | null {
  const text = nonEmpty(event.purpose);
  const coding = event.action === 'BREAK_GLASS' ? [EMERGENCY_TREATMENT] : null;
  if (text === null && coding === null) return null;
  return { ...(coding === null ? {} : { coding }), ...(text === null ? {} : { text }) };
}

function requestorAgent(actor: AuditActor): FhirAuditEventAgent {
  const roles = actor.roles.filter((role) => role.length > 0).map((role) => ({ text: role }));
  const ip = nonEmpty(actor.ip);
  return {
    type: { coding: [HUMAN_USER] },
    ...(roles.length === 0 ? {} : { role: roles }),
    who: { identifier: { value: actor.id }, display: nonEmpty(actor.name) ?? actor.id },
    requestor: true,
    ...(ip === null ? {} : { network: { address: ip, type: IP_ADDRESS } }),
  };
}

function sourceOf(observer: AuditObserver): FhirAuditEventSource {
  return {
    observer: { display: observer.name, identifier: { value: observer.id } },
    type: [APPLICATION_SERVER],
  };
}

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

/** Never empty: the chain entity is always there. */
function entitiesOf(event: AuditEvent): FhirAuditEventEntity[] {
  return [
    ...event.patientIds.map(patientEntity),
    ...event.entityIds.map((id) => dataEntity(event.entityType, id, event.fields)),
    ...(event.action === 'SEARCH' ? [queryEntity(event.filter)] : []),
    chainEntity(event),
  ];
}

function patientEntity(patientId: string): FhirAuditEventEntity {
  return { what: { reference: `Patient/${patientId}` }, type: PERSON, role: PATIENT_ROLE };
}

function dataEntity(entityType: string, id: string, fields: string[]): FhirAuditEventEntity {
  const detail = details([['fields', fields.join(',')]]);
  return {
    what: { identifier: { system: `urn:hospital-gateway:${entityType}`, value: id } },
    type: SYSTEM_OBJECT,
    ...(detail.length === 0 ? {} : { detail }),
  };
}

/**
 * The search's filter as recorded (sensitive values already hashed), in the canonical form the
 * chain hash covers; a search without a filter is encoded as JSON `null`.
 */
function queryEntity(filter: Record<string, unknown> | null): FhirAuditEventEntity {
  return {
    type: SYSTEM_OBJECT,
    role: QUERY_ROLE,
    query: Buffer.from(canonicalJson(filter), 'utf8').toString('base64'),
  };
}

/** The record's place in the hash chain, so a recipient can verify completeness and integrity. */
function chainEntity(event: AuditEvent): FhirAuditEventEntity {
  return {
    what: { identifier: { system: AUDIT_RECORD, value: String(event.seq) } },
    type: SYSTEM_OBJECT,
    detail: details([
      ['hash', event.hash],
      ['prevHash', event.prevHash],
      ['requestId', event.requestId],
      ['operationName', event.operationName],
      ['operationHash', event.operationHash],
    ]),
  };
}

/** FHIR strings may not be empty: absent or empty values are left out. */
function details(pairs: Array<[type: string, value: string | null]>): FhirAuditEventEntityDetail[] {
  return pairs.flatMap(([type, value]) => {
    const valueString = nonEmpty(value);
    return valueString === null ? [] : [{ type, valueString }];
  });
}

function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}
