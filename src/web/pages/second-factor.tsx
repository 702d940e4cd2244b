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

  const [recovering, setRecovering] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const recovery = useSubmit(async () => {
    await api.useRecoveryCode(recoveryCode);
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
      ) : recovering ? (
        <form key="recovery" onSubmit={(e) => void recovery.submit(e)}>
          <ErrorNote message={recovery.error} />
          <TextField
            label="Recovery code"
            hint="One of the codes you kept when you set up your authenticator app. Each works once."
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            pattern="[A-Za-z0-9 \-]*"
            maxLength={40}
            required
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button primary" disabled={recovery.busy}>
              Sign in with recovery code
            </button>
            <button type="button" className="button secondary" onClick={() => setRecovering(false)}>
              Use the app instead
            </button>
          </div>
          <p className="hint">No codes either? Ask your practice’s administrator for a reset link.</p>
        </form>
      ) : (
        <form key="code" onSubmit={(e) => void verify(e)}>
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
          <p>
            <button type="button" className="button link-like" onClick={() => setRecovering(true)}>
              Lost your phone? Use a recovery code
            </button>
          </p>
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
