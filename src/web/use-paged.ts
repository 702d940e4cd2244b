/**
 * A paged list for a page (the admin's client list, the staff list): the first page loads when the
 * deps change (a new search), `loadMore` appends the next page by its cursor, `reload` starts
 * again from the first page. An answer for deps that have changed meanwhile is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DependencyList } from 'react';
import { messageOf } from './api.ts';
import type { Page } from './api.ts';

export type Paged<T> = {
  items: T[] | undefined;
  /** There is a page after the ones loaded. */
  more: boolean;
  error: string | null;
  loading: boolean;
  loadMore(): Promise<void>;
  reload(): Promise<void>;
};

export function usePaged<T>(load: (after: string | undefined) => Promise<Page<T>>, deps: DependencyList): Paged<T> {
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(load, deps);

  const fetchPage = useCallback(
    async (after: string | undefined, append: boolean) => {
      const mine = append ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const page = await run(after);
        if (mine !== generation.current) return;
        setItems((old) => (append ? [...(old ?? []), ...page.items] : page.items));
        setNext(page.next);
        setError(null);
      } catch (e) {
        if (mine === generation.current) setError(messageOf(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [run],
  );

  useEffect(() => {
    void fetchPage(undefined, false);
  }, [fetchPage]);

  return {
    items,
    more: next !== null,
    error,
    loading,
    loadMore: () => (next ? fetchPage(next, true) : Promise.resolve()),
    reload: () => fetchPage(undefined, false),
  };
}

/** `value`, once it has stayed the same for `ms` (a search box asks the server when typing pauses). */
export function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
