/**
 * A form's submit with its busy and error state, so forms stay declarative:
 * `const { error, busy, submit } = useSubmit(async () => { await api.changePassword(current, next); })`.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { messageOf } from './api.ts';

/**
 * `submit` keeps the browser from sending the form, then runs `action`: `busy` is true while it
 * runs, and if it fails `error` holds the message to show. `busy` is false again when it is over
 * (a form that goes away on success is simply gone by then).
 */
export function useSubmit(action: () => Promise<void> | void): { error: string | null; busy: boolean; submit(e: FormEvent): Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
