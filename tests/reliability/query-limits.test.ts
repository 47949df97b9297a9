import { performance } from 'node:perf_hooks';
import { parse, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import * as armorMaxDepth from '@escape.tech/graphql-armor-max-depth';
import { buildSchema } from '../../src/schema';
import {
  DEFAULT_QUERY_LIMITS,
  checkQueryLimits,
  checkTokens,
  DocumentLimitChecker,
  limitsFor,
  type QueryLimits,
} from '../../src/reliability/query-limits';

/**
 * Hostile documents against the real schema: each must be refused before execution, quickly, with
 * QUERY_TOO_COMPLEX naming the limit that was exceeded and by how much.
 */

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema();
});

const measured: string[] = [];
afterAll(() => {
  // Printed rather than asserted tightly: CI machines vary, the bounds below are only sanity checks.
  console.log(`query-limits timings:\n  ${measured.join('\n  ')}`);
});

/** Runs `run` cold (the case that must stay fast) and once more warm, recording both. */
function timed<T>(label: string, run: () => T): T {
  let started = performance.now();
  const result = run();
  const cold = performance.now() - started;
  started = performance.now();
  run();
  const warm = performance.now() - started;
  measured.push(`${label}: ${cold.toFixed(2)} ms cold, ${warm.toFixed(2)} ms warm`);
  expect(cold).toBeLessThan(1000);
  return result;
}

function check(label: string, query: string, limits: QueryLimits = DEFAULT_QUERY_LIMITS): GraphQLError[] {
  return timed(label, () => checkQueryLimits(schema, parse(query), limits));
}

function expectOnly(errors: GraphQLError[], limit: keyof QueryLimits): GraphQLError {
  expect(errors.map((error) => error.extensions['limit'])).toEqual([limit]);
  const [error] = errors as [GraphQLError];
  expect(error.extensions['code']).toBe('QUERY_TOO_COMPLEX');
  expect(error.extensions['maximum']).toBe(DEFAULT_QUERY_LIMITS[limit]);
  // Nothing of graphql-armor's own wording or the validator's internals reaches the client.
  expect(error.message).not.toMatch(/Syntax Error|exceeded|found|armor|Validation/i);
  expect(error.message).toMatch(/for your role/);
  return error;
}

/** departments → encounters → edges → node → patient → encounters → department → … `levels` relations deep, then a scalar. */
function depthBomb(levels: number): string {
  const next: Record<string, [field: string, type: string]> = {
    Department: ['encounters', 'EncounterConnection'],
    EncounterConnection: ['edges', 'EncounterEdge'],
    EncounterEdge: ['node', 'Encounter'],
    Encounter: ['patient', 'Patient'],
    Patient: ['encounters', 'PatientEncounter'],
    PatientEncounter: ['department', 'Department'],
  };
  const leaf: Record<string, string> = {
    Department: 'code',
    EncounterConnection: 'totalCount',
    EncounterEdge: 'cursor',
    Encounter: 'id',
    Patient: 'gender',
    PatientEncounter: 'id',
  };
  let type = 'Department';
  const fields = ['departments'];
  while (fields.length < levels) {
    const [field, target] = next[type]!;
    fields.push(field);
    type = target;
  }
  return `{ ${fields.join(' { ')} { ${leaf[type]} }${' }'.repeat(fields.length)}`;
}

describe('hostile documents are refused precisely', () => {
  test('a depth bomb: relations 20 deep', () => {
    const query = depthBomb(20);
    // A legal query by the standard rules: only the depth limit stands in its way.
    expect(validate(schema, parse(query))).toEqual([]);
    const error = expectOnly(check('depth bomb (20 relations)', query), 'depth');
    // 20 relation levels plus the scalar selected at the bottom.
    expect(error.extensions['actual']).toBe(21);
    expect(error.message).toBe('The query is 21 levels deep; at most 12 are allowed for your role (9 over).');
  });

  test('an alias bomb: 200 aliases of me { id }', () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `m${i}: me { id }`).join(' ');
    const error = expectOnly(check('alias bomb (200)', `{ ${aliases} }`), 'aliases');
    expect(error.extensions['actual']).toBe(200);
    expect(error.message).toBe('The query uses 200 aliases; at most 30 are allowed for your role (170 over).');
  });

  test('a directive bomb: @include(if: true) 100 times on one field', () => {
    const query = `{ me { id ${'@include(if: true) '.repeat(100)} } }`;
    const error = expectOnly(check('directive bomb (100)', query), 'directives');
    expect(error.extensions['actual']).toBe(100);
    expect(error.message).toBe('The query uses 100 directives; at most 20 are allowed for your role (80 over).');
  });

  test('a huge list cost: 10,000 encounters with lab results, under several aliases', () => {
    const branch = (alias: string) =>
      `${alias}: departments { encounters(first: 10000) { edges { node { labOrders { results { id value } } } } } }`;
    const query = `{ ${['a', 'b', 'c', 'd', 'e'].map(branch).join(' ')} }`;
    expect(validate(schema, parse(query))).toEqual([]);
    const error = expectOnly(check('list cost (5 × first: 10000)', query), 'cost');
    const actual = error.extensions['actual'] as number;
    expect(actual).toBeGreaterThan(DEFAULT_QUERY_LIMITS.cost);
    expect(error.message).toBe(
      `The query's estimated cost is ${actual.toLocaleString('en-US')}; at most 250,000 is allowed for your role. ` +
        'Request smaller pages (first) or fewer nested lists.',
    );
    measured.push(`list cost: estimated ${actual} against a maximum of ${DEFAULT_QUERY_LIMITS.cost}`);
  });

  test('several limits exceeded at once are all named, once each', () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `m${i}: me { id @skip(if: false) }`).join(' ');
    const errors = check('aliases + directives', `{ ${aliases} }`);
    expect(errors.map((error) => [error.extensions['limit'], error.extensions['actual']])).toEqual([
      ['aliases', 40],
      ['directives', 40],
    ]);
  });

  test('an oversized document: 20,000 tokens are refused by checkTokens before any full parse', () => {
    // `{ me {` + 19,995 × `id` + `} }` = 20,000 tokens.
    const query = `{ me { ${'id '.repeat(19995)}} }`;
    const error = timed('checkTokens (20,000 tokens)', () => checkTokens(query, DEFAULT_QUERY_LIMITS.tokens));
    expect(error).not.toBeNull();
    expect(error!.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: 5000, actual: 20000 });
    expect(error!.message).toBe('The query has 20,000 tokens; at most 5,000 are allowed for your role (15,000 over).');
  });

  test('checkTokens: within the limit, at the limit, comments, and text far beyond the count', () => {
    // `{ me { id } }` is 6 tokens.
    expect(checkTokens('{ me { id } }', 6)).toBeNull();
    expect(checkTokens('{ me { id } }', 5)?.extensions['actual']).toBe(6);
    // Comments are not tokens, as for graphql's own limit.
    expect(checkTokens(`# ${'x'.repeat(1000)}\n{ me { id } }\n# trailing`, 6)).toBeNull();
    // A syntax error within the limit is the parser's to report, with its location.
    expect(checkTokens('{ me { id }', 100)).toBeNull();
    // Beyond ten times the limit the count stops: the client learns a lower bound, not the exact number.
    const huge = timed('checkTokens (200,000 tokens, max 1,000)', () => checkTokens(`{ ${'id '.repeat(200_000)}}`, 1000));
    expect(huge?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: 1000 });
    expect(huge?.message).toBe('The query has at least 10,001 tokens; at most 1,000 are allowed for your role.');
  });

  test('fragment cycles: graphql validation refuses them, and the limit check returns', () => {
    const query = `
      query Cycle { departments { ...A } }
      fragment A on Department { code ...B }
      fragment B on Department { name ...A }`;
    const document = parse(query);
    const standard = validate(schema, document).map((error) => error.message);
    expect(standard).toEqual(expect.arrayContaining([expect.stringMatching(/Cannot spread fragment "A" within itself via "B"/)]));
    // Whatever it finds, it must come back rather than recurse for ever.
    const errors = timed('fragment cycle', () => checkQueryLimits(schema, document, DEFAULT_QUERY_LIMITS));
    expect(Array.isArray(errors)).toBe(true);
    measured.push(`fragment cycle: checkQueryLimits returned ${errors.length} error(s)`);
  });
});

describe('ordinary queries pass', () => {
  test('a dashboard query', () => {
    const query = `query Dashboard {
      me { id name roles }
      departments {
        code name kind beds staffCount
        encounters(first: 5) {
          totalCount
          edges { node { id kind admittedAt dischargedAt patient { name gender } } }
        }
      }
    }`;
    expect(validate(schema, parse(query))).toEqual([]);
    expect(check('dashboard', query)).toEqual([]);
    expect(checkTokens(query, DEFAULT_QUERY_LIMITS.tokens)).toBeNull();
  });

  test('introspection is not counted towards depth', () => {
    const query = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`;
    expect(checkQueryLimits(schema, parse(query), { ...DEFAULT_QUERY_LIMITS, depth: 3 })).toEqual([]);
  });

  test('rule sets are built once per distinct limits', () => {
    const spy = jest.spyOn(armorMaxDepth, 'maxDepthRule');
    try {
      const limits = { ...DEFAULT_QUERY_LIMITS, depth: 7 };
      const document = parse('{ me { id } }');
      checkQueryLimits(schema, document, limits);
      checkQueryLimits(schema, document, { ...limits });
      checkQueryLimits(schema, document, { tokens: 5000, cost: 250_000, directives: 20, aliases: 30, depth: 7 });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('limitsFor', () => {
  const perRole: Record<string, Partial<QueryLimits>> = {
    analyst: { depth: 15, cost: 400000 },
    finance: { depth: 10, aliases: 50 },
    kiosk: { depth: 5, cost: 1000 },
  };

  test('a viewer gets the most generous of its roles', () => {
    expect(limitsFor(['analyst', 'finance'], perRole)).toEqual({
      depth: 15,
      aliases: 50,
      directives: 20,
      cost: 400000,
      tokens: 5000,
    });
  });

  test('unknown roles, and no roles, get the defaults', () => {
    expect(limitsFor(['visitor'], perRole)).toEqual(DEFAULT_QUERY_LIMITS);
    expect(limitsFor([], perRole)).toEqual(DEFAULT_QUERY_LIMITS);
    // Role names are data, not keys into Object.prototype.
    expect(limitsFor(['constructor', '__proto__', 'toString'], perRole)).toEqual(DEFAULT_QUERY_LIMITS);
  });

  test('a restricted role lowers limits only when it is the viewer’s only role', () => {
    expect(limitsFor(['kiosk'], perRole)).toEqual({ ...DEFAULT_QUERY_LIMITS, depth: 5, cost: 1000 });
    expect(limitsFor(['kiosk', 'nurse'], perRole)).toEqual(DEFAULT_QUERY_LIMITS);
  });

  test('defaults can be supplied', () => {
    const defaults: QueryLimits = { depth: 3, aliases: 3, directives: 3, cost: 3, tokens: 3 };
    expect(limitsFor(['analyst'], perRole, defaults)).toEqual({ depth: 15, aliases: 3, directives: 3, cost: 400000, tokens: 3 });
  });
});

describe('the document check before Apollo parses', () => {
  const checker = () => new DocumentLimitChecker(schema);
  const tokens = (n: number) => `{ ${'departments { code } '.repeat(n)}}`;

  test('remembers each (text, limits) verdict, the token count included: a repeated text is not lexed again', () => {
    const check = checker();
    const tight = { ...DEFAULT_QUERY_LIMITS, tokens: 20 };
    const refused = check.check(tokens(10), tight);
    expect(refused?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maximum: 20 });
    // the same error object: the verdict came from memory, not from a second count
    expect(check.check(tokens(10), { ...tight })).toBe(refused);
    // other limits are another verdict
    expect(check.check(tokens(10), DEFAULT_QUERY_LIMITS)).toBeNull();
    expect(check.check(tokens(10), { ...tight, tokens: 21 })).not.toBe(refused);
  });

  test('a text past the remembered length is checked every time', () => {
    const check = checker();
    const long = tokens(1300);
    expect(long.length).toBeGreaterThan(20_000);
    const first = check.check(long, DEFAULT_QUERY_LIMITS);
    expect(first?.extensions).toMatchObject({ limit: 'tokens' });
    expect(check.check(long, DEFAULT_QUERY_LIMITS)).not.toBe(first);
    expect(check.check(long, DEFAULT_QUERY_LIMITS)?.message).toBe(first?.message);
  });
});
