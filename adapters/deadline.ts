/**
 * A promise that rejects with `onTimeout()` when `promise` has not settled within `ms`; the
 * timer is cleared either way. Shared by the source engines, readiness checks and audit commits.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
