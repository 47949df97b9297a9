import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';
import { applyFieldGuards } from './permissions/field-guards';
import { PROJECT_ROOT } from './paths';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL files, one per domain, in a stable order. */
export function loadTypeDefs(dir = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

/** The executable schema; every field a role may be denied or see masked is guarded (field-guards.ts). */
export function buildSchema(): GraphQLSchema {
  return applyFieldGuards(buildUnguardedSchema());
}

export function buildUnguardedSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
}
