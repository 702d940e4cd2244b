/**
 * A form's submit with its busy and error state, so forms stay declarative:
 * `const { error, busy, submit } = useSubmit(async () => { await api.changePassword(current, next); })`.
 * Buttons outside a form (acknowledge, enable, begin) use `run(task)` for the same state.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { messageOf } from './api.ts';

/**
 * A check the form makes before asking the server: thrown from an action, its message is shown
 * as it is (any other error shows `messageOf`'s wording).
 */
export class FormProblem extends Error {}

export type Submit = {
  error: string | null;
  busy: boolean;
  /** Keeps the browser from sending the form, then runs the action with the event (for its FormData or submitter). */
  submit(e: FormEvent<HTMLFormElement>): Promise<void>;
  /** Runs `task` with the same busy and error state: for a button that acts without a form. */
  run(task: () => unknown): Promise<void>;
  /** Sets or clears the message by hand: a field whose change clears it, a task that must not clear it first. */
  setError(message: string | null): void;
};

/**
 * `busy` is true while a task runs, and if it fails `error` holds the message to show; both are
 * cleared when the next one starts. `busy` is false again when it is over (a form that goes away on
 * success is simply gone by then) — unless `keepBusy`: then a success leaves it true, for a form
 * whose caller takes it away only after more work (a session reload) and whose button must stay
 * disabled until then.
 */
export function useSubmit(
  action: (e: FormEvent<HTMLFormElement>) => Promise<void> | void = () => {},
  { keepBusy = false }: { keepBusy?: boolean } = {},
): Submit {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (task: () => unknown) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      if (!keepBusy) setBusy(false);
    } catch (err) {
      setError(err instanceof FormProblem ? err.message : messageOf(err));
      setBusy(false);
    }
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    return run(() => action(e));
  };
  return { error, busy, submit, run, setError };
}

/** A text field of a submitted form, trimmed ('' when absent, or when the entry is a file). */
export function fieldText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}
