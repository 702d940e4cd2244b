/**
 * Loads data for a page from the API and keeps it with its loading and error state, so pages
 * stay declarative: `const clients = useResource(() => api.caseload(), [])`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import { messageOf } from './api.ts';

export type Resource<T> = {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): Promise<void>;
};

export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // The loader the data (or error) came from: when the deps change, the data is of the old ones
  // until the new load answers, so the resource says it is loading from the very first render
  // (not only once the effect has run), and a page never shows old rows under new headings.
  const [loadedBy, setLoadedBy] = useState<unknown>(undefined);
  const generation = useRef(0);
  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine === generation.current) {
        setData(value);
        setError(null);
        setLoadedBy(() => run);
      }
    } catch (e) {
      if (mine === generation.current) {
        setError(messageOf(e));
        setLoadedBy(() => run);
      }
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [run]);

  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading: loading || loadedBy !== run, reload };
}
