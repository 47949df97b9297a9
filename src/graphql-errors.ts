import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { SourceQueryError } from '../adapters/source-error';
import { UnmappedFieldError } from '../adapters/mapping/mapped-entity-reader';
import { ErrorCode, sourceUnavailable } from './errors';
import type { Logger } from './logging';

/**
 * What a client is told about an error. Errors raised on purpose (GraphQLErrors with a code) pass
 * as they are; a source failure becomes SOURCE_UNAVAILABLE naming the source; anything else is an
 * INTERNAL_SERVER_ERROR whose details go to the log only (logResolverError, called with the
 * request's logger). No stack traces, SQL or driver text. The request id is stamped afterwards
 * (request-id-plugin.ts): Apollo gives a formatter no request.
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = originalOf(error);
    const { locations, path } = formatted;
    if (original instanceof SourceQueryError) {
      const replacement = sourceUnavailable(original.source);
      return { message: replacement.message, locations, path, extensions: replacement.extensions };
    }
    if (original instanceof UnmappedFieldError) {
      return { message: original.message, locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (original instanceof GraphQLError) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return {
      message: production ? 'Internal server error' : `Internal server error: ${(original as Error)?.message ?? original}`,
      locations,
      path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * The log line for an error the formatter hides from the client: a source's failure (its cause,
 * never the SQL) or an unexpected error (with its stack). Errors raised on purpose log nothing.
 */
export function logResolverError(log: Logger, error: unknown): void {
  const original = originalOf(error);
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof SourceQueryError) {
    log.error({ source: original.source, entity: original.entity, path, cause: describe(original.cause).message }, 'source query failed');
    return;
  }
  if (original instanceof UnmappedFieldError || original instanceof GraphQLError) return;
  log.error({ path, error: describe(original) }, 'unexpected error while resolving');
}

function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError ? (error.originalError ?? error) : error;
}

function describe(error: unknown): { name?: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
