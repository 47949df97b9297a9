import { MssqlQueryCompiler } from 'kysely';

/**
 * T-SQL with bracketed identifiers. Kysely quotes with double quotes, which SQL Server reads as
 * identifiers only while QUOTED_IDENTIFIER is ON; vendor databases and linked views do not
 * always guarantee that, brackets always work.
 */
export class TsqlQueryCompiler extends MssqlQueryCompiler {
  protected override getLeftIdentifierWrapper(): string {
    return '[';
  }

  protected override getRightIdentifierWrapper(): string {
    return ']';
  }

  protected override sanitizeIdentifier(identifier: string): string {
    return identifier.replace(/]/g, ']]');
  }
}
