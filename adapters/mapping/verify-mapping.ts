import { sql } from 'kysely';
import type { SqlEngine } from '../sql/sql-engine';
import type { EntityMapping, SourceMapping } from './source-mapping';
import { MappingError, type MappingProblem } from './mapping-error';

/**
 * Checks a mapping against the live source: every mapped table or view and column must exist.
 * One statement per entity (WHERE 1 = 0, nothing is read); when one fails, each column is tried
 * alone so that the message names the one that is wrong.
 */
export async function verifyMappingAgainstSource(engine: SqlEngine, mapping: SourceMapping, schema: string | undefined, source: string): Promise<void> {
  const problems: MappingProblem[] = [];
  const probe = async (entity: EntityMapping, columns: string[]) => {
    const namespace = entity.schema ?? schema;
    const builder = namespace ? engine.dialect.builder.withSchema(namespace) : engine.dialect.builder;
    const from = builder.selectFrom(`${entity.table} as t`).where(sql<boolean>`1 = 0`);
    const query = columns.length ? from.select(columns.map((column) => `t.${column}`)) : from.select(sql<number>`1`.as('one'));
    await engine.execute(query.compile(), { source });
  };
  for (const entity of mapping.entities.values()) {
    const columns = [...new Set([entity.keyColumn, ...[...entity.fields.values()].map((field) => field.column), ...entity.where.map((w) => w.column)])];
    try {
      await probe(entity, columns);
    } catch {
      try {
        await probe(entity, []);
      } catch (error) {
        problems.push({ file: mapping.file, entity: entity.entity, key: 'table', message: `source '${source}' has no readable table or view '${entity.table}'${schema ? ` in '${schema}'` : ''} (${firstLine(error)})` });
        continue;
      }
      for (const column of columns) {
        try {
          await probe(entity, [column]);
        } catch (error) {
          problems.push({ file: mapping.file, entity: entity.entity, key: 'fields', message: `column '${column}' does not exist in '${entity.table}' at source '${source}' (${firstLine(error)})` });
        }
      }
    }
  }
  if (problems.length) throw new MappingError(problems);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 200);
}
