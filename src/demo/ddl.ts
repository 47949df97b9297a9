import type { ColumnType, TableDef, VendorSchema } from './vendor-schemas';

/** The engines a demo can be written to; PGlite takes the PostgreSQL dialect. */
export type DdlDialect = 'postgres' | 'mysql' | 'mssql';

export function quoteIdentifier(dialect: DdlDialect, identifier: string): string {
  switch (dialect) {
    case 'postgres':
      return `"${identifier.replace(/"/g, '""')}"`;
    case 'mysql':
      return `\`${identifier.replace(/`/g, '``')}\``;
    case 'mssql':
      return `[${identifier.replace(/]/g, ']]')}]`;
  }
}

function columnType(dialect: DdlDialect, type: ColumnType): string {
  switch (type.kind) {
    case 'varchar':
      return `varchar(${type.length})`;
    case 'nvarchar':
      return dialect === 'mssql' ? `nvarchar(${type.length})` : `varchar(${type.length})`;
    case 'text':
      return dialect === 'mssql' ? 'nvarchar(max)' : 'text';
    case 'int':
      return 'int';
    case 'decimal':
      return `decimal(${type.precision}, ${type.scale})`;
    case 'date':
      return 'date';
    case 'datetime':
      return { postgres: 'timestamp(0)', mysql: 'datetime', mssql: 'datetime2(0)' }[dialect];
  }
}

/** Statements that (re)create one vendor schema's namespace, empty. */
export function resetNamespace(dialect: DdlDialect, schema: VendorSchema, namespace: string): string[] {
  const q = (id: string) => quoteIdentifier(dialect, id);
  switch (dialect) {
    case 'postgres':
      return [`DROP SCHEMA IF EXISTS ${q(namespace)} CASCADE`, `CREATE SCHEMA ${q(namespace)}`];
    case 'mysql':
      return [`DROP DATABASE IF EXISTS ${q(namespace)}`, `CREATE DATABASE ${q(namespace)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`];
    case 'mssql':
      return [
        ...schema.views.map((view) => `DROP VIEW IF EXISTS ${q(namespace)}.${q(view.name)}`),
        ...schema.tables.map((table) => `DROP TABLE IF EXISTS ${q(namespace)}.${q(table.name)}`),
        `IF SCHEMA_ID(N'${namespace.replace(/'/g, "''")}') IS NULL EXEC(N'CREATE SCHEMA ${q(namespace).replace(/'/g, "''")}')`,
      ];
  }
}

export function createTable(dialect: DdlDialect, namespace: string, table: TableDef): string {
  const q = (id: string) => quoteIdentifier(dialect, id);
  const columns = table.columns.map((column) => `  ${q(column.name)} ${columnType(dialect, column.type)}${column.nullable ? ' NULL' : ' NOT NULL'}`);
  columns.push(`  PRIMARY KEY (${q(table.primaryKey)})`);
  return `CREATE TABLE ${q(namespace)}.${q(table.name)} (\n${columns.join(',\n')}\n)`;
}

/** Secondary indexes, created after the bulk load (faster than maintaining them row by row). */
export function createIndexes(dialect: DdlDialect, namespace: string, table: TableDef): string[] {
  const q = (id: string) => quoteIdentifier(dialect, id);
  return table.indexes.map((columns) => {
    const name = `ix_${table.name}_${columns.join('_')}`.toLowerCase();
    return `CREATE INDEX ${q(name)} ON ${q(namespace)}.${q(table.name)} (${columns.map(q).join(', ')})`;
  });
}

export function createViews(dialect: DdlDialect, namespace: string, schema: VendorSchema): string[] {
  const q = (id: string) => quoteIdentifier(dialect, id);
  return schema.views.map((view) => `CREATE VIEW ${q(namespace)}.${q(view.name)} AS ${view.sql(q, (name) => `${q(namespace)}.${q(name)}`)}`);
}
