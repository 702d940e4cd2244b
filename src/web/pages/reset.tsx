import { useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';

/**
 * A reset link an admin made: a password link sets a new password; a second-factor link removes
 * the authenticator once the person confirms their current password. Either way they then sign in.
 */
export function ResetPage({ token }: { token: string }) {
  const info = useResource(() => api.inspectReset(token), [token]);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<'password' | 'second_factor' | null>(null);
  const kind = info.data?.kind;
  const { error, busy, submit } = useSubmit(async () => {
    const r = await api.completeReset(token, kind === 'password' ? { newPassword: password } : { password });
    setDone(r.kind);
  });
  if (done)
    return (
      <section className="card auth-card">
        <PageHeading title={done === 'password' ? 'Your password is changed' : 'Your authenticator is removed'} />
        <p>
          {done === 'password'
            ? 'Sign in with your new password. If you have an authenticator app, Accord still asks for its code.'
            : 'Sign in with your password. If your practice requires a second factor, you will set up a new authenticator app straight away.'}
        </p>
        <Link className="button primary" to="/sign-in">
          Go to sign in
        </Link>
      </section>
    );
  return (
    <section className="card auth-card">
      <PageHeading title={kind === 'second_factor' ? 'Reset your second factor' : 'Choose a new password'} />
      <ErrorNote message={info.error ?? error} />
      {!info.data && !info.error ? <Loading /> : null}
      {info.data ? (
        <form onSubmit={(e) => void submit(e)}>
          <p>
            For {info.data.email} at {info.data.practiceName}. This link works once.
          </p>
          {kind === 'password' ? (
            <PasswordField label="New password" isNew required value={password} onChange={(e) => setPassword(e.target.value)} />
          ) : (
            <>
              <p>To remove the authenticator app from your account, confirm your current password.</p>
              <PasswordField label="Your current password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {kind === 'password' ? 'Set new password' : 'Remove my authenticator'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
