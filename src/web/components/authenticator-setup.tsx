import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, messageOf } from '../api.ts';
import { TextField } from './field.tsx';
import { ErrorNote } from './notice.tsx';

/** The secret in groups of four, which is easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Setting up an authenticator app (TOTP): ask the server for a new secret, show it as text in
 * groups and as the otpauth address, then confirm with a first code.
 */
export function AuthenticatorSetup({ onDone }: { onDone(): void }) {
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try { setSecret(await api.beginMfa()); } catch (e) { setError(messageOf(e)); } finally { setBusy(false); }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try { await api.verifyCode(code); onDone(); } catch (err) { setError(messageOf(err)); setBusy(false); }
  };

  if (!secret) {
    return (
      <div className="stack">
        <p>You need an authenticator app on your phone or computer (for example one from your phone’s app store). It shows a new 6-digit code every 30 seconds.</p>
        <ErrorNote message={error} />
        <button type="button" className="button primary" onClick={() => void start()} disabled={busy}>Begin setting up</button>
      </div>
    );
  }
  return (
    <div className="stack">
      <ol className="steps">
        <li>
          <p>In your authenticator app, add an account by entering this key by hand (spaces do not matter):</p>
          <dl className="secret">
            <dt>Setup key</dt>
            <dd><code>{grouped(secret.secret)}</code></dd>
          </dl>
          <p className="hint">Or, if your app or password manager accepts a setup address, paste this:</p>
          <p className="uri"><code>{secret.uri}</code></p>
        </li>
        <li>
          <p>Then type the code the app shows for Accord.</p>
          <form onSubmit={(e) => void confirm(e)}>
            <ErrorNote message={error} />
            <TextField label="Code from the app" hint="6 digits; a new one appears every 30 seconds." inputMode="numeric" autoComplete="one-time-code"
              pattern="[0-9 ]*" maxLength={7} required value={code} onChange={(e) => setCode(e.target.value)} className="code-field" />
            <button type="submit" className="button primary" disabled={busy}>Confirm and finish</button>
          </form>
        </li>
      </ol>
    </div>
  );
}
