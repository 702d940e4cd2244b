import { useState } from 'react';
import { api } from '../api.ts';
import { TextField } from './field.tsx';
import { ErrorNote } from './notice.tsx';
import { useSubmit } from '../use-submit.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

/** The secret in groups of four, which is easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Setting up an authenticator app (TOTP): ask the server for a new secret, show it as a QR code,
 * as text in groups and as the otpauth address, then confirm with a first code; the server then
 * answers with the recovery codes, shown this once.
 */
export function AuthenticatorSetup({ onDone }: { onDone(): void }) {
  const [secret, setSecret] = useState<{ secret: string; uri: string; qrSvg: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  // Two steps, never on screen together: asking for a secret, then confirming it with a code.
  const start = useSubmit();
  // After the code is confirmed the recovery codes are shown once; then the caller takes the form
  // away (perhaps after a session reload): it stays busy till then.
  const confirm = useSubmit(
    async () => {
      const r = await api.verifyCode(code);
      if (r.recoveryCodes?.length) setCodes(r.recoveryCodes);
      else onDone();
    },
    { keepBusy: true },
  );

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;

  if (!secret) {
    return (
      <div className="stack">
        <p>
          You need an authenticator app on your phone or computer (for example one from your phone’s app store). It shows a new 6-digit code every 30 seconds.
        </p>
        <ErrorNote message={start.error} />
        <button type="button" className="button primary" onClick={() => void start.run(async () => setSecret(await api.beginMfa()))} disabled={start.busy}>
          Begin setting up
        </button>
      </div>
    );
  }
  return (
    <div className="stack">
      <ol className="steps">
        <li>
          <div className="totp-pair">
            <figure className="qr">
              {/* Drawn by the server (an SVG of the setup address): the QR encoder stays out of this bundle. */}
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(secret.qrSvg)}`}
                width={180}
                height={180}
                alt="QR code of the setup address for your authenticator app"
              />
              <figcaption className="hint">Scan this with your authenticator app…</figcaption>
            </figure>
            <div>
              <p>…or add an account by entering this key by hand (spaces do not matter):</p>
              <dl className="secret">
                <dt>Setup key</dt>
                <dd>
                  <code>{grouped(secret.secret)}</code>
                </dd>
              </dl>
              <p className="hint">Or, if your app or password manager accepts a setup address, paste this:</p>
              <p className="uri">
                <code>{secret.uri}</code>
              </p>
            </div>
          </div>
        </li>
        <li>
          <p>Then type the code the app shows for Accord.</p>
          <form onSubmit={(e) => void confirm.submit(e)}>
            <ErrorNote message={confirm.error} />
            <TextField
              label="Code from the app"
              hint="6 digits; a new one appears every 30 seconds."
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              className="code-field"
            />
            <button type="submit" className="button primary" disabled={confirm.busy}>
              Confirm and finish
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
