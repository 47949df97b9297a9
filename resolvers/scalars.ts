import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from '../src/errors';
import { isValidDate } from '../src/period';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[zZ]|[+-]\d{2}:\d{2})$/;

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) throw badUserInput(`${JSON.stringify(value)} is not a date; write YYYY-MM-DD, e.g. "2026-03-01".`);
  return value;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value)) || !isValidDate(value.slice(0, 10))) {
    throw badUserInput(`${JSON.stringify(value)} is not a date-time; write RFC 3339 with an offset, e.g. "2026-03-01T08:00:00+08:00".`);
  }
  return value;
}

// Values leave the adapters already formatted; serializing them is a pass-through.
const passThrough = (value: unknown) => value;

export const scalarResolvers = {
  Date: new GraphQLScalarType({
    name: 'Date',
    serialize: passThrough,
    parseValue: parseDate,
    parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    serialize: passThrough,
    parseValue: parseDateTime,
    parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
};
