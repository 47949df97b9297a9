import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context';
import { ErrorCode } from '../errors';
import { sendGraphQLError } from '../http/http-response';
import { toFhirBundle } from './fhir-export';
import type { Audit } from './open-audit';

const MAX_EXPORT = 100_000;

/**
 * GET /audit-export?from=…&to=… — the audit records of a time range as a FHIR R4 Bundle of
 * AuditEvent resources, for auditors only. The export is itself recorded (EXPORT) before it is sent.
 */
export async function exportAuditTrail(res: ServerResponse, url: URL, context: GatewayContext, audit: Audit, observer: { name: string; id: string }): Promise<void> {
  if (context.permissions.policy.access('AUDIT') !== 'clear') {
    sendGraphQLError(res, 403, ErrorCode.FORBIDDEN, 'Only auditors may export the audit trail.');
    return;
  }
  const range = { from: url.searchParams.get('from'), to: url.searchParams.get('to') };
  const instants = Object.entries(range).map(([key, value]) => [key, value === null ? null : Date.parse(value)] as const);
  for (const [key, value] of instants) {
    if (value === null || Number.isNaN(value)) {
      sendGraphQLError(res, 400, ErrorCode.BAD_USER_INPUT, `give ${key} as an RFC 3339 date-time, e.g. ?from=2026-11-01T00:00:00%2B08:00&to=2026-11-30T23:59:59%2B08:00`);
      return;
    }
  }
  const from = new Date(instants[0]![1]!).toISOString();
  const to = new Date(instants[1]![1]!).toISOString();
  const events = (await audit.store.search({ from, to }, MAX_EXPORT + 1)).reverse();
  if (events.length > MAX_EXPORT) {
    sendGraphQLError(res, 400, ErrorCode.BAD_USER_INPUT, `the range holds more than ${MAX_EXPORT} records; export a shorter range`);
    return;
  }
  context.audit.action('EXPORT', 'AuditEvent', [], [], 'ALLOWED', `export ${from} – ${to} (${events.length} records)`);
  try {
    await audit.writer.append(context.audit.takeActions());
  } catch {
    sendGraphQLError(res, 503, ErrorCode.AUDIT_UNAVAILABLE, 'The export could not be recorded in the audit trail, so it was not sent. Retry shortly.');
    return;
  }
  const body = JSON.stringify(toFhirBundle(events, observer, { from, to }));
  res.writeHead(200, {
    'Content-Type': 'application/fhir+json; charset=utf-8',
    'Content-Disposition': `attachment; filename="audit-${from.slice(0, 10)}-${to.slice(0, 10)}.fhir.json"`,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

