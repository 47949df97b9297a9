import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { SourceQueryError } from '../adapters/source-error';
import { UnmappedFieldError } from '../adapters/mapping/mapped-entity-reader';
import { ErrorCode, sourceUnavailable } from './errors';
import type { Logger } from './logging';
import { currentRequest } from './observability/request-scope';

/**
 * What a client is told about an error. Errors raised on purpose (GraphQLErrors with a code) pass
 * as they are; a source failure becomes SOURCE_UNAVAILABLE naming the source; anything else is an
 * INTERNAL_SERVER_ERROR whose details go to the log only. No stack traces, SQL or driver text.
 */
export function createErrorFormatter(log: Logger, production: boolean) {
  const format = formatter(log, production);
  // the request's id goes on every error, so that a user can quote it (see X-Request-Id)
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    const requestId = currentRequest()?.requestId;
    return requestId ? { ...result, extensions: { ...result.extensions, requestId } } : result;
  };
}

function formatter(log: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const { locations, path } = formatted;
    if (original instanceof SourceQueryError) {
      log.error({ source: original.source, entity: original.entity, path, cause: describe(original.cause).message }, 'source query failed');
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
    log.error({ path, error: describe(original) }, 'unexpected error while resolving');
    return {
      message: production ? 'Internal server error' : `Internal server error: ${(original as Error)?.message ?? original}`,
      locations,
      path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function describe(error: unknown): { name?: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
