import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** one span as OTLP/HTTP JSON carries it (ids in hex) */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status?: { code?: number; message?: string };
  serviceName?: string;
}

/**
 * An OTLP/HTTP collector on loopback: keeps the raw body of every POST to /v1/traces (so that a
 * test can search it for what must never be exported) and the spans it decodes from them.
 */
export interface OtlpReceiver {
  url: string;
  bodies: string[];
  contentTypes: string[];
  spans(): ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        contentTypes.push(String(req.headers['content-type']));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    bodies,
    contentTypes,
    spans: () => bodies.flatMap(decode),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decode(body: string): ReceivedSpan[] {
  const request = JSON.parse(body) as { resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans: any[] }[] }[] };
  return request.resourceSpans.flatMap((resourceSpans) => {
    const serviceName = attributes(resourceSpans.resource?.attributes)['service.name'] as string | undefined;
    return resourceSpans.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind, attributes: attributes(span.attributes), status: span.status, serviceName })),
    );
  });
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number; arrayValue?: { values: OtlpAttribute['value'][] } };
}

function attributes(list: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAttribute['value']): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return value.arrayValue.values.map(valueOf);
  return undefined;
}
