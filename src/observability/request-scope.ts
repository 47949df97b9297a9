import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../logging';

/**
 * What the code running for one HTTP request can find without it being passed down: the request's
 * id and its logger (bound to the request id, and to the trace id when tracing is on).
 */
export interface RequestScope {
  requestId: string;
  log: Logger;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * The gateway's logger as the code of a request sees it: inside a request, every call goes to
 * that request's child logger, so that a line logged anywhere — the error formatter, a plugin,
 * Apollo itself — carries the request id without each call site having to pass it; outside a
 * request (start, shutdown), to the root logger.
 */
export function requestScopedLogger(root: Logger): Logger {
  return new Proxy(root, {
    get(target, property) {
      const logger = storage.getStore()?.log ?? target;
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
  });
}
