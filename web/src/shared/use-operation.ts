import { useEffect, useState } from 'react';
import type { GraphQLErrorBody } from './persisted-client';

export interface Loaded<T> {
  data: T | null;
  /** errors beside the data (a withheld field, a source down) */
  partial: GraphQLErrorBody[];
  error: unknown;
  loading: boolean;
}

/**
 * Runs a loader whenever its inputs change and keeps the latest answer only: a slow answer for
 * last month must not overwrite the one for this month that arrived first.
 */
export function useOperation<T>(load: () => Promise<{ data: T; errors: GraphQLErrorBody[] }>, inputs: unknown[]): Loaded<T> & { reload(): void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, partial: [], error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load().then(
      (result) => current && setState({ data: result.data, partial: result.errors, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, partial: [], error, loading: false }),
    );
    return () => {
      current = false;
    };
    // the loader is a fresh closure on every render; its inputs decide when to run it
  }, [...inputs, generation]);
  return { ...state, reload: () => setGeneration((n) => n + 1) };
}
