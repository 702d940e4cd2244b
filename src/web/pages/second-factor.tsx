import { useState } from 'react';
import { api } from '../api.ts';
import { AuthenticatorSetup } from '../components/authenticator-setup.tsx';
import { TextField } from '../components/field.tsx';
import { ErrorNote } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { useSubmit } from '../use-submit.ts';
import { useSession, useSessionApi } from '../session.tsx';

/** The second step of signing in: enrol an authenticator app, or enter its current code. */
export function SecondFactorPage() {
  const session = useSession();
  const { reload, signOut } = useSessionApi();
  const [code, setCode] = useState('');
  const {
    error,
    busy,
    submit: verify,
  } = useSubmit(async () => {
    await api.verifyCode(code.replace(/\s/g, ''));
    await reload();
  });

  const enrol = session.mfaPending === 'enrol';
  return (
    <section className="card auth-card wide">
      <PageHeading title={enrol ? 'Set up a second factor' : 'Enter your code'} />
      <p className="hint">Signed in as {session.user.email}.</p>
      {enrol ? (
        <>
          <p>Your practice asks staff to confirm each sign-in with a code from an authenticator app, so a stolen password alone cannot open client records.</p>
          <AuthenticatorSetup onDone={() => void reload()} />
        </>
      ) : (
        <form onSubmit={(e) => void verify(e)}>
          <ErrorNote message={error} />
          <TextField
            label="6-digit code"
            hint="Open your authenticator app and type the code it shows for Accord."
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            className="code-field"
          />
          <button type="submit" className="button primary" disabled={busy}>
            Continue
          </button>
        </form>
      )}
      <p>
        <button type="button" className="button link-like" onClick={() => void signOut()}>
          Sign out instead
        </button>
      </p>
    </section>
  );
}
