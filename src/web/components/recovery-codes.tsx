/**
 * Recovery codes, shown once: right after an authenticator is set up, or when new ones are made.
 * Each code signs in once when the phone is lost; Accord keeps only their hashes, so this is the
 * only time they can be read. The person confirms they have kept them before moving on.
 */
import { useState } from 'react';
import { Checkbox } from './field.tsx';

export function RecoveryCodes({ codes, onDone, doneLabel = 'Continue' }: { codes: string[]; onDone(): void; doneLabel?: string }) {
  const [kept, setKept] = useState(false);
  const text = codes.join('\n');
  return (
    <div className="stack recovery-codes" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Your recovery codes</h2>
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Keep them somewhere safe and apart from your phone —
        printed, or in a password manager. <strong>They are shown only now.</strong>
      </p>
      <ol className="codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => void navigator.clipboard?.writeText(text).catch(() => undefined)}>
          Copy codes
        </button>
        <button type="button" className="button secondary" onClick={() => window.print()}>
          Print codes
        </button>
      </div>
      <Checkbox label="I have kept these codes somewhere safe" checked={kept} onChange={(e) => setKept(e.target.checked)} />
      <button type="button" className="button primary" disabled={!kept} onClick={onDone}>
        {doneLabel}
      </button>
    </div>
  );
}
