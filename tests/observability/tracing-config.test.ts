import { ConfigError, validateConfig } from '../../src/config';
import { parseTraceparent } from '../../src/observability/traceparent';

/** The `tracing` configuration key, the traceparent header, and tracing off costing no SDK. */
describe('tracing configuration', () => {
  const SECRET = 'a-pseudonym-secret-of-thirty-two-bytes-or-more';
  const base = (): Record<string, unknown> => ({
    auth: { issuer: 'https://idp.example/realms/staff', audience: 'hospital-gateway', jwksUrl: 'https://idp.example/certs' },
    permissions: { pseudonymSecret: SECRET },
    audit: { engine: 'postgres', url: 'postgres://gw_audit@audit-db/audit', sealSecret: SECRET },
    sources: {
      his: { kind: 'HIS', engine: 'mssql', url: 'mssql://gw@his-db:1433/his', mapping: 'his.yaml' },
      lis: { kind: 'LIS', engine: 'mysql', url: 'mysql://gw@lis-db/lis', mapping: 'lis.yaml' },
      pacs: { kind: 'PACS', engine: 'postgres', url: 'postgres://gw@pacs-db/pacs', mapping: 'pacs.yaml' },
      finance: { kind: 'FINANCE', engine: 'postgres', url: 'postgres://gw@fin-db/fin', mapping: 'finance.yaml' },
    },
  });
  const problems = (tracing: unknown): string[] => {
    try {
      validateConfig({ ...base(), tracing }, 'test.yaml', '/tmp', {});
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it('is off by default, with the standard local collector as the endpoint', () => {
    const config = validateConfig(base(), 'test.yaml', '/tmp', {});
    expect(config.tracing).toEqual({
      enabled: false,
      serviceName: 'hospital-gateway',
      sampleRatio: 1,
      statementText: false,
      exporter: { otlpUrl: 'http://localhost:4318/v1/traces', headers: {}, timeoutMs: 10_000 },
    });
  });

  it('rejects unknown keys with a suggestion, and bad values naming the key', () => {
    expect(problems({ enabled: true, sampleRate: 0.5 })).toEqual(["config key tracing.sampleRate: unknown key (did you mean 'sampleRatio'?)"]);
    expect(problems({ exporter: { otlpURL: 'http://collector:4318/v1/traces' } })).toEqual(["config key tracing.exporter.otlpURL: unknown key (did you mean 'otlpUrl'?)"]);
    expect(problems({ sampleRatio: 2 })).toEqual([expect.stringMatching(/^config key tracing\.sampleRatio: /)]);
    expect(problems({ exporter: { otlpUrl: 'collector:4318' } })).toEqual([expect.stringMatching(/^config key tracing\.exporter\.otlpUrl: /)]);
    expect(problems({ enabled: true, exporter: { otlpUrl: 'https://collector.intranet:4318/v1/traces', headers: { authorization: 'Bearer x' } } })).toEqual([]);
  });
});

describe('traceparent', () => {
  it('reads a valid header and ignores invalid ones', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future')).toMatchObject({ traceFlags: 0 });
    for (const invalid of [
      undefined,
      '',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', // version 00 has four fields
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01',
    ]) {
      expect(parseTraceparent(invalid)).toBeUndefined();
    }
  });
});

describe('tracing off', () => {
  it('never loads the OpenTelemetry SDK', () => {
    jest.isolateModules(() => {
      for (const name of ['@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/resources']) {
        jest.doMock(name, () => {
          throw new Error(`${name} was loaded`);
        });
      }
      const { openTracing } = require('../../src/observability/tracing') as typeof import('../../src/observability/tracing');
      const config = { enabled: false, serviceName: 'x', sampleRatio: 1, statementText: false, exporter: { otlpUrl: 'http://127.0.0.1:4318/v1/traces', headers: {}, timeoutMs: 1000 } };
      const tracing = openTracing(config, {});
      expect(tracing.startRequest({ headers: {} } as never, '/graphql', 'id').traceId).toBeUndefined();
      // the same modules, tracing on: the mocks are reached (so the test above could fail)
      expect(() => openTracing({ ...config, enabled: true }, {})).toThrow(/was loaded/);
    });
  });
});
