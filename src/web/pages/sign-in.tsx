import { useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/field.tsx';
import { ErrorNote, InfoNote } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { useSessionApi } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { useSubmit } from '../use-submit.ts';

export function SignInPage({ notice }: { notice?: string | undefined }) {
  const { signedIn } = useSessionApi();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const setup = useResource(() => api.setupStatus(), []);
  // Signed in, the page goes away: the button stays disabled till then.
  const { error, busy, submit } = useSubmit(
    async () => {
      signedIn(await api.signIn(email, password));
    },
    { keepBusy: true },
  );

  return (
    <section className="card auth-card" aria-labelledby="sign-in-title">
      <PageHeading title="Sign in" />
      {notice ? <InfoNote>{notice}</InfoNote> : null}
      {setup.data?.needed ? (
        <InfoNote>
          <strong>Accord is not set up yet.</strong> Open the one-time set-up link that Accord printed when it started (it looks like <code>/setup/…</code>), or
          run <code>accord init</code> on the server.
        </InfoNote>
      ) : null}
      <ErrorNote message={error} />
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        <TextField label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <PasswordField label="Password" name="password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="hint">New here? Accord accounts are made from an invitation link sent by your practice.</p>
    </section>
  );
}
