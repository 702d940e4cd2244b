/**
 * The password prompt for changes that need a recent re-authentication. When the server answers
 * `reauth_required` (for example the admin giving itself access to a therapist's clients), the
 * guarded action waits while a modal dialog asks for the password, then runs once more.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { api, ApiError } from '../api.ts';
import { ErrorNote } from './notice.tsx';
import { PasswordField } from './password-field.tsx';
import { useSubmit } from '../use-submit.ts';

type Pending = { message: string; retry(): void; cancel(): void };

/**
 * The state of a form that confirms the signed-in person's password before a change: `submit`
 * re-authenticates with `password` (api.reauth), then runs `then`; `busy` and `error` as useSubmit.
 */
export function usePasswordConfirm(then: () => Promise<void> | void): {
  password: string;
  setPassword(value: string): void;
  error: string | null;
  busy: boolean;
  submit(e: FormEvent): Promise<void>;
} {
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await api.reauth(password);
    await then();
  });
  return { password, setPassword, error, busy, submit };
}

function ReauthDialog({ pending, onDone }: { pending: Pending; onDone(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  // On success the dialog closes (onDone) and the guarded action runs once more.
  const { password, setPassword, error, busy, submit } = usePasswordConfirm(() => {
    onDone();
    pending.retry();
  });
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  const cancel = () => {
    onDone();
    pending.cancel();
  };
  return (
    <dialog
      ref={ref}
      className="card reauth-dialog"
      aria-labelledby="reauth-title"
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      <h2 id="reauth-title">Confirm it is you</h2>
      <p>{pending.message}</p>
      <p className="hint">This change is recorded in the audit trail, and the therapist concerned is told.</p>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <PasswordField label="Your password" required autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        <div className="button-row">
          <button type="submit" className="button primary" disabled={busy}>
            Confirm and continue
          </button>
          <button type="button" className="button secondary" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * `guard(action)` runs the action; if the server asks for a re-authentication it shows the
 * password dialog (`prompt`, to be rendered by the caller) and runs the action again once the
 * password is confirmed. Cancelling rejects with code `reauth_cancelled`: nothing was changed.
 */
export function useReauth(): { guard<T>(action: () => Promise<T>): Promise<T>; prompt: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const guard = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'reauth_required') throw e;
      return new Promise<T>((resolve, reject) => {
        setPending({
          message: e.message,
          retry: () => {
            action().then(resolve, reject);
          },
          cancel: () => reject(new ApiError(401, 'reauth_cancelled', 'Nothing was changed: the password was not confirmed.')),
        });
      });
    }
  }, []);
  const prompt = pending ? <ReauthDialog pending={pending} onDone={() => setPending(null)} /> : null;
  return { guard, prompt };
}
