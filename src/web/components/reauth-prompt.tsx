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
import { useSession } from '../session.tsx';
import { TextField } from './field.tsx';

type Pending = { message: string; hint?: string | undefined; retry(): void; cancel(): void };

/**
 * The state of a form that confirms the signed-in person's password before a change: `submit`
 * re-authenticates with `password` (api.reauth), then runs `then`; `busy` and `error` as useSubmit.
 */
export function usePasswordConfirm(then: () => Promise<void> | void): {
  password: string;
  setPassword(value: string): void;
  /** The authenticator code, asked for when the account has a second factor (the server checks it like sign-in does). */
  code: string;
  setCode(value: string): void;
  error: string | null;
  busy: boolean;
  submit(e: FormEvent): Promise<void>;
} {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { error, busy, submit } = useSubmit(async () => {
    await api.reauth(password, code.trim() || undefined);
    await then();
  });
  return { password, setPassword, code, setCode, error, busy, submit };
}

/** The password field, and the authenticator code's when the signed-in account has a second factor. */
export function ConfirmFields({ state, autoFocus }: { state: ReturnType<typeof usePasswordConfirm>; autoFocus?: boolean }) {
  const { user } = useSession();
  return (
    <>
      <PasswordField label="Your password" required autoFocus={autoFocus} value={state.password} onChange={(e) => state.setPassword(e.target.value)} />
      {user.mfaEnabled ? (
        <TextField
          label="Code from your authenticator app"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          required
          className="short"
          value={state.code}
          onChange={(e) => state.setCode(e.target.value)}
        />
      ) : null}
    </>
  );
}

function ReauthDialog({ pending, onDone }: { pending: Pending; onDone(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  // On success the dialog closes (onDone) and the guarded action runs once more.
  const confirm = usePasswordConfirm(() => {
    onDone();
    pending.retry();
  });
  const { error, busy, submit } = confirm;
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
      <p className="hint">{pending.hint ?? 'This change is recorded in the audit trail, and the therapist concerned is told.'}</p>
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <ConfirmFields state={confirm} autoFocus />
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
export function useReauth(hint?: string): { guard<T>(action: () => Promise<T>): Promise<T>; prompt: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const guard = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'reauth_required') throw e;
        return new Promise<T>((resolve, reject) => {
          setPending({
            message: e.message,
            hint,
            retry: () => {
              action().then(resolve, reject);
            },
            cancel: () => reject(new ApiError(401, 'reauth_cancelled', 'Nothing was changed: the password was not confirmed.')),
          });
        });
      }
    },
    [hint],
  );
  const prompt = pending ? <ReauthDialog pending={pending} onDone={() => setPending(null)} /> : null;
  return { guard, prompt };
}
