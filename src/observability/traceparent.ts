/**
 * The W3C Trace Context `traceparent` header (https://www.w3.org/TR/trace-context/#traceparent-header):
 * `version-traceid-parentid-flags`, lower-case hex. Parsed here rather than through a propagator
 * registered on the OpenTelemetry API's globals, so that the gateway never touches process-wide
 * state (several gateways in one process, or a host application with its own provider, each keep
 * theirs). An invalid header is ignored: the request starts a new trace.
 */
export interface RemoteParent {
  traceId: string;
  spanId: string;
  /** bit 0: the caller recorded (sampled) its span */
  traceFlags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export function parseTraceparent(header: string | string[] | undefined): RemoteParent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  // version ff is forbidden; version 00 has exactly four fields (later versions may append more)
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}
