import type { Translator } from './i18n';
import { GatewayError, type GraphQLErrorBody } from './persisted-client';

/** A failure in the user's language; the gateway's own (English) message is kept as the detail. */
export function describeError(error: unknown, t: Translator['t']): string {
  if (!(error instanceof GatewayError)) return t('error.generic', { detail: String((error as Error)?.message ?? error) });
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return t('error.unauthenticated');
    case 'FORBIDDEN':
      return t('error.forbidden', { detail: error.message });
    case 'RATE_LIMITED':
      return t('error.rateLimited');
    case 'NETWORK':
      return t('error.network');
    default:
      return t('error.generic', { detail: error.message });
  }
}

/** errors served beside partial data, e.g. a source that is down, as one line */
export function describePartialErrors(errors: GraphQLErrorBody[], t: Translator['t']): string | null {
  if (errors.length === 0) return null;
  const detail = [...new Set(errors.map((e) => e.extensions?.source ?? e.extensions?.code ?? e.message))].join(', ');
  return t('error.unavailable', { detail });
}
